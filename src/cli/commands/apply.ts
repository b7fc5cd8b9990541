/** @module `ecs-reconciler apply`: plan, then execute wave by wave, waiting for steady state. */
import { setMaxListeners } from 'node:events'
import { Option, type Command } from 'commander'
import { applyPlan } from '../../reconciler/apply-plan.js'
import { planPass } from '../../reconciler/pass.js'
import { clusterFreezes } from '../../chaos/freeze.js'
import { planFreezes } from '../render/freeze.js'
import { ReconcilerError } from '../../shared/errors.js'
import { applyExitCode, freezeRefusal, pruneBlocked } from '../apply-decisions.js'
import { planOptionsOf } from '../plan-options.js'
import { countChanges, unknownActions, type Plan } from '../../reconciler/plan/types.js'
import { systemClock } from '../../shared/clock.js'
import { cloudOptionsOf, LazyCloud } from '../lazy-cloud.js'
import { confirm, needsConfirmation } from '../confirm.js'
import { loadValidManifests } from '../load.js'
import { PlanFileError, readPlanFile, staleReason, type SavedPlan } from '../plan-file.js'
import {
  cloudOptions,
  clusterOption,
  outputOption,
  parseCount,
  parseDurationOption,
  pathsArgument,
  type CloudFlags,
} from '../options.js'
import type { RegisterCommand } from './register.js'
import { applySummary, resultsToJson } from '../render/apply.js'
import { colourEnabled } from '../render/colour.js'
import { costDetailLines, costLine, planCost } from '../render/cost.js'
import { ProgressView } from '../render/progress.js'
import { renderPlanText } from '../render/plan.js'
import { renderStats } from '../render/stats.js'

interface ApplyFlags extends CloudFlags {
  output: string
  cluster: string
  timeout: number
  wait: boolean
  prune?: boolean
  maxDeletes: number
  keepRevisions: number
  force?: boolean
  allowEmpty?: boolean
  allowReplace?: boolean
  ignoreFreeze?: boolean
  adopt?: boolean
  dryRun?: boolean
  concurrency: number
  pollInterval?: number
  yes?: boolean
  cost?: boolean
  verify: boolean
}

export const registerApply: RegisterCommand = (program, setExit) => {
  const command = defineApplyCommand(program)
  command.action(async (paths: string[], flags: ApplyFlags & { autoApprove?: boolean }) => {
    setExit(await runApply(paths, flags))
  })
}

function defineApplyCommand(program: Command): Command {
  const command = program
    .command('apply')
    .description(
      'plan, then execute in dependency waves, waiting for steady state (exit 0 all succeeded, 1 otherwise)',
    )
    .addArgument(pathsArgument())
    .addOption(outputOption())
    .addOption(clusterOption())
    .addOption(
      new Option('--timeout <duration>', 'steady-state deadline per wave')
        .argParser(parseDurationOption('--timeout'))
        .default(15 * 60_000, '15m'),
    )
    .option('--no-wait', 'return once every call is accepted (waves are then not gated)')
    .option('--prune', 'delete managed resources that left the manifests')
    .option(
      '--max-deletes <n>',
      'refuse to prune more than this many resources in one run',
      parseCount('--max-deletes'),
      5,
    )
    .option('--force', 'allow more deletes than --max-deletes')
    .option('--allow-empty', 'allow pruning when the manifests declare no resources at all')
    .option(
      '--keep-revisions <n>',
      'task-definition revisions of ours kept per family; older ones no deployment uses are deregistered',
      parseCount('--keep-revisions'),
      10,
    )
    .option('--allow-replace', 'allow delete-and-recreate for changes ECS cannot make in place')
    .option('--adopt', 'take over existing unmanaged resources of the same name')
    .option(
      '--ignore-freeze',
      'change clusters inside one of their freeze windows (Cluster spec.freezeWindows)',
    )
    .option('--dry-run', 'plan with read-only clients and print what would be done')
    .option('--concurrency <n>', 'actions in flight at once within a wave', parseCount('--concurrency'), 8)
    .option(
      '--poll-interval <duration>',
      'steady-state polling interval',
      parseDurationOption('--poll-interval'),
    )
    .option('-y, --yes', 'do not ask for confirmation on a terminal')
    .option('--auto-approve', 'the same as --yes')
    .option('--cost', 'show the monthly cost per service (before → after)')
    .option(
      '--no-verify',
      'do not check the account (roles, images, secrets, ...) before deploying a service; by default a service with a failed check is held as blocked',
    )
  for (const option of cloudOptions()) command.addOption(option)
  return command
}

