/** @module The prune set: managed resources of every kind that left the manifests, fenced (product.md §2). Pure. */
import type { ManifestSet } from '../../manifest/model.js'
import type { ActualState } from '../actual.js'
import { KIND_HANDLERS } from '../kinds/registry.js'
import { ownershipOf, type OwnershipContext } from '../ownership.js'
import type { PlanAction } from './types.js'

export interface PruneOptions extends OwnershipContext {
  readonly prune: boolean
  readonly maxDeletes: number
  readonly force: boolean
  readonly manifestsFailed: boolean
  /** Pruning when the manifests declare nothing at all (`--allow-empty`). */
  readonly allowEmpty?: boolean
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
export function planDeletes(set: ManifestSet, actual: ActualState, options: PruneOptions, firstWave: number): DeletePlan {
  const desiredIds = new Set(set.resources.map((r) => r.id))
  const found: { rank: number; action: PlanAction }[] = []
  for (const handler of KIND_HANDLERS) {
    for (const c of handler.candidates?.(actual) ?? []) {
      if (desiredIds.has(c.id) || ownershipOf(c.live.tags, options.instance) !== 'ours') continue
      found.push({
        rank: c.pruneRank,
        action: {
          id: c.id,
          kind: handler.kind,
          name: c.name,
          cluster: c.cluster,
          action: 'delete',
          wave: 0,
          reasons: ['no longer in the manifests'],
          diff: [],
          ignored: [],
          dependsOn: [],
          live: c.live,
          tags: c.live.tags,
          payload: c.payload,
        },
      })
    }
  }

  const candidates = found.map((f) => f.action.id).sort()
  const warnings: string[] = []
  if (!options.prune) {
    if (candidates.length > 0) warnings.push(`${candidates.length} managed resource(s) are no longer in the manifests and would be deleted with --prune: ${candidates.join(', ')}`)
    return { actions: [], candidates, blockedReason: undefined, blocked: [], warnings }
  }
  const ranks = [...new Set(found.map((f) => f.rank))].sort((a, b) => a - b)
  const actions = found
    .map((f) => ({ ...f.action, wave: firstWave + ranks.indexOf(f.rank) }))
    .sort((a, b) => a.wave - b.wave || a.id.localeCompare(b.id))
  const blockedReason = pruneFence(set, candidates.length, options)
  if (blockedReason && candidates.length > 0) {
    warnings.push(`prune blocked: ${blockedReason}`)
    return { actions: [], candidates, blockedReason, blocked: actions, warnings }
  }
  return { actions, candidates, blockedReason: undefined, blocked: [], warnings }
}

/** Why nothing may be pruned in this pass, if a fence holds (product.md §2). */
function pruneFence(set: ManifestSet, deletes: number, options: PruneOptions): string | undefined {
  if (options.manifestsFailed) return 'some manifests failed to load: nothing is pruned until they are fixed'
  // An empty folder or a commit that removed every file looks exactly like "delete everything" (Argo CD's allowEmpty).
  if (set.resources.length === 0 && !options.allowEmpty) return 'the manifests declare no resources: pruning down to nothing needs --allow-empty'
  if (deletes > options.maxDeletes && !options.force) return `${deletes} deletes exceed --max-deletes ${options.maxDeletes}: nothing is pruned (raise the limit or use --force)`
  return undefined
}
