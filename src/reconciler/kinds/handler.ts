/**
 * @module What a kind plugs into the generic stages (observe, plan, prune, execute), the way
 * controller-runtime gives each kind its Reconciler: the stages hold the fences (ownership,
 * drift.ignore, replace, prune, tags) once, and a kind only says how it reads, compares and writes.
 */
import type { CloudReaders, CloudWriters, Tags } from '../../cloud/ports/index.js'
import type { ServiceCostInput } from '../../cost/breakdown.js'
import type { ManifestGraph } from '../../manifest/dependencies.js'
import type { ManifestResource, ManifestSet } from '../../manifest/model.js'
import type { ReconciledKind } from '../../manifest/schema/index.js'
import type { KindAction, LiveRef } from '../action.js'
import type { ActualState } from '../actual.js'
import type { FieldChange } from '../diff/diff.js'
import type { ExecutionContext } from '../execute/context.js'
import type { OwnershipContext } from '../ownership.js'
import type { LiveReads } from './live-reads.js'

export type { LiveRef } from '../action.js'

/** One desired resource against its live twin, as the kind sees it. */
export interface Comparison<P> {
  /** Undefined: the resource does not exist, and is created. */
  readonly live: LiveRef | undefined
  /** The tags we want on it: the manifest's and ownership. */
  readonly desiredTags: Tags
  /** Normalised live → desired differences, tags under `tags.<key>`; empty when it does not exist. */
  readonly diff: readonly FieldChange[]
  readonly payload: P
  /** When it does not exist: the normalised desired view, shown as the create's attributes in the plan. */
  readonly attributes?: Readonly<Record<string, unknown>>
  /**
   * Set when part of its live state could not be read after the SDK's retries: the resource is
   * `unknown` in this pass and left untouched (planned as a `noop` with the reason), the rest goes on.
   */
  readonly readError?: string
}

export interface PlanOptions extends OwnershipContext {
  readonly prune: boolean
  readonly adopt: boolean
  readonly maxDeletes: number
  readonly force: boolean
  /** Set when some manifest failed to load: pruning is then never allowed. */
  readonly manifestsFailed: boolean
  /** Pruning down to an empty manifest set is allowed (`--allow-empty`). */
  readonly allowEmpty?: boolean
  /** Task-definition revisions of ours kept per family (`--keep-revisions`, default 10). */
  readonly keepRevisions?: number | undefined
  /** `run --shards`: the live resources this replica may delete (its shards'); the others are not even counted. */
  readonly deleteScope?: (candidate: { readonly id: string; readonly cluster: string | undefined }) => boolean
}

export interface PlanContext {
  readonly set: ManifestSet
  readonly graph: ManifestGraph
  readonly actual: ActualState
  readonly options: PlanOptions
  /** A Cloud Map namespace name for a name, id or ARN. */
  readonly namespaceName: (ref: string) => string
}

/** A live resource of this kind, ours or not, that the manifests may no longer name. */
export interface LiveCandidate<P> {
  readonly id: string
  readonly name: string
  readonly cluster: string | undefined
  readonly live: LiveRef
  /** Delete order, reverse of creation: lower goes first. */
  readonly pruneRank: number
  readonly payload: P
}

export interface ObserveContext {
  readonly set: ManifestSet
  readonly readers: CloudReaders
  readonly reads: LiveReads
  readonly instance: string
  /** List beyond what the manifests name, to find managed resources that left them. */
  readonly listForPrune: boolean
  /** Task-definition revisions of ours kept per family: families beyond it are listed for retention. */
  readonly keepRevisions: number
}

export interface TagWriter<P> {
  tag(live: LiveRef, payload: P, tags: Tags): Promise<void>
  untag(live: LiveRef, payload: P, keys: readonly string[]): Promise<void>
}

/** Called once before any wave: a kind may fail some actions up front (their dependents are then skipped). */
export type Preflight = (
  work: readonly KindAction[],
  writers: CloudWriters,
) => Promise<ReadonlyMap<string, string>>

