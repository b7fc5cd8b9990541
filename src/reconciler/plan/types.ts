/** @module The Plan: serialisable data that `plan --output json` prints and `apply` executes. */
import type { Tags } from '../../cloud/ports/index.js'
import type { ReconciledKind } from '../../manifest/schema/index.js'
import type { FieldChange } from '../diff/diff.js'
import type { LiveRef } from '../kinds/handler.js'
import type { ActionPayload } from '../kinds/registry.js'

export type { ActionPayload } from '../kinds/registry.js'
export type { ChaosPayload } from '../kinds/chaos-schedule/index.js'
export type { ClusterPayload } from '../kinds/cluster/index.js'
export type { NamespacePayload } from '../kinds/namespace/index.js'
export type { ServicePayload } from '../kinds/service/payload.js'
export type { RevisionPayload } from '../kinds/task-definition-revision/index.js'

/**
 * `wait`: nothing to change, but a rollout is still in progress; dependents hold until it is steady.
 * `adopt`: an unmanaged resource whose settings already match is taken over (`--adopt`): only the
 * ownership tags are written, never a setting.
 * `unknown`: its live state could not be read in this pass (a read failed after the SDK's retries):
 * nothing is planned for it, what depends on it is held, and `plan`/`apply` exit 1.
 * `held`: a service `rollback` holds on an earlier revision (hold.ts): nothing changes it, and what
 * depends on it is planned as if it were steady.
 */
export type ActionType =
  'create' | 'update' | 'replace' | 'delete' | 'redeploy' | 'adopt' | 'wait' | 'unknown' | 'held' | 'noop'
/** The kinds, as the manifests name them (one list: src/manifest/schema/common.ts). */
/** The kinds the reconciler acts on: the manifest kinds plus live-only ones (one list: src/manifest/schema/common.ts). */
export type ResourceKind = ReconciledKind

export interface PlanAction {
  readonly id: string
  readonly kind: ResourceKind
  readonly name: string
  readonly cluster: string | undefined
  readonly action: ActionType
  /** The dependency wave, counted from FIRST_WAVE everywhere it is shown (plan, graph, apply, daemon). */
  readonly wave: number
  readonly reasons: string[]
  readonly diff: FieldChange[]
  /** Differences left alone because the manifest lists them in `drift.ignore`. */
  readonly ignored: FieldChange[]
  /** Ids this action waits for (from the dependency graph). */
  readonly dependsOn: string[]
  /** The live resource (where to tag it, whose it is); undefined when it does not exist yet. */
  readonly live: LiveRef | undefined
  /** The tags it should carry: the manifest's plus ownership. */
  readonly tags: Tags
  readonly payload: ActionPayload
  /** A create's attributes (the normalised desired view), for review; sensitive values are masked when shown. */
  readonly attributes?: Readonly<Record<string, unknown>>
  /** An `unknown` action's read error. */
  readonly error?: string
}

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
