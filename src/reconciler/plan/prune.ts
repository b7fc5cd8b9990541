/**
 * @module The deletes of a plan, fenced (docs/reconciling.md): managed resources of every kind that left
 * the manifests (with --prune), and resources of ours past their retention (always). Pure.
 */
import type { ManifestSet } from '../../manifest/model.js'
import type { LiveCandidate, PlanContext } from '../kinds/handler.js'
import { KIND_HANDLERS } from '../kinds/registry.js'
import { ownershipOf, TAG_HOLD, type OwnershipContext } from '../ownership.js'
import type { PlanAction } from './types.js'

export interface PruneOptions extends OwnershipContext {
  readonly prune: boolean
  readonly maxDeletes: number
  readonly force: boolean
  readonly manifestsFailed: boolean
  /** Pruning when the manifests declare nothing at all (`--allow-empty`). */
  readonly allowEmpty?: boolean
  /** Only these candidates are this plan's to delete (`run --shards`: the replica's shards). */
  readonly deleteScope?: (candidate: { readonly id: string; readonly cluster: string | undefined }) => boolean
}

export interface DeletePlan {
  readonly actions: PlanAction[]
  readonly candidates: string[]
  readonly blockedReason: string | undefined
  /** The deletes a fence held back, shown as blocked (never executed). */
  readonly blocked: PlanAction[]
  readonly warnings: string[]
}

/**
 * Candidates are the live resources of every kind tagged with this instance that no manifest names.
 * Deletes run in reverse order of creation, by each kind's prune rank; kinds without candidates
 * (clusters) are never pruned.
 */
export function planDeletes(ctx: PlanContext, firstWave: number): DeletePlan {
  const { set, actual, options } = ctx
  const desiredIds = new Set(set.resources.map((r) => r.id))
  const found: Found[] = []
  const retired: Found[] = []
  const inScope = options.deleteScope ?? (() => true)
  const heldBack: string[] = []
  for (const handler of KIND_HANDLERS) {
    for (const c of handler.candidates?.(actual) ?? []) {
      if (desiredIds.has(c.id) || ownershipOf(c.live.tags, options.instance) !== 'ours' || !inScope(c)) {
        continue
      }
      // A rollback's hold is an operator's word on this resource: it outranks a prune.
      if (c.live.tags[TAG_HOLD] !== undefined) {
        heldBack.push(c.id)
        continue
      }
      found.push(deleteOf(handler.kind, c, 'no longer in the manifests'))
    }
    for (const c of handler.retention?.(actual, ctx) ?? []) {
      if (ownershipOf(c.live.tags, options.instance) !== 'ours' || !inScope(c)) continue
      retired.push(
        deleteOf(handler.kind, c, 'beyond the revisions kept (--keep-revisions) and used by no deployment'),
      )
    }
  }

  const candidates = found.map((f) => f.action.id).sort()
  const warnings: string[] = []
  if (heldBack.length > 0) {
    warnings.push(
      `${heldBack.length} managed resource(s) left the manifests but are held by a rollback, so they are never pruned: ${heldBack.sort().join(', ')} (\`ecs-reconciler resume\` lifts the hold)`,
    )
  }
  const pruned = pruneDeletes(set, found, candidates, options, warnings)
  const retiring = retentionDeletes(retired, pruned.actions.length, options, warnings)
  const all = [...pruned.actions, ...retiring]
  const ranks = [...new Set(all.map((f) => f.rank))].sort((a, b) => a - b)
  const placed = (list: Found[]): PlanAction[] =>
    list
      .map((f) => ({ ...f.action, wave: firstWave + ranks.indexOf(f.rank) }))
      .sort((a, b) => a.wave - b.wave || a.id.localeCompare(b.id))
  const blockedRanks = [...new Set(pruned.blocked.map((f) => f.rank))].sort((a, b) => a - b)
  const blocked = pruned.blocked
    .map((f) => ({ ...f.action, wave: firstWave + blockedRanks.indexOf(f.rank) }))
    .sort((a, b) => a.wave - b.wave || a.id.localeCompare(b.id))
  return { actions: placed(all), candidates, blockedReason: pruned.blockedReason, blocked, warnings }
}