/** `apply PATHS` or `apply FILE` (a saved plan): load, plan, check, confirm, execute; the exit code. */
async function runApply(paths: string[], flags: ApplyFlags & { autoApprove?: boolean }): Promise<number> {
  const saved = await savedPlanOf(paths)
  if (saved === 'unreadable') return 1
  // A saved plan is re-planned from the manifests and options it was made with.
  const readOnly = flags.dryRun ?? false
  const cloud = new LazyCloud(cloudOptionsOf(flags, readOnly))
  const manifests = await loadValidManifests(
    saved ? saved.paths : paths,
    saved ? saved.cluster : flags.cluster,
    { lookups: cloud.lookups },
  )
  if (!manifests) return cloud.close().then(() => 1)
  const opened = await cloud.open()
  const interrupt = interruptOnSignals()
  try {
    const run: ApplyRun = { paths, flags, saved, manifests, opened, signal: interrupt.signal, readOnly }
    return await applyOpened(run)
  } finally {
    interrupt.dispose()
    await opened.close()
  }
}

type Loaded = NonNullable<Awaited<ReturnType<typeof loadValidManifests>>>
type Opened = Awaited<ReturnType<LazyCloud['open']>>

interface ApplyRun {
  readonly paths: readonly string[]
  readonly flags: ApplyFlags & { autoApprove?: boolean }
  readonly saved: SavedPlan | undefined
  readonly manifests: Loaded
  readonly opened: Opened
  readonly signal: AbortSignal
  readonly readOnly: boolean
}

/** The saved plan a single path holds, undefined when it is a manifest path, 'unreadable' after saying why. */
async function savedPlanOf(paths: readonly string[]): Promise<SavedPlan | undefined | 'unreadable'> {
  try {
    return paths.length === 1 && paths[0] ? await readPlanFile(paths[0]) : undefined
  } catch (err) {
    if (!(err instanceof PlanFileError)) throw err
    process.stderr.write(`error: ${err.message}\n`)
    return 'unreadable'
  }
}

/** The first SIGINT/SIGTERM aborts (calls in flight finish, nothing new starts); a second exits. */
function interruptOnSignals(): { signal: AbortSignal; dispose: () => void } {
  const interrupt = new AbortController()
  // Every service waiting for steady state sleeps on this signal at once: hundreds of listeners is normal.
  setMaxListeners(0, interrupt.signal)
  let signals = 0
  const onSignal = (): void => {
    signals += 1
    if (signals > 1) process.exit(130)
    process.stderr.write(
      'interrupted: finishing the calls in flight, starting nothing new (press again to exit now)\n',
    )
    interrupt.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    signal: interrupt.signal,
    dispose: () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    },
  }
}

async function applyOpened(run: ApplyRun): Promise<number> {
  const { flags, opened, readOnly } = run
  const json = flags.output === 'json'
  const planned = await planToApply(run)
  if (!planned) return 1
  const { plan, actual } = planned
  const freeze = planFreezes(plan, clusterFreezes(run.manifests.set, Date.now()))
  const refusal = freezeRefusal(freeze, { ignoreFreeze: flags.ignoreFreeze ?? false, dryRun: readOnly })
  if (refusal) {
    throw new ReconcilerError('INVALID_INPUT', refusal, {
      hint: 'wait for the window to end, or pass --ignore-freeze to apply anyway',
    })
  }
  const region = opened.cloud.region
  const breakdown = planCost(plan, region, actual)
  const cost = [costLine(breakdown, region), ...(flags.cost ? costDetailLines(breakdown) : [])].join('\n')
  const colour = !json && colourEnabled(process.stdout)
  if (!json) process.stdout.write(`${renderPlanText(plan, { colour, costLine: cost, region, freeze })}\n`)
  const writers = opened.cloud.writers
  if (readOnly || !writers) return dryRunReport(plan, json)
  if (!(await approved(run, plan))) {
    process.stdout.write('Apply cancelled: nothing was changed.\n')
    return 1
  }
  return executeAndReport(run, plan, writers, colour)
}

