/**
 * @module `ecs-reconciler task run SERVICE [paths...] [-- COMMAND...]`: a one-off task from the service's
 * current task definition (or `--revision N` of its family) with its cluster, capacity and network
 * configuration. Exits with the container's exit code; errors of the tool itself exit 125, so they
 * are never mistaken for the container's own codes.
 */
import { Option, type Command } from 'commander'
import type { OneOffTask } from '../../cloud/ports/index.js'
import type { ServiceResource } from '../../manifest/model.js'
import { chosenContainer, exitCodeOf, runTaskInput } from '../../reconciler/one-off/run-spec.js'
import { waitForTaskStop } from '../../reconciler/one-off/wait.js'
import { ownershipTags } from '../../reconciler/ownership.js'
import { systemClock } from '../../shared/clock.js'
import { ReconcilerError, errorMessage } from '../../shared/errors.js'
import { openCloud, type OpenedCloud } from '../cloud-factory.js'
import { loadValidManifests } from '../load.js'
import { cloudOptions, clusterOption, outputOption, pathsArgument, type CloudFlags } from '../options.js'
import type { RegisterCommand } from './register.js'
import { findService, resolveLiveService, resolveRevision } from './task-target.js'

/** Exit code for errors of the tool itself, as `docker run` uses it. */
export const TOOL_ERROR_EXIT = 125

/** `startedBy` of the tasks `task run` starts (ListTasks finds them by it). */
export const TASK_RUN_STARTED_BY = 'ecs-reconciler-task-run'

interface TaskRunFlags extends Omit<CloudFlags, 'revision'> {
  output: string
  cluster: string
  container?: string
  env: string[]
  command?: string
  wait: boolean
  /** The task-definition revision to run (not a Git commit, as elsewhere). */
  revision?: number
  dryRun?: boolean
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

function parseRevisionNumber(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) {
    throw new ReconcilerError(
      'INVALID_INPUT',
      `--revision must be a revision number (1, 2, ...), got "${value}"`,
    )
  }
  return n
}

function environmentOf(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {}
  for (const pair of pairs) {
    const at = pair.indexOf('=')
    if (at <= 0) throw new ReconcilerError('INVALID_INPUT', `--env takes NAME=VALUE, got "${pair}"`)
    env[pair.slice(0, at)] = pair.slice(at + 1)
  }
  return env
}

/** The command: the words after `--`, or `--command` as a JSON array of strings. */
function commandOf(flags: TaskRunFlags, afterDashes: readonly string[]): string[] | undefined {
  if (flags.command !== undefined) {
    if (afterDashes.length > 0) {
      throw new ReconcilerError(
        'INVALID_INPUT',
        'give the command either after -- or with --command, not both',
      )
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(flags.command)
    } catch {
      parsed = undefined
    }
    if (!Array.isArray(parsed) || parsed.length === 0 || parsed.some((w) => typeof w !== 'string')) {
      throw new ReconcilerError('INVALID_INPUT', '--command must be a JSON array of strings', {
        hint: `for example --command '["./migrate", "--up"]'`,
      })
    }
    return parsed as string[]
  }
  return afterDashes.length > 0 ? [...afterDashes] : undefined
}

/** The words after a literal `--` on the command line (commander adds them to the paths too). */
function wordsAfterDashes(command: Command): string[] {
  let root: Command = command
  while (root.parent) root = root.parent
  const raw = (root as unknown as { rawArgs?: string[] }).rawArgs ?? []
  const at = raw.indexOf('--')
  return at >= 0 ? raw.slice(at + 1) : []
}

function statusLine(task: OneOffTask): string {
  const id = task.arn.split('/').pop() ?? task.arn
  if (task.lastStatus !== 'STOPPED') return `task ${id}: ${task.lastStatus}\n`
  return `task ${id}: STOPPED${task.stopCode ? ` (${task.stopCode})` : ''}${task.stoppedReason ? `: ${task.stoppedReason}` : ''}\n`
}

interface Prepared {
  readonly service: ServiceResource
  readonly afterDashes: string[]
}

async function prepare(
  paths: string[],
  flags: TaskRunFlags,
  command: Command,
  serviceName: string,
): Promise<Prepared | undefined> {
  const afterDashes = wordsAfterDashes(command)
  const ownPaths = paths.slice(0, paths.length - afterDashes.length)
  const manifests = await loadValidManifests(ownPaths, flags.cluster)
  if (!manifests) return undefined
  const services = manifests.set.byKind.Service
  const explicit = command.getOptionValueSource('cluster') === 'cli'
  return { service: findService(services, serviceName, flags.cluster, explicit), afterDashes }
}

