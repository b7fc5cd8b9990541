/**
 * @module An environment folder decides the ownership instance and the region: before `plan`,
 * `apply`, `verify` or `run` acts on one, their flags take both from its `Environment` document,
 * and a flag (or ECS_RECONCILER_INSTANCE) that disagrees is an error, so staging and production
 * never reconcile with each other's ownership tag.
 */
import type { Command } from 'commander'
import { readEnvironmentInfo, type EnvironmentInfo } from '../manifest/environment/load-environment.js'
import { ReconcilerError } from '../shared/errors.js'
import { pathsOrDefault, type CloudFlags } from './options.js'

const ENVIRONMENT_COMMANDS = new Set(['plan', 'apply', 'verify', 'run'])

/** Commander's preAction hook: adopts the environment the command's paths load, if any. */
export async function adoptEnvironmentFlags(_program: Command, action: Command): Promise<void> {
  if (!ENVIRONMENT_COMMANDS.has(action.name())) return
  // The same object the action is given as its flags.
  const flags = action.opts<CloudFlags & { gitUrl?: string }>()
  // A Git source is checked out later: each pass checks its instance (daemon/environment-instance.ts).
  if (flags.gitUrl) return
  const environment = await readEnvironmentInfo(pathsOrDefault(action.args))
  if (!environment) return
  const problem = adoptEnvironment(environment, flags, (o) => givenByUser(action, o))
  if (problem) throw new ReconcilerError('INVALID_INPUT', problem.message, { hint: problem.hint })
}

/** Was the option given by the user (flag or environment variable), not left at its default? */
function givenByUser(command: Command, option: 'instance' | 'region'): boolean {
  if (option === 'instance' && process.env['ECS_RECONCILER_INSTANCE'] !== undefined) return true
  const source = command.getOptionValueSource(option)
  return source !== undefined && source !== 'default'
}

/**
 * Sets `flags.instance` and `flags.region` from the environment; returns the problem when a flag
 * given by the user disagrees with it, else undefined.
 */
export function adoptEnvironment(
  environment: EnvironmentInfo,
  flags: CloudFlags,
  given: (option: 'instance' | 'region') => boolean,
): { message: string; hint: string } | undefined {
  const of = `of Environment ${environment.name} (${environment.position.file}:${environment.position.line})`
  if (given('instance') && flags.instance !== environment.instance) {
    return {
      message: `--instance ${flags.instance} disagrees with spec.instance ${environment.instance} ${of}`,
      hint: 'drop --instance (and ECS_RECONCILER_INSTANCE): an environment decides its own instance',
    }
  }
  if (environment.region && given('region') && flags.region !== environment.region) {
    return {
      message: `--region ${flags.region ?? ''} disagrees with spec.region ${environment.region} ${of}`,
      hint: 'drop --region: an environment that names its region decides it',
    }
  }
  flags.instance = environment.instance
  if (environment.region) flags.region = environment.region
  return undefined
}
