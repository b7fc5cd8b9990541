/** @module `ecs-reconciler plan`: read live state and print the plan; never mutates (read-only clients). */
import { resolve } from 'node:path'
import type { Command } from 'commander'
import type { ActualState } from '../../reconciler/actual.js'
import { countChanges, unknownActions, type Plan } from '../../reconciler/plan/types.js'
import type { PlanOptions } from '../../reconciler/plan/build-plan.js'
import { planOptionsOf } from '../plan-options.js'
import type { ValidationResult } from '../../manifest/validate.js'
import { planPass } from '../../reconciler/pass.js'
import { cloudOptionsOf, LazyCloud } from '../lazy-cloud.js'
import { loadValidManifests } from '../load.js'
import {
  cloudOptions,
  clusterOption,
  outputOption,
  parseCount,
  pathsArgument,
  pathsOrDefault,
  type CloudFlags,
} from '../options.js'
import type { RegisterCommand } from './register.js'
import { colourEnabled } from '../render/colour.js'
import { applyCommandFor } from '../apply-hint.js'
import { savedPlan, writePlanFile } from '../plan-file.js'
import { costDetailLines, costLine, costToJson, planCost } from '../render/cost.js'
import { planToJson, renderPlanMarkdown, renderPlanText } from '../render/plan.js'
import { lookupsToJson, renderLookupsText } from '../render/lookups.js'
import { renderStats } from '../render/stats.js'
import { clusterFreezes } from '../../chaos/freeze.js'
import { planFreezes } from '../render/freeze.js'
import { chaosNextRuns } from '../render/chaos.js'
import { renderVerifyMarkdown, renderVerifyText, verifyToJson } from '../render/verify.js'
import { failedChecks, verifyResources } from '../../verify/verify.js'
import type { VerifyCheck } from '../../verify/types.js'

interface PlanFlags extends CloudFlags {
  output: string
  cluster: string
  detailedExitcode?: boolean
  prune?: boolean
  adopt?: boolean
  verbose?: boolean
  maxDeletes: number
  keepRevisions: number
  force?: boolean
  allowEmpty?: boolean
  out?: string
  cost?: boolean
  verify?: boolean
}

export const registerPlan: RegisterCommand = (program, setExit) => {
  const command = definePlanCommand(program)
  command.action(async (manifestPaths: string[], flags: PlanFlags) => {
    await runPlan(manifestPaths, flags, setExit)
  })
}

function definePlanCommand(program: Command): Command {
  const command = program
    .command('plan')
    .description(
      'read live state and print the plan; never mutates (exit 0, or 2 for changes with --detailed-exitcode; 1 on errors, including a resource whose state could not be read)',
    )
    .addArgument(pathsArgument())
    .addOption(outputOption(['text', 'json', 'markdown']))
    .addOption(clusterOption())
    .option('--detailed-exitcode', 'exit 2 when there are changes, 0 when none')
    .option('--prune', 'include deletes of managed resources that left the manifests')
    .option('--adopt', 'plan to take over existing unmanaged resources of the same name')
    .option('-v, --verbose', 'also list resources without changes')
    .option(
      '--max-deletes <n>',
      'show deletes beyond this many as blocked, as apply would refuse them',
      parseCount('--max-deletes'),
      5,
    )
    .option('--force', 'allow more deletes than --max-deletes')
    .option('--allow-empty', 'allow pruning when the manifests declare no resources at all')
    .option(
      '--out <file>',
      'save the plan to FILE; `apply FILE` applies exactly it, or refuses it once stale',
    )
    .option('--cost', 'show the monthly cost per service (before → after)')
    .option(
      '--verify',
      'also check the account (roles, images, secrets, log groups, network, target groups, alarms); exit 1 when a check fails',
    )
    .option(
      '--keep-revisions <n>',
      'task-definition revisions of ours kept per family; older ones no deployment uses are deregistered',
      parseCount('--keep-revisions'),
      10,
    )
  for (const option of cloudOptions()) command.addOption(option)
  return command
}

/** The plan options the flags ask for; `incomplete` (some manifests unreadable) rules out pruning. */
/**
 * The exit code of `plan` (docs/cli.md): 1 when the plan is not to be trusted — a resource whose
 * state could not be read, an unreadable manifest, a failed check (apply would hold that service);
 * else 2 for changes with --detailed-exitcode; else 0.
 */
