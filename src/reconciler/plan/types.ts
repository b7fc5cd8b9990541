/** @module The Plan: serialisable data that `plan --output json` prints and `apply` executes. */
import type { KindAction } from '../action.js'
import type { ActionPayload } from '../kinds/registry.js'

export type { ActionPayload } from '../kinds/registry.js'
export type { ChaosPayload } from '../kinds/chaos-schedule/index.js'
export type { ClusterPayload } from '../kinds/cluster/index.js'
export type { NamespacePayload } from '../kinds/namespace/index.js'
export type { ServicePayload } from '../kinds/service/payload.js'
export type { RevisionPayload } from '../kinds/task-definition-revision/index.js'

export type { ActionType, LiveRef, ResourceKind } from '../action.js'

/** A planned action, with any kind's payload. */
export type PlanAction = KindAction<ActionPayload>

export interface Plan {
  readonly actions: PlanAction[]
  readonly waveCount: number
  /** Things the user should know that are not actions: unmanaged look-alikes, blocked prunes. */
  readonly warnings: string[]
  readonly prune: {
    readonly requested: boolean
    readonly candidates: string[]
    /** Set when a fence (a manifest failed, an empty set, --max-deletes) holds every delete back. */
    readonly blockedReason: string | undefined
    /** The deletes held back, shown as blocked; never executed. */
    readonly blocked: PlanAction[]
  }
}

/** Actions that change something (a `wait` changes nothing: it only holds dependents; an `unknown` changes nothing either). */
export function isChange(action: PlanAction): boolean {
  return (
    action.action !== 'noop' &&
    action.action !== 'wait' &&
    action.action !== 'unknown' &&
    action.action !== 'held'
  )
}

/** Resources whose state this pass could not read: the plan is incomplete, so the run fails (exit 1). */
export function unknownActions(plan: Plan): PlanAction[] {
  return plan.actions.filter((a) => a.action === 'unknown')
}

export function countChanges(plan: Plan): number {
  return plan.actions.filter(isChange).length
}
