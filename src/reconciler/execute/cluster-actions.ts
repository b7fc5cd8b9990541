/** @module Creates and updates ECS clusters: settings, capacity providers and tags are separate calls. */
import type { ClusterInput } from '../../cloud/ports/index.js'
import type { ClusterPayload, PlanAction } from '../plan/types.js'
import type { ExecutionContext } from './context.js'
import { tagDelta } from './tags.js'

export async function applyCluster(action: PlanAction, payload: ClusterPayload, ctx: ExecutionContext, ignoreTag: (k: string) => boolean): Promise<void> {
  const ecs = ctx.writers.ecs
  const input: ClusterInput = {
    name: action.name,
    ...(payload.capacityProviders ? { capacityProviders: payload.capacityProviders } : {}),
    ...(payload.defaultCapacityProviderStrategy ? { defaultCapacityProviderStrategy: payload.defaultCapacityProviderStrategy } : {}),
    ...(payload.serviceConnectNamespace !== undefined ? { serviceConnectDefaultsNamespace: payload.serviceConnectNamespace } : {}),
    ...(payload.containerInsights ? { containerInsights: payload.containerInsights } : {}),
  }
  if (action.action === 'create') {
    await ecs.createCluster({ ...input, tags: payload.tags })
    return
  }
  if (action.action !== 'update') return
  if (payload.changed.settings) {
    await ecs.updateCluster({ ...input, serviceConnectDefaultsNamespace: payload.serviceConnectNamespace ?? '', containerInsights: payload.containerInsights ?? 'disabled' })
  }
  if (payload.changed.capacity) await ecs.putClusterCapacityProviders({ ...input, capacityProviders: payload.capacityProviders ?? [], defaultCapacityProviderStrategy: payload.defaultCapacityProviderStrategy ?? [] })
  if (payload.liveArn) {
    const delta = tagDelta(payload.liveTags, payload.tags, ignoreTag)
    if (Object.keys(delta.set).length > 0) await ecs.tagResource(payload.liveArn, delta.set)
    if (delta.remove.length > 0) await ecs.untagResource(payload.liveArn, delta.remove)
  }
}