export function planExitCode(outcome: {
  readonly unknown: boolean
  readonly incomplete: boolean
  readonly verifyFailed: boolean
  readonly detailedExitcode: boolean
  readonly changes: number
}): number {
  if (outcome.unknown || outcome.incomplete || outcome.verifyFailed) return 1
  return outcome.detailedExitcode && outcome.changes > 0 ? 2 : 0
}

/** `plan PATHS`: load, read live state, plan, check, print (and save); sets the exit code. */
async function runPlan(
  manifestPaths: string[],
  flags: PlanFlags,
  setExit: (code: number) => void,
): Promise<void> {
  const cloud = new LazyCloud(cloudOptionsOf(flags, true))
  const manifests = await loadValidManifests(manifestPaths, flags.cluster, {
    allowUnreadable: true,
    lookups: cloud.lookups,
  })
  if (!manifests) return cloud.close().then(() => setExit(1))
  // Paths that could not be read: the rest is planned so people see it, but nothing is pruned (exit 1).
  const incomplete = manifests.unreadable.length > 0
  const opened = await cloud.open()
  try {
    const options = planOptionsOf(flags, incomplete)
    const { plan, actual } = await planPass(manifests.set, manifests.graph, opened.cloud.readers, options)
    const region = opened.cloud.region
    const checks = flags.verify
      ? await verifyResources(manifests.set.resources, opened.cloud.account, { region })
      : undefined
    printPlan({ plan, actual, checks, manifests, flags, region })
    if (flags.out) {
      await savePlan(flags.out, { plan, manifests, incomplete, manifestPaths, flags, region, options })
    }
    if (flags.stats) process.stderr.write(`${renderStats(opened.cloud.stats)}\n`)
    setExit(
      planExitCode({
        unknown: unknownActions(plan).length > 0,
        incomplete,
        verifyFailed: checks !== undefined && failedChecks(checks).length > 0,
        detailedExitcode: flags.detailedExitcode ?? false,
        changes: countChanges(plan),
      }),
    )
  } finally {
    await opened.close()
  }
}

/** Prints the plan (with its cost, freezes, lookups, next chaos runs and checks) in the format asked for. */
function printPlan(made: {
  plan: Plan
  actual: ActualState
  checks: VerifyCheck[] | undefined
  manifests: ValidationResult
  flags: PlanFlags
  region: string
}): void {
  const { plan, checks, manifests, flags, region } = made
  const breakdown = planCost(plan, region, made.actual)
  const cost = [costLine(breakdown, region), ...(flags.cost ? costDetailLines(breakdown) : [])].join('\n')
  const freeze = planFreezes(plan, clusterFreezes(manifests.set, Date.now()))
  if (flags.output === 'json') {
    process.stdout.write(
      `${JSON.stringify({ ...planToJson(plan, { region, freeze }), cost: costToJson(breakdown, region), ...(checks ? { verify: verifyToJson(checks) } : {}), ...lookupsToJson(manifests.lookups) }, null, 2)}\n`,
    )
  } else if (flags.output === 'markdown') {
    process.stdout.write(`${renderPlanMarkdown(plan, { costLine: cost, region, freeze })}\n`)
    if (checks) process.stdout.write(`\n${renderVerifyMarkdown(checks)}\n`)
  } else {
    process.stdout.write(
      `${renderPlanText(plan, { colour: colourEnabled(process.stdout), verbose: flags.verbose ?? false, costLine: cost, region, freeze })}\n${renderLookupsText(manifests.lookups)}${chaosNextRuns(manifests.set, Date.now())}`,
    )
    if (checks) process.stdout.write(`${renderVerifyText(checks, colourEnabled(process.stdout))}\n`)
  }
}

/** `plan --out FILE`: the plan with what it was made from, unless some manifests could not be read. */
async function savePlan(
  file: string,
  made: {
    plan: Plan
    manifests: ValidationResult
    incomplete: boolean
    manifestPaths: readonly string[]
    flags: PlanFlags
    region: string
    options: PlanOptions
  },
): Promise<void> {
  if (made.incomplete) {
    process.stderr.write(`plan not saved to ${file}: some manifests could not be read\n`)
    return
  }
  const paths = pathsOrDefault([...made.manifestPaths]).map((p) => resolve(p))
  const inputs = { paths, cluster: made.flags.cluster, region: made.region, options: made.options }
  const lookups = made.manifests.lookups?.sources
  await writePlanFile(file, savedPlan(made.plan, made.manifests.set, inputs, new Date(), lookups))
  // Kept off stdout so `--output json` stays one JSON object.
  process.stderr.write(`plan saved to ${file}: apply it with \`${applyCommandFor(file, made.flags)}\`\n`)
}
