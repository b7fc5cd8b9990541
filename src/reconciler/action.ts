/** @module What a kind and the stages share about one planned action: its type, kind, live twin and payload. */
import type { Tags } from '../cloud/ports/index.js'
import type { ReconciledKind } from '../manifest/schema/index.js'
import type { FieldChange } from './diff/diff.js'

/** The live resource as the generic fences need it: where to tag it and whose it is. */
export interface LiveRef {
  readonly arn: string | undefined
  readonly tags: Tags
}

/** What every kind's payload has: its kind's name, to tell payloads apart. */
export interface KindPayload {
  readonly type: string
}

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
/** The kinds the reconciler acts on: the manifest kinds plus live-only ones (one list: src/manifest/schema/common.ts). */
export type ResourceKind = ReconciledKind

/** A step a kind runs as part of its change, shown in the plan: a Service's pre-deploy hook task. */
export interface PlannedHook {
  readonly stage: 'preDeploy'
  readonly command: readonly string[]
  /** The container that runs the command; undefined: the first essential one. */
  readonly container: string | undefined
  readonly timeoutMs: number
}

/**
 * A planned action as the kinds see it: its payload is `P`, the kind's own (the plan's actions carry
 * every kind's, `PlanAction` in plan/types.ts). On the floor below the kinds, so that they need
 * nothing from the stages that use them.
 */
export interface KindAction<P = KindPayload> {
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
  readonly payload: P
  /** A create's attributes (the normalised desired view), for review; sensitive values are masked when shown. */
  readonly attributes?: Readonly<Record<string, unknown>>
  /** An `unknown` action's read error. */
  readonly error?: string
  /** A hook task that runs before the change rolls out (never in `--dry-run`). */
  readonly hook?: PlannedHook
}
