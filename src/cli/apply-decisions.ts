/**
 * @module The decisions `apply` makes around a plan, as pure functions: whether a freeze window
 * refuses it, and the exit code its outcome earns.
 */
import type { ActionResult } from '../reconciler/execute/types.js'
import type { Plan } from '../reconciler/plan/types.js'
import type { PlanFreeze } from './render/freeze.js'

/**
 * Why apply refuses the plan because a cluster it changes is inside a freeze window, or undefined:
 * `--ignore-freeze` and a dry run (which changes nothing) go ahead.
 */
export function freezeRefusal(
  freezes: readonly PlanFreeze[],
  options: { readonly ignoreFreeze: boolean; readonly dryRun: boolean },
): string | undefined {
  const holding = freezes.filter((f) => f.changes.length > 0)
  if (holding.length === 0 || options.ignoreFreeze || options.dryRun) return undefined
  const changes = holding.flatMap((f) => f.changes)
  const clusters = holding.map((f) => `cluster ${f.cluster} is frozen (${f.reason})`).join('; ')
  return `refusing to apply: ${clusters}; ${changes.length} change${changes.length === 1 ? '' : 's'} would touch it: ${changes.map((a) => a.id).join(', ')}`
}

/** A prune held back by a fence did not do what was asked. */
export function pruneBlocked(plan: Plan): boolean {
  return plan.prune.requested && plan.prune.blocked.length > 0
}

/** 0 when every action succeeded, nothing interrupted the run and no requested prune was held back; else 1. */
export function applyExitCode(
  results: readonly Pick<ActionResult, 'status'>[],
  outcome: { readonly interrupted: boolean; readonly pruneBlocked: boolean },
): 0 | 1 {
  return results.some((r) => r.status !== 'succeeded') || outcome.interrupted || outcome.pruneBlocked ? 1 : 0
}
