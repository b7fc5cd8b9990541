/** @module `ecs-reconciler apply`: plan, then execute wave by wave, waiting for steady state. */
import { Option } from 'commander'
import { executePlan } from '../../reconciler/execute/executor.js'
import { verifyGate } from '../../verify/gate.js'
import { planPass } from '../../reconciler/pass.js'
import { clusterFreezes } from '../../chaos/freeze.js'
import { planFreezes } from '../render/freeze.js'
import { ReconcilerError } from '../../shared/errors.js'
import { countChanges, unknownActions } from '../../reconciler/plan/types.js'
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
  command.action(async (paths: string[], flags: ApplyFlags & { autoApprove?: boolean }) => {
    let saved: SavedPlan | undefined
    try {
      saved = paths.length === 1 && paths[0] ? await readPlanFile(paths[0]) : undefined
    } catch (err) {
      if (!(err instanceof PlanFileError)) throw err
      process.stderr.write(`error: ${err.message}\n`)
      return setExit(1)
    }
    // A saved plan is re-planned from the manifests and options it was made with.
    const readOnly = flags.dryRun ?? false
    const cloud = new LazyCloud(cloudOptionsOf(flags, readOnly))
    const manifests = await loadValidManifests(
      saved ? saved.paths : paths,
      saved ? saved.cluster : flags.cluster,
      { lookups: cloud.lookups },
    )
    if (!manifests) return cloud.close().then(() => setExit(1))
    const opened = await cloud.open()
    const json = flags.output === 'json'
    const colour = !json && colourEnabled(process.stdout)
    const interrupt = new AbortController()
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
    try {
      const options = saved?.options ?? {
        instance: flags.instance,
        revision: flags.revision,
        prune: flags.prune ?? false,
        adopt: flags.adopt ?? false,
        maxDeletes: flags.maxDeletes,
        keepRevisions: flags.keepRevisions,
        force: flags.force ?? false,
        manifestsFailed: false,
        allowEmpty: flags.allowEmpty ?? false,
      }
      const { plan: fresh, actual } = await planPass(
        manifests.set,
        manifests.graph,
        opened.cloud.readers,
        options,
      )
      if (saved) {
        const stale = staleReason(saved, {
          set: manifests.set,
          plan: fresh,
          region: opened.cloud.region,
          lookups: manifests.lookups?.sources ?? [],
        })
        if (stale) {
          process.stderr.write(
            `error: stale plan ${paths[0] ?? ''}: ${stale}; nothing was applied. Run \`ecs-reconciler plan --out ${paths[0] ?? 'FILE'}\` again and review it.\n`,
          )
          return setExit(1)
        }
      }
      // Applying a saved plan runs exactly what was reviewed (re-planning above proved it still holds).
      const plan = saved?.plan ?? fresh
      const freeze = planFreezes(plan, clusterFreezes(manifests.set, Date.now()))
      const holding = freeze.filter((f) => f.changes.length > 0)
      if (holding.length > 0 && !flags.ignoreFreeze && !readOnly) {
        const frozenChanges = holding.flatMap((f) => f.changes)
        throw new ReconcilerError(
          'INVALID_INPUT',
          `refusing to apply: ${holding.map((f) => `cluster ${f.cluster} is frozen (${f.reason})`).join('; ')}; ${frozenChanges.length} change${frozenChanges.length === 1 ? '' : 's'} would touch it: ${frozenChanges.map((a) => a.id).join(', ')}`,
          {
            hint: 'wait for the window to end, or pass --ignore-freeze to apply anyway',
          },
        )
      }
      const region = opened.cloud.region
      const breakdown = planCost(plan, region, actual)
      const cost = [costLine(breakdown, region), ...(flags.cost ? costDetailLines(breakdown) : [])].join('\n')
      if (!json) process.stdout.write(`${renderPlanText(plan, { colour, costLine: cost, region, freeze })}\n`)
      const writers = opened.cloud.writers
      if (readOnly || !writers) {
        if (json) {
          process.stdout.write(
            `${JSON.stringify({ dryRun: true, changes: countChanges(plan), results: [] }, null, 2)}\n`,
          )
        } else process.stdout.write('dry run: nothing was changed\n')
        setExit(unknownActions(plan).length > 0 ? 1 : 0)
        return
      }
      const ask = needsConfirmation({
        stdinTTY: Boolean(process.stdin.isTTY),
        stdoutTTY: Boolean(process.stdout.isTTY),
        json,
        savedPlan: saved !== undefined,
        approved: Boolean(flags.yes || flags.autoApprove),
        changes: countChanges(plan),
      })
      if (ask) {
        const approved = await confirm('\nDo you want to apply these changes? Only "yes" will be accepted: ')
        if (!approved) {
          process.stdout.write('Apply cancelled: nothing was changed.\n')
          return setExit(1)
        }
      }
      const progress = new ProgressView(process.stdout, {
        tty: Boolean(process.stdout.isTTY),
        colour,
        rows: process.stdout.rows,
      })
      const results = await executePlan(plan, {
        readers: opened.cloud.readers,
        writers,
        clock: systemClock,
        signal: interrupt.signal,
        wait: flags.wait,
        timeoutMs: flags.timeout,
        pollMs: flags.pollInterval ?? opened.pollMs,
        concurrency: Math.max(1, flags.concurrency),
        allowReplace: flags.allowReplace ?? false,
        onEvent: (event) => {
          if (!json) progress.handle(event)
        },
        ...(flags.verify
          ? { verify: verifyGate(manifests.set, opened.cloud.account, { region: opened.cloud.region }) }
          : {}),
      })
      if (json) process.stdout.write(`${JSON.stringify(resultsToJson(results), null, 2)}\n`)
      else process.stdout.write(`${applySummary(results)}\n`)
      if (flags.stats) process.stderr.write(`${renderStats(opened.cloud.stats)}\n`)
      // A prune held back by a fence did not do what was asked: say so in the exit code too.
      const pruneBlocked = plan.prune.requested && plan.prune.blocked.length > 0
      if (pruneBlocked && !json) process.stdout.write(`prune blocked: ${plan.prune.blockedReason ?? ''}\n`)
      setExit(
        results.some((r) => r.status !== 'succeeded') || interrupt.signal.aborted || pruneBlocked ? 1 : 0,
      )
    } finally {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      await opened.close()
    }
  })
}