/** The plan to run: a fresh one, or the saved one when re-planning shows it still holds; undefined after saying why not. */
async function planToApply(
  run: ApplyRun,
): Promise<{ plan: Plan; actual: Awaited<ReturnType<typeof planPass>>['actual'] } | undefined> {
  const { flags, saved, manifests, opened } = run
  const options = saved?.options ?? planOptionsOf(flags, false)
  const { plan: fresh, actual } = await planPass(
    manifests.set,
    manifests.graph,
    opened.cloud.readers,
    options,
  )
  if (!saved) return { plan: fresh, actual }
  const stale = staleReason(saved, {
    set: manifests.set,
    plan: fresh,
    region: opened.cloud.region,
    lookups: manifests.lookups?.sources ?? [],
  })
  if (stale) {
    const file = run.paths[0] ?? 'FILE'
    process.stderr.write(
      `error: stale plan ${run.paths[0] ?? ''}: ${stale}; nothing was applied. Run \`ecs-reconciler plan --out ${file}\` again and review it.\n`,
    )
    return undefined
  }
  // Applying a saved plan runs exactly what was reviewed (re-planning above proved it still holds).
  return { plan: saved.plan, actual }
}

function dryRunReport(plan: Plan, json: boolean): number {
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ dryRun: true, changes: countChanges(plan), results: [] }, null, 2)}\n`,
    )
  } else process.stdout.write('dry run: nothing was changed\n')
  return unknownActions(plan).length > 0 ? 1 : 0
}

/** On a terminal, a plan with changes is applied only after the user types "yes" (unless --yes or a saved plan). */
async function approved(run: ApplyRun, plan: Plan): Promise<boolean> {
  const ask = needsConfirmation({
    stdinTTY: Boolean(process.stdin.isTTY),
    stdoutTTY: Boolean(process.stdout.isTTY),
    json: run.flags.output === 'json',
    savedPlan: run.saved !== undefined,
    approved: Boolean(run.flags.yes || run.flags.autoApprove),
    changes: countChanges(plan),
  })
  return !ask || confirm('\nDo you want to apply these changes? Only "yes" will be accepted: ')
}

async function executeAndReport(
  run: ApplyRun,
  plan: Plan,
  writers: NonNullable<Opened['cloud']['writers']>,
  colour: boolean,
): Promise<number> {
  const { flags, opened, manifests } = run
  const json = flags.output === 'json'
  const progress = new ProgressView(process.stdout, {
    tty: Boolean(process.stdout.isTTY),
    colour,
    rows: process.stdout.rows,
  })
  const results = await applyPlan(
    plan,
    manifests.set,
    { readers: opened.cloud.readers, writers, account: opened.cloud.account, region: opened.cloud.region },
    {
      wait: flags.wait,
      timeoutMs: flags.timeout,
      pollMs: flags.pollInterval ?? opened.pollMs,
      concurrency: flags.concurrency,
      allowReplace: flags.allowReplace ?? false,
      verify: flags.verify,
    },
    {
      clock: systemClock,
      signal: run.signal,
      onEvent: (event) => {
        if (!json) progress.handle(event)
      },
    },
  )
  if (json) process.stdout.write(`${JSON.stringify(resultsToJson(results), null, 2)}\n`)
  else process.stdout.write(`${applySummary(results)}\n`)
  if (flags.stats) process.stderr.write(`${renderStats(opened.cloud.stats)}\n`)
  const blocked = pruneBlocked(plan)
  if (blocked && !json) process.stdout.write(`prune blocked: ${plan.prune.blockedReason ?? ''}\n`)
  return applyExitCode(results, { interrupted: run.signal.aborted, pruneBlocked: blocked })
}
