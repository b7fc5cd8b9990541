/** @module Comparable views of a cluster's settings and capacity. Pure. */
import type { CapacityProviderStrategyItem } from '../../../cloud/ports/index.js'

export interface ClusterShape {
  readonly capacityProviders: readonly string[] | undefined
  readonly defaultCapacityProviderStrategy: readonly CapacityProviderStrategyItem[] | undefined
  /** Namespace name (ARNs already mapped to names). */
  readonly serviceConnectNamespace: string | undefined
  readonly containerInsights: string | undefined
}

/** Settings view (UpdateCluster) and capacity view (PutClusterCapacityProviders) kept apart: they are separate calls. */
export function clusterSettingsView(c: ClusterShape): Record<string, unknown> {
  return { serviceConnectNamespace: c.serviceConnectNamespace, containerInsights: c.containerInsights ?? 'disabled' }
}

export function clusterCapacityView(c: ClusterShape): Record<string, unknown> {
  return {
    capacityProviders: c.capacityProviders && c.capacityProviders.length > 0 ? [...c.capacityProviders].sort() : undefined,
    defaultCapacityProviderStrategy:
      c.defaultCapacityProviderStrategy && c.defaultCapacityProviderStrategy.length > 0
        ? Object.fromEntries(c.defaultCapacityProviderStrategy.map((i) => [i.capacityProvider, { weight: i.weight ?? 0, base: i.base ?? 0 }]))
        : undefined,
  }
}
