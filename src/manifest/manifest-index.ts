/**
 * @module Lookups over a ManifestSet by name, built once per set and cached, so that resolving every
 * reference of a set costs one pass over it instead of one scan per reference.
 */
import type {
  ClusterResource,
  ManifestResource,
  ManifestSet,
  NamespaceResource,
  ServiceResource,
} from './model.js'

export interface ManifestIndex {
  /** The first resource with each id (duplicates are the duplicate-name rule's business). */
  readonly resourceById: ReadonlyMap<string, ManifestResource>
  /** Services of each name, in manifest order. */
  readonly servicesByName: ReadonlyMap<string, readonly ServiceResource[]>
  /** The first service of each cluster/name pair. */
  readonly serviceByClusterAndName: ReadonlyMap<string, ServiceResource>
  readonly clusterByName: ReadonlyMap<string, ClusterResource>
  readonly namespaceByName: ReadonlyMap<string, NamespaceResource>
}

// A set is immutable once built, so its index can live as long as the set does.
const cache = new WeakMap<ManifestSet, ManifestIndex>()

export function manifestIndex(set: ManifestSet): ManifestIndex {
  let index = cache.get(set)
  if (!index) {
    index = buildIndex(set)
    cache.set(set, index)
  }
  return index
}

export function clusterServiceKey(cluster: string, name: string): string {
  // NUL cannot appear in a DNS-label name, so the key is unambiguous.
  return `${cluster}\u0000${name}`
}

function firstBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>()
  for (const item of items) {
    const k = key(item)
    if (!map.has(k)) map.set(k, item)
  }
  return map
}

function buildIndex(set: ManifestSet): ManifestIndex {
  const servicesByName = new Map<string, ServiceResource[]>()
  for (const service of set.byKind.Service) {
    const list = servicesByName.get(service.name)
    if (list) list.push(service)
    else servicesByName.set(service.name, [service])
  }
  return {
    resourceById: firstBy(set.resources, (r) => r.id),
    servicesByName,
    serviceByClusterAndName: firstBy(set.byKind.Service, (s) => clusterServiceKey(s.cluster, s.name)),
    clusterByName: firstBy(set.byKind.Cluster, (c) => c.name),
    namespaceByName: firstBy(set.byKind.Namespace, (n) => n.name),
  }
}
