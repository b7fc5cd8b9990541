/**
 * @module What a freeze window means for a plan: the frozen clusters, until when, and the changes
 * that `apply` would refuse there without `--ignore-freeze` (the daemon holds them back). Every plan
 * format shows it, so a reviewer never reads an ordinary update that apply then refuses.
 */
import { frozenClusterOf, type ClusterFreeze } from '../../chaos/freeze.js'
import { isChange, type Plan, type PlanAction } from '../../reconciler/plan/types.js'

export interface PlanFreeze extends ClusterFreeze {
  /** The plan's changes in this cluster. */
  readonly changes: readonly PlanAction[]
}

/** The freezes that concern this plan's clusters, each with the changes it holds back. */
export function planFreezes(plan: Plan, freezes: readonly ClusterFreeze[]): PlanFreeze[] {
  const byCluster = new Map(freezes.map((f) => [f.cluster, f.reason]))
  return freezes.map((freeze) => ({
    ...freeze,
    changes: plan.actions.filter((a) => isChange(a) && frozenClusterOf(byCluster, a) === freeze.cluster),
  }))
}

/** The freeze an action falls under, if any. */
export function freezeOf(freezes: readonly PlanFreeze[], action: PlanAction): PlanFreeze | undefined {
  return freezes.find((f) => f.changes.includes(action))
}

/** One sentence per frozen cluster, the same in text and Markdown. */
export function freezeSentence(freeze: PlanFreeze): string {
  const n = freeze.changes.length
  const held =
    n === 0
      ? 'no change of this plan is in it'
      : `apply refuses the ${n} change${n === 1 ? '' : 's'} here without --ignore-freeze, and the daemon holds ${n === 1 ? 'it' : 'them'} back`
  return `cluster ${freeze.cluster} is frozen (${freeze.reason}): ${held}`
}

/** A short tag for an action line: "frozen until …". */
export function freezeTag(freeze: PlanFreeze): string {
  return freeze.until ? `frozen until ${freeze.until}` : 'frozen'
}

export function freezesToJson(freezes: readonly PlanFreeze[]): object[] {
  return freezes.map((f) => ({
    cluster: f.cluster,
    window: f.window ?? null,
    until: f.until ?? null,
    reason: f.reason,
    changes: f.changes.map((a) => a.id),
  }))
}