/** Some kind's part of the live state. */
export type LiveState = ActualState[keyof ActualState]

/** What a kind sees of a whole plan (its cost): the actions and the prune candidates. */
export interface PlannedWork {
  readonly actions: readonly KindAction[]
  readonly prune: { readonly candidates: readonly string[] }
}

export interface KindHandler<R extends ManifestResource = ManifestResource, P = unknown> {
  readonly kind: ReconciledKind
  /** Label in plan output: `Service shop/api`, `Namespace shop`. */
  label(name: string, cluster: string | undefined): string
  /** This kind's resources in a manifest set. */
  desired(set: ManifestSet): readonly R[]
  /** The cluster an action of this resource belongs to, if any. */
  clusterOf(resource: R): string | undefined
  /** Reads this kind's part of the live state (`actual[kind]`, declared in its folder). */
  observe(ctx: ObserveContext): Promise<LiveState>
  /** This kind's part of the live state when nothing was read. */
  emptyLive(): LiveState
  /**
   * Reads that depend on what the other kinds observed (the revisions of the services' families):
   * replaces this kind's part when it returns one.
   */
  observeAfter?(ctx: ObserveContext, actual: ActualState): Promise<LiveState | undefined>
  compare(resource: R, ctx: PlanContext): Comparison<P>
  /** Why the (not ignored) differences cannot be applied in place, if they cannot. */
  replaceReason(diff: readonly FieldChange[], comparison: Comparison<P>): string | undefined
  /** Fields a manifest may list in `spec.drift.ignore` (none by default). */
  driftIgnore?(resource: R): readonly string[]
  /** Kind-specific finishing of a planned action (a redeploy owed, a task definition to register). */
  refine?(action: KindAction<P>, resource: R, ctx: PlanContext): KindAction<P>
  /** Adjusts actions across resources once all are planned (Service Connect client redeploys). */
  afterPlan?(actions: KindAction[], ctx: PlanContext): void
  /** Live resources of this kind that could be pruned; undefined when the kind is never pruned. */
  candidates?(actual: ActualState): LiveCandidate<P>[]
  /**
   * Resources of ours, unused, beyond a retention limit (old task-definition revisions): deleted
   * without --prune, but fenced like every delete (a failed manifest, --max-deletes).
   */
  retention?(actual: ActualState, ctx: PlanContext): LiveCandidate<P>[]
  /** What this kind's resources cost, before and after the plan (services: Fargate tasks). */
  costInputs?(plan: PlannedWork, actual: ActualState | undefined): ServiceCostInput[]
  readonly execute: KindExecutor<P>
}

export interface KindExecutor<P> {
  create(action: KindAction<P>, payload: P, ctx: ExecutionContext): Promise<void>
  /** Settings only: the generic executor brings tags in line afterwards. */
  update(action: KindAction<P>, payload: P, ctx: ExecutionContext): Promise<void>
  /** Undefined for kinds that are never deleted (and so never replaced). */
  delete?(action: KindAction<P>, payload: P, ctx: ExecutionContext, waitGone: boolean): Promise<void>
  redeploy?(action: KindAction<P>, payload: P, ctx: ExecutionContext): Promise<void>
  /** A `wait` action: nothing to change, wait until the rollout in progress is steady. */
  awaitSteady?(action: KindAction<P>, payload: P, ctx: ExecutionContext): Promise<void>
  tags(writers: CloudWriters): TagWriter<P>
  preflight?: Preflight
  /**
   * The content this action may register (a task-definition revision) and whose it would be: the
   * executor reads once per pass which of these already have a revision (execute/content-index.ts).
   */
  registers?(action: KindAction<P>): RegisterableContent | undefined
}

export interface RegisterableContent {
  readonly hash: string
  /** The managed-by tag the revision would carry. */
  readonly instance: string | undefined
}
