/**
 * @module The decisions of a daemon pass, pure: which planned changes wait (backing off, or behind
 * one that is), which are held by a freeze window, and what each action's outcome makes of its
 * resource. The pass runner reads the clock and the backoff book, and records what these decide.
 */
import { frozenClusterOf } from '../chaos/freeze.js'
import type { ActionResult } from '../reconciler/execute/types.js'
import { isChange, type Plan, type PlanAction } from '../reconciler/plan/types.js'
import type { Deferral } from './backoff.js'

/** Changes that wait this pass: their own backoff, else that of a change they depend on (in plan order). */
export function deferralsOf(
  plan: Plan,
  ownDeferral: (action: PlanAction) => Deferral | undefined,
): Map<string, Deferral> {
  const deferred = new Map<string, Deferral>()
  for (const a of plan.actions) {
    if (!isChange(a)) continue
    const blocker = a.dependsOn.map((d) => deferred.get(d)).find((d) => d !== undefined)
    const why = ownDeferral(a) ?? blocker
    if (why) deferred.set(a.id, why)
  }
  return deferred
}

export interface GatedPlan {
  /** The plan to execute: every held action turned into a noop. */
  readonly runnable: Plan
  /** Changes held by a freeze window, with why. */
  readonly frozen: ReadonlyMap<string, string>
}

/** Gates a plan: a change that is backing off, or that would touch a frozen cluster, does not run in this pass. */
export function gatePlan(
  plan: Plan,
  deferred: ReadonlyMap<string, Deferral>,
  frozenClusters: ReadonlyMap<string, string>,
): GatedPlan {
  const frozen = new Map<string, string>()
  for (const a of plan.actions) {
    const cluster = isChange(a) && !deferred.has(a.id) ? frozenClusterOf(frozenClusters, a) : undefined
    if (cluster !== undefined) {
      frozen.set(a.id, `cluster ${cluster} is frozen: ${frozenClusters.get(cluster) ?? ''}`)
    }
  }
  const held = (a: PlanAction): boolean => deferred.has(a.id) || frozen.has(a.id)
  return {
    runnable: { ...plan, actions: plan.actions.map((a) => (held(a) ? { ...a, action: 'noop' } : a)) },
    frozen,
  }
}

/** What one planned action's pass made of its resource. */
export type ActionOutcome =
  | { readonly status: 'frozen'; readonly reason: string }
  | { readonly status: 'unknown' }
  | { readonly status: 'backoff'; readonly deferral: Deferral }
  | { readonly status: 'synced' }
  | { readonly status: 'held'; readonly reason: string }
  | { readonly status: 'blocked'; readonly result: ActionResult }
  | { readonly status: 'progressing'; readonly result: ActionResult }
  | { readonly status: 'failed'; readonly result: ActionResult }
  | { readonly status: 'skipped'; readonly result: ActionResult }

/**
 * The outcome of one action, first rule that holds: held by a freeze window; not read (unknown);
 * held by backoff; nothing to run or succeeded; held by a failed verify check (blocked); timed out while its rollout goes on (progressing,
 * not a failure to back off from); failed; otherwise skipped.
 */
export function outcomeOf(
  action: PlanAction,
  held: { readonly frozen?: string | undefined; readonly deferral?: Deferral | undefined },
  result: ActionResult | undefined,
): ActionOutcome {
  if (held.frozen !== undefined) return { status: 'frozen', reason: held.frozen }
  if (action.action === 'unknown') return { status: 'unknown' }
  if (action.action === 'held') return { status: 'held', reason: action.reasons.join('; ') }
  if (held.deferral) return { status: 'backoff', deferral: held.deferral }
  if (!result || result.status === 'succeeded') return { status: 'synced' }
  if (result.status === 'blocked') return { status: 'blocked', result }
  if (result.status === 'failed') return { status: result.timedOut ? 'progressing' : 'failed', result }
  return { status: 'skipped', result }
}
