/** @module Comparable views of a cluster's settings and capacity. Pure. */
import type { CapacityProviderStrategyItem } from '../../../cloud/ports/index.js'
import { STRATEGY_ITEM_DEFAULTS } from '../service/defaults.js'

export interface ClusterShape {
  readonly capacityProviders: readonly string[] | undefined
  readonly defaultCapacityProviderStrategy: readonly CapacityProviderStrategyItem[] | undefined
  /** Namespace name (ARNs already mapped to names). */
  readonly serviceConnectNamespace: string | undefined
  readonly containerInsights: string | undefined
}

/** What ECS assumes when a cluster leaves a setting out; `import` omits live values equal to it. */
export const CLUSTER_DEFAULTS = { containerInsights: 'disabled' } as const

/** Settings view (UpdateCluster) and capacity view (PutClusterCapacityProviders) kept apart: they are separate calls. */
export function clusterSettingsView(c: ClusterShape): Record<string, unknown> {
  return {
    serviceConnectNamespace: c.serviceConnectNamespace,
    containerInsights: c.containerInsights ?? CLUSTER_DEFAULTS.containerInsights,
  }
}

export function clusterCapacityView(c: ClusterShape): Record<string, unknown> {
  return {
    capacityProviders:
      c.capacityProviders && c.capacityProviders.length > 0 ? [...c.capacityProviders].sort() : undefined,
    defaultCapacityProviderStrategy:
      c.defaultCapacityProviderStrategy && c.defaultCapacityProviderStrategy.length > 0
        ? Object.fromEntries(
            c.defaultCapacityProviderStrategy.map((i) => [
              i.capacityProvider,
              {
                weight: i.weight ?? STRATEGY_ITEM_DEFAULTS.weight,
                base: i.base ?? STRATEGY_ITEM_DEFAULTS.base,
              },
            ]),
          )
        : undefined,
  }
}
