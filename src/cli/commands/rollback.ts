/**
 * @module `ecs-reconciler rollback SERVICE [paths...] [--to-revision N]` and `resume SERVICE [paths...]`:
 * back to the newest ACTIVE completed revision other than the current one (or revision N), held there
 * until `resume` or a change to the service's manifest (docs/operations.md).
 */
import { Option, type Command } from 'commander'
import { parseHold } from '../../reconciler/kinds/service/hold.js'
import { TAG_HOLD } from '../../reconciler/ownership.js'
import { previousCompleted, resumeService, rollBack } from '../../reconciler/one-off/rollback.js'
import { systemClock } from '../../shared/clock.js'
import { ReconcilerError } from '../../shared/errors.js'
import { openCloud, type OpenedCloud } from '../cloud-factory.js'
import { loadValidManifests } from '../load.js'
import {
  cloudOptions,
  clusterOption,
  outputOption,
  parseDurationOption,
  pathsArgument,
  type CloudFlags,
} from '../options.js'
import type { RegisterCommand } from './register.js'
import { findService, resolveLiveService, resolveRevision } from './task-target.js'
import type { ServiceResource } from '../../manifest/model.js'

interface HoldFlags extends CloudFlags {
  output: string
  cluster: string
  toRevision?: number
  timeout: number
}

const DEFAULT_TIMEOUT_MS = 15 * 60_000

function parseRevisionNumber(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) {
    throw new ReconcilerError('INVALID_INPUT', `--to-revision must be a revision number, got "${value}"`)
  }
  return n
}

function withCommon(command: Command): Command {
  command.argument('<service>', 'the Service (its name in the manifests)').addArgument(pathsArgument())
  command.addOption(outputOption()).addOption(clusterOption())
  for (const option of cloudOptions()) command.addOption(option)
  return command
}

async function target(
  paths: string[],
  name: string,
  flags: HoldFlags,
  command: Command,
): Promise<ServiceResource | undefined> {
  const manifests = await loadValidManifests(paths, flags.cluster)
  if (!manifests) return undefined
  const services = manifests.set.byKind.Service
  return findService(services, name, flags.cluster, command.getOptionValueSource('cluster') === 'cli')
}

async function withCloud<T>(flags: HoldFlags, use: (opened: OpenedCloud) => Promise<T>): Promise<T> {
  const opened = await openCloud({
    local: flags.local ?? false,
    localState: flags.localState,
    consistencyLagMs: flags.consistencyLag,
    region: flags.region,
    profile: flags.profile,
    maxAttempts: flags.maxAttempts,
    readOnly: false,
  })
  try {
    return await use(opened)
  } finally {
    await opened.close()
  }
}

async function rollbackAction(
  name: string,
  paths: string[],
  flags: HoldFlags,
  command: Command,
): Promise<number> {
  const resource = await target(paths, name, flags, command)
  if (!resource) return 1
  return withCloud(flags, async ({ cloud, pollMs }) => {
    const live = await resolveLiveService(cloud.readers.ecs, resource, flags.instance)
    const to =
      flags.toRevision !== undefined
        ? await resolveRevision(cloud.readers.ecs, live.taskDefinition, flags.toRevision)
        : await previousCompleted(cloud.readers, live.taskDefinition)
    const label = `${to.family}:${to.revision}`
    process.stderr.write(`${resource.name}: holding and rolling back to ${label}\n`)
    const run = {
      readers: cloud.readers,
      writers: cloud.writers!,
      identity: cloud.identity,
      clock: systemClock,
    }
    try {
      const { hold } = await rollBack({ ...run, pollMs, timeoutMs: flags.timeout }, resource, live, to)
      const out = {
        service: resource.name,
        cluster: resource.cluster,
        taskDefinition: label,
        status: 'rolled-back',
        hold,
      }
      process.stdout.write(
        flags.output === 'json'
          ? `${JSON.stringify(out, null, 2)}\n`
          : `${resource.name}: running ${label}, held by ${hold.by} since ${hold.since}; lift it with \`ecs-reconciler resume ${resource.name}\`\n`,
      )
      return 0
    } catch (err) {
      if (!(err instanceof ReconcilerError)) throw err
      // The hold stays: nothing redeploys the service while someone looks at why the rollback failed.
      process.stderr.write(
        `error: ${err.message}\n${resource.name} stays held; \`ecs-reconciler resume ${resource.name}\` lifts it\n`,
      )
      return 1
    }
  })
}

async function resumeAction(
  name: string,
  paths: string[],
  flags: HoldFlags,
  command: Command,
): Promise<number> {
  const resource = await target(paths, name, flags, command)
  if (!resource) return 1
  return withCloud(flags, async ({ cloud }) => {
    const live = await resolveLiveService(cloud.readers.ecs, resource, flags.instance)
    const hold = parseHold(live.tags[TAG_HOLD])
    const lifted = await resumeService(cloud.writers!, live)
    const out = {
      service: resource.name,
      cluster: resource.cluster,
      resumed: lifted.hold,
      failedHookCleared: lifted.failedHook,
      ...(hold ? { hold } : {}),
    }
    const lines = [
      lifted.hold
        ? `${resource.name}: hold lifted; the next apply or daemon pass applies its manifest again`
        : `${resource.name}: not held`,
      ...(lifted.failedHook
        ? [`${resource.name}: failed pre-deploy hook cleared; the next rollout runs it again`]
        : []),
    ]
    process.stdout.write(
      flags.output === 'json' ? `${JSON.stringify(out, null, 2)}\n` : `${lines.join('\n')}\n`,
    )
    return 0
  })
}

export const registerRollback: RegisterCommand = (program, setExit) => {
  withCommon(
    program
      .command('rollback')
      .description('put a service back on an earlier completed revision and hold it there until `resume`'),
  )
    .addOption(
      new Option('--to-revision <n>', 'revision N of its task-definition family').argParser(
        parseRevisionNumber,
      ),
    )
    .addOption(
      new Option('--timeout <duration>', 'how long to wait for the rollback to be steady')
        .argParser(parseDurationOption('--timeout'))
        .default(DEFAULT_TIMEOUT_MS, '15m'),
    )
    .action(async (name: string, paths: string[], flags: HoldFlags, command: Command) => {
      setExit(await rollbackAction(name, paths, flags, command))
    })
  withCommon(program.command('resume').description('lift the hold a rollback placed on a service')).action(
    async (name: string, paths: string[], flags: HoldFlags, command: Command) => {
      setExit(await resumeAction(name, paths, flags, command))
    },
  )
}
