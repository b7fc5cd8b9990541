/** @module The prune set: managed resources that left the manifests, fenced (product.md §2). Pure. */
import type { ManifestSet } from '../../manifest/model.js'
import type { ActualState } from '../actual.js'
import { scalingResourceId } from '../kinds/service-desired.js'
import { ownershipOf, TAG_RESOURCE, type OwnershipContext } from '../ownership.js'
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
 * Delete order, reverse of creation: chaos first, clients before servers, namespaces last.
 * Clusters are never pruned: deleting a whole cluster is left to people.
 */
const RANK = { ChaosSchedule: 0, ServiceClient: 1, ServiceServer: 2, Namespace: 3 } as const

export function planDeletes(set: ManifestSet, actual: ActualState, options: PruneOptions, firstWave: number): DeletePlan {
  const desiredIds = new Set(set.resources.map((r) => r.id))
  const ours = (tags: Record<string, string>): boolean => ownershipOf(tags, options.instance) === 'ours'
  const found: { rank: number; action: PlanAction }[] = []
  const entry = (rank: number, action: Omit<PlanAction, 'wave' | 'action' | 'diff' | 'ignored' | 'dependsOn'>) =>
    found.push({ rank, action: { ...action, wave: 0, action: 'delete', diff: [], ignored: [], dependsOn: [] } })

  for (const t of actual.experimentTemplates) {
    const id = t.tags[TAG_RESOURCE]
    if (ours(t.tags) && id?.startsWith('ChaosSchedule/') && !desiredIds.has(id)) {
      entry(RANK.ChaosSchedule, {
        id,
        kind: 'ChaosSchedule',
        name: id.slice('ChaosSchedule/'.length),
        cluster: undefined,
        reasons: ['no longer in the manifests'],
        payload: { type: 'ChaosSchedule', content: t, tags: t.tags, live: t },
      })
    }
  }
  for (const [key, live] of actual.services) {
    const [cluster = '', name = ''] = key.split('/')
    const id = `Service/${cluster}/${name}`
    if (!actual.listedClusters.has(cluster) || desiredIds.has(id) || !ours(live.service.tags)) continue
    const primary = live.service.deployments.find((d) => d.status === 'PRIMARY')
    const clientServer = (primary?.serviceConnectConfiguration?.services?.length ?? 0) > 0
    entry(clientServer ? RANK.ServiceServer : RANK.ServiceClient, {
      id,
      kind: 'Service',
      name,
      cluster,
      reasons: ['no longer in the manifests'],
      payload: {
        type: 'Service',
        cluster,
        taskDefinition: live.taskDefinition ?? { family: name, containerDefinitions: [] },
        registerTaskDefinition: false,
        settings: {},
        tags: live.service.tags,
        scaling: undefined,
        live: live.service,
        liveTaskDefinitionArn: live.service.taskDefinition,
        liveTaskDefinition: live.taskDefinition,
        liveScaling: actual.scaling.get(scalingResourceId(cluster, name)),
        forceNewDeployment: false,
        clientServer,
      },
    })
  }
  for (const ns of actual.namespaces) {
    const id = `Namespace/${ns.name}`
    if (!ours(ns.tags) || desiredIds.has(id)) continue
    entry(RANK.Namespace, {
      id,
      kind: 'Namespace',
      name: ns.name,
      cluster: undefined,
      reasons: ['no longer in the manifests'],
      payload: { type: 'Namespace', description: ns.description, tags: ns.tags, liveId: ns.id, liveArn: ns.arn, liveTags: ns.tags },
    })
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
