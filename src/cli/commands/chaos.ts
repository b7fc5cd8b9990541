/** @module `ecs-reconciler chaos list|run|stop`: next runs and last outcomes, a run now under the guardrails, stopping runs. */
import type { Command } from 'commander'
import type { ActualExperiment } from '../../cloud/ports/index.js'
import { nextRuns } from '../../chaos/cron.js'
import { ChaosRunner, localTime, type ChaosEnvironment } from '../../chaos/runner.js'
import { slotLabel } from '../../chaos/slot-identity.js'
import type { ManifestSet } from '../../manifest/model.js'
import { systemClock } from '../../shared/clock.js'
import { ReconcilerError } from '../../shared/errors.js'
import { openCloud } from '../cloud-factory.js'
import { loadValidManifests } from '../load.js'
import { cloudOptions, clusterOption, outputOption, pathsArgument, type CloudFlags } from '../options.js'
import type { RegisterCommand } from './register.js'

interface ChaosFlags extends CloudFlags {
  output: string
  cluster: string
  ignoreGuardrails?: boolean
  yes?: boolean
}

const NEXT_RUNS = 3

function withCommonOptions(command: Command): Command {
  command.addArgument(pathsArgument()).addOption(outputOption()).addOption(clusterOption())
  for (const option of cloudOptions()) command.addOption(option)
  return command
}

/** The CLI is not the daemon: it knows no reconciler status and changes nothing itself. */
function environment(set: ManifestSet): ChaosEnvironment {
  return { set, reconcilerStatus: () => undefined, changeInFlight: () => false }
}

function requireSchedule(set: ManifestSet, name: string): void {
  if (set.byKind.ChaosSchedule.some((s) => s.metadata.name === name)) return
  const known = set.byKind.ChaosSchedule.map((s) => s.metadata.name)
  throw new ReconcilerError('INVALID_INPUT', `no ChaosSchedule named "${name}" in the manifests`, {
    hint:
      known.length > 0 ? `known schedules: ${known.join(', ')}` : 'the manifests declare no ChaosSchedule',
  })
}

async function withRunner<T>(
  flags: ChaosFlags,
  readOnly: boolean,
  use: (runner: ChaosRunner) => Promise<T>,
): Promise<T> {
  const opened = await openCloud({
    local: flags.local ?? false,
    localState: flags.localState,
    region: flags.region,
    profile: flags.profile,
    maxAttempts: flags.maxAttempts,
    readOnly,
  })
  try {
    return await use(
      new ChaosRunner({
        readers: opened.cloud.readers,
        writers: opened.cloud.writers,
        clock: systemClock,
        instance: flags.instance,
      }),
    )
  } finally {
    await opened.close()
  }
}

export const registerChaos: RegisterCommand = (program, setExit) => {
  const chaos = program
    .command('chaos')
    .description('chaos schedules: next runs and last outcomes, start one now, stop runs')
  registerChaosList(chaos, setExit)
  registerChaosRun(chaos, setExit)
  registerChaosStop(chaos, setExit)
}

type SetExit = (code: number) => void
type ChaosScheduleResource = ManifestSet['byKind']['ChaosSchedule'][number]

/** One line of `chaos list`, as its JSON output gives it. */
export interface ScheduleRow {
  readonly name: string
  readonly schedule: string
  readonly timezone: string
  readonly suspended: boolean
  readonly target: string
  readonly nextRuns: readonly { local: string; utc: string }[]
  readonly lastRun: {
    experimentId: string
    status: string
    reason?: string
    startTime?: string
  } | null
}

function registerChaosList(chaos: Command, setExit: SetExit): void {
  withCommonOptions(
    chaos
      .command('list')
      .description(
        `every ChaosSchedule: the next ${NEXT_RUNS} runs in its time zone, suspended or not, the last outcome from FIS`,
      ),
  ).action(async (paths: string[], flags: ChaosFlags) => {
    const manifests = await loadValidManifests(paths, flags.cluster)
    if (!manifests) return setExit(1)
    const rows = await withRunner(flags, true, async (runner) =>
      Promise.all(
        manifests.set.byKind.ChaosSchedule.map(async (s) => {
          const next = nextRuns(s.spec.schedule, s.spec.timezone ?? 'UTC', Date.now(), NEXT_RUNS)
          return scheduleRow(s, next, (await runner.experimentsOf(s.metadata.name)).at(-1))
        }),
      ),
    )
    if (flags.output === 'json') {
      process.stdout.write(`${JSON.stringify({ schedules: rows }, null, 2)}\n`)
      return setExit(0)
    }
    if (rows.length === 0) process.stdout.write('no ChaosSchedule in the manifests\n')
    for (const row of rows) process.stdout.write(scheduleRowText(row))
    setExit(0)
  })
}

