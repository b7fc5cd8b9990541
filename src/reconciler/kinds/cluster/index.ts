/** @module Cluster: an ECS cluster's settings, capacity providers and tags. Never pruned. */
import type {
  ActualCluster,
  CapacityProviderStrategyItem,
  ClusterInput,
  Tags,
} from '../../../cloud/ports/index.js'
import type { ClusterResource } from '../../../manifest/model.js'
import { diffValues, pathWithin } from '../../diff/diff.js'
import type { KindHandler } from '../handler.js'
import { arnTagWriter, comparableTagView, desiredTags } from '../tags.js'
import { clusterCapacityView, clusterSettingsView, type ClusterShape } from './views.js'

declare module '../../actual.js' {
  interface LiveStateByKind {
    /** ACTIVE clusters by name. */
    readonly Cluster: ReadonlyMap<string, ActualCluster>
  }
}

export interface ClusterPayload {
  readonly type: 'Cluster'
  readonly capacityProviders: string[] | undefined
  readonly defaultCapacityProviderStrategy: CapacityProviderStrategyItem[] | undefined
  readonly serviceConnectNamespace: string | undefined
  readonly containerInsights: string | undefined
  readonly tags: Tags
}

export const clusterKind: KindHandler<ClusterResource, ClusterPayload> = {
  kind: 'Cluster',
  label: (name) => `Cluster ${name}`,
  desired: (set) => set.byKind.Cluster,
  clusterOf: (cluster) => cluster.name,
  async observe({ reads }) {
    return reads.clusters()
  },
  emptyLive: () => new Map(),
  compare(cluster, { actual, options, namespaceName }) {
    const live = actual.Cluster.get(cluster.name)
    const spec = cluster.spec
    const tags = desiredTags(spec.tags, cluster.id, options)
    const desired: ClusterShape = {
      capacityProviders: spec.capacityProviders,
      defaultCapacityProviderStrategy: spec.defaultCapacityProviderStrategy?.map((i) => ({
        capacityProvider: i.capacityProvider,
        ...(i.weight !== undefined ? { weight: i.weight } : {}),
        ...(i.base !== undefined ? { base: i.base } : {}),
      })),
      serviceConnectNamespace: spec.serviceConnectDefaults?.namespace,
      containerInsights: spec.containerInsights,
    }
    const payload: ClusterPayload = {
      type: 'Cluster',
      capacityProviders: desired.capacityProviders ? [...desired.capacityProviders] : undefined,
      defaultCapacityProviderStrategy: desired.defaultCapacityProviderStrategy
        ? [...desired.defaultCapacityProviderStrategy]
        : undefined,
      serviceConnectNamespace: desired.serviceConnectNamespace,
      containerInsights: desired.containerInsights,
      tags,
    }
    if (!live) {
      return {
        live: undefined,
        desiredTags: tags,
        diff: [],
        payload,
        attributes: {
          ...clusterSettingsView(desired),
          ...clusterCapacityView(desired),
          tags: comparableTagView(tags),
        },
      }
    }
    const liveShape: ClusterShape = {
      capacityProviders: live.capacityProviders,
      defaultCapacityProviderStrategy: live.defaultCapacityProviderStrategy,
      serviceConnectNamespace: live.serviceConnectDefaultsNamespace
        ? namespaceName(live.serviceConnectDefaultsNamespace)
        : undefined,
      containerInsights: live.containerInsights,
    }
    const diff = [
      ...diffValues(clusterSettingsView(liveShape), clusterSettingsView(desired)),
      ...diffValues(clusterCapacityView(liveShape), clusterCapacityView(desired)),
      ...diffValues({ tags: comparableTagView(live.tags) }, { tags: comparableTagView(tags) }),
    ]
    return { live: { arn: live.arn, tags: live.tags }, desiredTags: tags, diff, payload }
  },
  replaceReason: () => undefined,
  execute: {
    async create(action, payload, ctx) {
      await ctx.writers.ecs.createCluster({ ...clusterInput(action.name, payload), tags: payload.tags })
    },
    // UpdateCluster and PutClusterCapacityProviders are separate calls: only the changed half is sent.
    async update(action, payload, ctx) {
      const input = clusterInput(action.name, payload)
      const changed = (paths: string[]): boolean =>
        action.diff.some((c) => paths.some((p) => pathWithin(c.path, p)))
      if (changed(['serviceConnectNamespace', 'containerInsights'])) {
        await ctx.writers.ecs.updateCluster({
          ...input,
          serviceConnectDefaultsNamespace: payload.serviceConnectNamespace ?? '',
          containerInsights: payload.containerInsights ?? 'disabled',
        })
      }
      if (changed(['capacityProviders', 'defaultCapacityProviderStrategy'])) {
        await ctx.writers.ecs.putClusterCapacityProviders({
          ...input,
          capacityProviders: payload.capacityProviders ?? [],
          defaultCapacityProviderStrategy: payload.defaultCapacityProviderStrategy ?? [],
        })
      }
    },
    tags: (writers) => arnTagWriter(writers.ecs),
  },
}

function clusterInput(name: string, payload: ClusterPayload): ClusterInput {
  return {
    name,
    ...(payload.capacityProviders ? { capacityProviders: payload.capacityProviders } : {}),
    ...(payload.defaultCapacityProviderStrategy
      ? { defaultCapacityProviderStrategy: payload.defaultCapacityProviderStrategy }
      : {}),
    ...(payload.serviceConnectNamespace !== undefined
      ? { serviceConnectDefaultsNamespace: payload.serviceConnectNamespace }
      : {}),
    ...(payload.containerInsights ? { containerInsights: payload.containerInsights } : {}),
  }
}
