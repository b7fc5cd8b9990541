/** @module Ownership tags (docs/reconciling.md): who manages a resource, which manifest it came from, which commit. */
import type { Tags } from '../cloud/ports/index.js'
import { toTagValue } from '../shared/tag-value.js'

export const TAG_MANAGED_BY = 'ecs-reconciler:managed-by'
export const TAG_RESOURCE = 'ecs-reconciler:resource'
export const TAG_REVISION = 'ecs-reconciler:revision'
/** On a chaos experiment: the resource id of the service it targets (src/chaos/slot-identity.ts writes it). */
export const TAG_CHAOS_TARGET = 'ecs-reconciler:chaos-target'
/** On a chaos experiment the reconciler stopped before changing its target: why (`deployment`). */
export const TAG_CHAOS_PREEMPTED = 'ecs-reconciler:chaos-preempted'
/**
 * Set on a Service Connect client before its backends' endpoints change, removed once its new
 * deployment is steady: an interrupted or failed run leaves the owed redeploy visible in live state.
 */
export const TAG_REDEPLOY_PENDING = 'ecs-reconciler:redeploy-pending'
/**
 * On a service: `<family>:<revision>@<content hash>` of the task definition we rendered and registered
 * for it. A cold plan whose desired hash and primary revision match it needs no DescribeTaskDefinition.
 */
export const TAG_TASK_DEFINITION = 'ecs-reconciler:task-definition'
/** On a task-definition revision we registered: the hash of its rendered content, to reuse it instead of registering a twin. */
export const TAG_CONTENT_HASH = 'ecs-reconciler:content-hash'
/**
 * On a ChaosSchedule's FIS template: the last cron slot the scheduler decided (started, held back or
 * missed), so a restarted daemon or a new leader neither repeats nor starts late what was decided
 * (src/chaos/slot-identity.ts writes it).
 */
export const TAG_CHAOS_DECIDED = 'ecs-reconciler:chaos-decided'
/** On a service `rollback` holds on an earlier revision: the hold (src/reconciler/kinds/service/hold.ts). */
export const TAG_HOLD = 'ecs-reconciler:hold'
/** On a task-definition revision whose deployment completed: when (rollback's targets, kept by retention). */
export const TAG_COMPLETED = 'ecs-reconciler:completed'
/** On a service with a pre-deploy hook: the outcome of the hook for the revision content it ran for (pre-deploy-hook.ts). */
export const TAG_PRE_DEPLOY = 'ecs-reconciler:pre-deploy'
/**
 * On a service last applied with `monitoring`: DescribeServices does not report it, so only services
 * whose manifest declares it or that carry this tag have their service revision read (observe.ts).
 */
export const TAG_MONITORING = 'ecs-reconciler:monitoring'
export const DEFAULT_INSTANCE = 'ecs-reconciler'
/** Revisions of ours kept per task-definition family (docs/reconciling.md, `--keep-revisions`). */
export const DEFAULT_KEEP_REVISIONS = 10

export interface OwnershipContext {
  /** Instance id written to `ecs-reconciler:managed-by`. */
  readonly instance: string
  /** Git commit of the manifests, when known. */
  readonly revision?: string | undefined
}

export function ownershipTags(context: OwnershipContext, resource: string): Tags {
  return {
    [TAG_MANAGED_BY]: context.instance,
    [TAG_RESOURCE]: resource,
    // `--revision` is free text (a commit, a branch name): written in the characters ECS allows.
    ...(context.revision ? { [TAG_REVISION]: toTagValue(context.revision) } : {}),
  }
}

export type Ownership = 'ours' | 'unmanaged' | 'foreign'

/** `ours`: tagged by this instance; `unmanaged`: no managed-by tag; `foreign`: another instance's. */
export function ownershipOf(tags: Tags | undefined, instance: string): Ownership {
  const owner = tags?.[TAG_MANAGED_BY]
  if (owner === undefined) return 'unmanaged'
  return owner === instance ? 'ours' : 'foreign'
}

/**
 * Tags compared in the diff: the revision tag changes with every commit and is refreshed with any real
 * change; the redeploy-pending tag is bookkeeping of the executor, read by the plan as an owed redeploy.
 */
export function comparableTags(tags: Tags): Tags {
  const {
    [TAG_REVISION]: _revision,
    [TAG_REDEPLOY_PENDING]: _pending,
    [TAG_TASK_DEFINITION]: _td,
    [TAG_CONTENT_HASH]: _hash,
    [TAG_CHAOS_DECIDED]: _decided,
    [TAG_HOLD]: _hold,
    [TAG_COMPLETED]: _completed,
    [TAG_PRE_DEPLOY]: _preDeploy,
    [TAG_MONITORING]: _monitoring,
    ...rest
  } = tags
  return rest
}

/** Tags the executor manages itself: never set or removed by a manifest's tag sync. */
export function isBookkeepingTag(key: string): boolean {
  return (
    key === TAG_REVISION ||
    key === TAG_REDEPLOY_PENDING ||
    key === TAG_TASK_DEFINITION ||
    key === TAG_CONTENT_HASH ||
    key === TAG_CHAOS_DECIDED ||
    key === TAG_HOLD ||
    key === TAG_COMPLETED ||
    key === TAG_PRE_DEPLOY ||
    key === TAG_MONITORING
  )
}