/** A schedule with its next runs (epoch ms) and the last experiment FIS knows of it. */
function scheduleRow(
  s: ChaosScheduleResource,
  next: readonly number[],
  last: ActualExperiment | undefined,
): ScheduleRow {
  const zone = s.spec.timezone ?? 'UTC'
  return {
    name: s.metadata.name,
    schedule: s.spec.schedule,
    timezone: zone,
    suspended: s.spec.suspend === true,
    target: s.spec.target.service,
    nextRuns: next.map((t) => ({ local: localTime(t, zone), utc: new Date(t).toISOString() })),
    lastRun: last
      ? {
          experimentId: last.id,
          status: last.status,
          ...(last.reason ? { reason: last.reason } : {}),
          ...(last.startTime ? { startTime: last.startTime } : {}),
        }
      : null,
  }
}

/** `chaos list`'s text for one schedule: its head line, its next runs, its last run. */
export function scheduleRowText(row: ScheduleRow): string {
  const last = row.lastRun
  return [
    `${row.name}  (${row.schedule} ${row.timezone}, target ${row.target})${row.suspended ? '  SUSPENDED' : ''}\n`,
    ...row.nextRuns.map((run) => `  next: ${run.local}  (${run.utc})\n`),
    `  last: ${last ? `${last.status} (${last.experimentId}${last.startTime ? `, ${last.startTime}` : ''})${last.reason ? `: ${last.reason}` : ''}` : 'never run'}\n`,
  ].join('')
}

function registerChaosRun(chaos: Command, setExit: SetExit): void {
  withCommonOptions(
    chaos
      .command('run')
      .description('start a run of one schedule now, under the same guardrails as the daemon')
      .argument('<name>', 'the ChaosSchedule')
      .option('--ignore-guardrails', 'start even when a guardrail holds (needs --yes)')
      .option('--yes', 'confirm --ignore-guardrails'),
  ).action(async (name: string, paths: string[], flags: ChaosFlags) => {
    if (flags.ignoreGuardrails && !flags.yes) {
      throw new ReconcilerError(
        'INVALID_INPUT',
        '--ignore-guardrails starts an experiment that a guardrail would hold back',
        { hint: 'add --yes to confirm' },
      )
    }
    const manifests = await loadValidManifests(paths, flags.cluster)
    if (!manifests) return setExit(1)
    requireSchedule(manifests.set, name)
    const run = await withRunner(flags, false, (runner) =>
      runner.runNow(name, environment(manifests.set), { ignoreGuardrails: flags.ignoreGuardrails ?? false }),
    )
    if (flags.output === 'json') {
      process.stdout.write(
        `${JSON.stringify({ schedule: name, run: run ? { ...run, slot: slotLabel(run.slot), at: new Date(run.at).toISOString() } : null }, null, 2)}\n`,
      )
    } else if (run?.outcome === 'started') {
      process.stdout.write(`${name}: started experiment ${run.experimentId ?? ''}\n`)
    } else {
      process.stdout.write(
        `${name}: not started${run?.guardrail ? ` (${run.guardrail})` : ''}: ${run?.reason ?? 'a run for this second exists already'}\n`,
      )
    }
    setExit(run?.outcome === 'started' ? 0 : 1)
  })
}

function registerChaosStop(chaos: Command, setExit: SetExit): void {
  withCommonOptions(
    chaos
      .command('stop')
      .description("stop a schedule's running experiments")
      .argument('<name>', 'the ChaosSchedule'),
  ).action(async (name: string, paths: string[], flags: ChaosFlags) => {
    const manifests = await loadValidManifests(paths, flags.cluster)
    if (!manifests) return setExit(1)
    requireSchedule(manifests.set, name)
    const stopped = await withRunner(flags, false, (runner) => runner.stopRuns(name))
    if (flags.output === 'json') {
      process.stdout.write(`${JSON.stringify({ schedule: name, stopped }, null, 2)}\n`)
    } else {
      process.stdout.write(
        stopped.length > 0 ? `${name}: stopping ${stopped.join(', ')}\n` : `${name}: no running experiment\n`,
      )
    }
    setExit(0)
  })
}
