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
}

export interface DeletePlan {
  readonly actions: PlanAction[]
  readonly candidates: string[]
  readonly blockedReason: string | undefined
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
  let blockedReason: string | undefined
  if (!options.prune) {
    if (candidates.length > 0) warnings.push(`${candidates.length} managed resource(s) are no longer in the manifests and would be deleted with --prune: ${candidates.join(', ')}`)
    return { actions: [], candidates, blockedReason, warnings }
  }
  if (options.manifestsFailed) blockedReason = 'some manifests failed to load: nothing is pruned until they are fixed'
  else if (candidates.length > options.maxDeletes && !options.force) {
    blockedReason = `${candidates.length} deletes exceed --max-deletes ${options.maxDeletes}: nothing is pruned (raise the limit or use --force)`
  }
  if (blockedReason) {
    warnings.push(blockedReason)
    return { actions: [], candidates, blockedReason, warnings }
  }
  const ranks = [...new Set(found.map((f) => f.rank))].sort((a, b) => a - b)
  const actions = found
    .map((f) => ({ ...f.action, wave: firstWave + ranks.indexOf(f.rank) }))
    .sort((a, b) => a.wave - b.wave || a.id.localeCompare(b.id))
  return { actions, candidates, blockedReason, warnings }
}