interface Found {
  readonly rank: number
  readonly action: PlanAction
}

function deleteOf(kind: PlanAction['kind'], c: LiveCandidate<PlanAction['payload']>, reason: string): Found {
  return {
    rank: c.pruneRank,
    action: {
      id: c.id,
      kind,
      name: c.name,
      cluster: c.cluster,
      action: 'delete',
      wave: 0,
      reasons: [reason],
      diff: [],
      ignored: [],
      dependsOn: [],
      live: c.live,
      tags: c.live.tags,
      payload: c.payload,
    },
  }
}

function pruneDeletes(
  set: ManifestSet,
  found: Found[],
  candidates: string[],
  options: PruneOptions,
  warnings: string[],
): { actions: Found[]; blocked: Found[]; blockedReason: string | undefined } {
  if (!options.prune) {
    if (options.manifestsFailed) {
      warnings.push('some manifests failed to load: this plan may miss what they declare')
    }
    if (candidates.length > 0 && options.manifestsFailed) {
      warnings.push(
        `${candidates.length} managed resource(s) are not in the manifests that loaded (some failed to load, so they may still be declared there): ${candidates.join(', ')}`,
      )
    } else if (candidates.length > 0) {
      warnings.push(
        `${candidates.length} managed resource(s) are no longer in the manifests and would be deleted with --prune: ${candidates.join(', ')}`,
      )
    }
    return { actions: [], blocked: [], blockedReason: undefined }
  }
  const blockedReason = pruneFence(set, candidates.length, options)
  // Even with nothing to hold back in this pass, the plan says why nothing could have been pruned.
  if (blockedReason && (candidates.length > 0 || options.manifestsFailed)) {
    warnings.push(`prune blocked: ${blockedReason}`)
    return { actions: [], blocked: found, blockedReason }
  }
  return { actions: found, blocked: [], blockedReason: undefined }
}

const MANIFESTS_FAILED = 'some manifests failed to load: nothing is pruned until they are fixed'

/**
 * Retention is housekeeping, not a request: it shares --max-deletes with the prune, oldest first, and
 * what does not fit waits for a later pass (a warning, not a failure), so a long history is retired a
 * few revisions a pass instead of blocking every pass. Nothing is retired while a manifest fails to load.
 */
function retentionDeletes(
  retired: Found[],
  pruning: number,
  options: PruneOptions,
  warnings: string[],
): Found[] {
  if (retired.length === 0) return []
  if (options.manifestsFailed) {
    warnings.push(
      `${retired.length} old task-definition revision(s) not deregistered: some manifests failed to load`,
    )
    return []
  }
  const budget = options.force ? retired.length : Math.max(0, options.maxDeletes - pruning)
  if (budget < retired.length) {
    warnings.push(
      `${retired.length - budget} more old task-definition revision(s) wait for a later pass (--max-deletes ${options.maxDeletes})`,
    )
  }
  return retired.slice(0, budget)
}

/** Why nothing may be pruned in this pass, if a fence holds (docs/reconciling.md). */
function pruneFence(set: ManifestSet, deletes: number, options: PruneOptions): string | undefined {
  if (options.manifestsFailed) return MANIFESTS_FAILED
  // An empty folder or a commit that removed every file looks exactly like "delete everything" (Argo CD's allowEmpty).
  if (set.resources.length === 0 && !options.allowEmpty) {
    return 'the manifests declare no resources: pruning down to nothing needs --allow-empty'
  }
  if (deletes > options.maxDeletes && !options.force) {
    return `${deletes} deletes exceed --max-deletes ${options.maxDeletes}: nothing is pruned (raise the limit or use --force)`
  }
  return undefined
}