async function runOne(opened: OpenedCloud, prepared: Prepared, flags: TaskRunFlags): Promise<number> {
  const { cloud } = opened
  const { service: resource } = prepared
  const live = await resolveLiveService(cloud.readers.ecs, resource, flags.instance)
  const taskDefinition = await resolveRevision(cloud.readers.ecs, live.taskDefinition, flags.revision)
  const container = chosenContainer(taskDefinition, flags.container)
  const input = runTaskInput({
    service: live,
    cluster: resource.cluster,
    taskDefinition,
    container,
    command: commandOf(flags, prepared.afterDashes),
    environment: environmentOf(flags.env),
    startedBy: TASK_RUN_STARTED_BY,
    tags: ownershipTags({ instance: flags.instance }, resource.id),
  })
  if (flags.dryRun || !cloud.writers) {
    const shown = { ...input, ...(input.environment ? { environment: '(sensitive)' } : {}) }
    process.stdout.write(`${JSON.stringify({ dryRun: true, runTask: shown }, null, 2)}\n`)
    return 0
  }
  const started = await cloud.writers.tasks.runTask(input)
  if (!flags.wait) {
    process.stdout.write(
      flags.output === 'json' ? `${JSON.stringify({ taskArn: started.arn })}\n` : `${started.arn}\n`,
    )
    return 0
  }
  const stopped = await waitForTaskStop(
    {
      reader: cloud.readers.tasks,
      clock: systemClock,
      cluster: resource.cluster,
      pollMs: opened.pollMs,
      timeoutMs: Infinity,
      onStatus: (t) => process.stderr.write(statusLine(t)),
    },
    started,
  )
  return report(stopped, container, flags.output)
}

function report(task: OneOffTask, container: string, output: string): number {
  const exitCode = exitCodeOf(task, container)
  if (output === 'json') {
    const { tags: _tags, ...shown } = task
    process.stdout.write(`${JSON.stringify({ ...shown, container, exitCode: exitCode ?? null }, null, 2)}\n`)
  } else {
    process.stdout.write(
      exitCode !== undefined
        ? `container ${container} exited with ${exitCode}\n`
        : `container ${container} has no exit code: ${task.stoppedReason ?? 'the task stopped before it ran'}\n`,
    )
  }
  // A container that never exited on its own (stopped by someone, never started) is a failed run.
  return exitCode ?? 1
}

export const registerTask: RegisterCommand = (program, setExit) => {
  const task = program.command('task').description("one-off tasks from a service's task definition")
  const run = task
    .command('run')
    .description(
      "run a one-off task from a service's current task definition; exits with the container's exit code (125: the tool failed)",
    )
    .argument('<service>', 'the Service (its name in the manifests)')
    .addArgument(pathsArgument())
    .addOption(outputOption())
    .addOption(clusterOption())
    .option(
      '--container <name>',
      'the container whose command, environment and exit code count (default: the first essential one)',
    )
    .option('--env <NAME=VALUE>', 'an environment variable for the container (repeatable)', collect, [])
    .option('--command <json>', 'the command as a JSON array (or give it after --)')
    .option('--no-wait', 'print the task ARN once started, do not wait for it to stop')
    .addOption(
      new Option('--revision <n>', "run revision N of the service's task-definition family").argParser(
        parseRevisionNumber,
      ),
    )
    .option('--dry-run', 'print the RunTask request, start nothing (read-only)')
  // The shared cloud options, but their --revision (a Git commit) means the task-definition revision here.
  for (const option of cloudOptions().filter((o) => o.long !== '--revision')) run.addOption(option)
  run.action(async (serviceName: string, paths: string[], flags: TaskRunFlags, command: Command) => {
    setExit(await taskRun(serviceName, paths, flags, command))
  })
}

async function taskRun(
  serviceName: string,
  paths: string[],
  flags: TaskRunFlags,
  command: Command,
): Promise<number> {
  let opened: OpenedCloud | undefined
  try {
    const prepared = await prepare(paths, flags, command, serviceName)
    if (!prepared) return TOOL_ERROR_EXIT
    opened = await openCloud({
      local: flags.local ?? false,
      localState: flags.localState,
      consistencyLagMs: flags.consistencyLag,
      region: flags.region,
      profile: flags.profile,
      maxAttempts: flags.maxAttempts,
      readOnly: flags.dryRun ?? false,
    })
    return await runOne(opened, prepared, flags)
  } catch (err) {
    const hint = err instanceof ReconcilerError && err.hint ? `hint: ${err.hint}\n` : ''
    process.stderr.write(`error: ${errorMessage(err)}\n${hint}`)
    return TOOL_ERROR_EXIT
  } finally {
    await opened?.close()
  }
}
