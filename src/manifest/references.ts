/** @module Resolves names used inside manifests (services, namespaces) to resources. */
import { clusterServiceKey, manifestIndex } from './manifest-index.js'
import type { ClusterResource, ManifestSet, NamespaceResource, ServiceResource } from './model.js'

/** A service named in `dependsOn` or a chaos target: same cluster first, else the only one of that name. */
export function resolveService(set: ManifestSet, name: string, cluster: string): ServiceResource | undefined {
  const index = manifestIndex(set)
  const sameCluster = index.serviceByClusterAndName.get(clusterServiceKey(cluster, name))
  if (sameCluster) return sameCluster
  const byName = index.servicesByName.get(name) ?? []
  return byName.length === 1 ? byName[0] : undefined
}

/** The namespace (name or ARN) a service's Service Connect uses: its own, else its declared cluster's default. */
export function serviceConnectNamespaceOf(set: ManifestSet, service: ServiceResource): string | undefined {
  const sc = service.spec.serviceConnect
  if (!sc) return undefined
  if (sc.namespace) return sc.namespace
  return findCluster(set, service.cluster)?.spec.serviceConnectDefaults?.namespace
}

export function findNamespace(set: ManifestSet, name: string): NamespaceResource | undefined {
  return manifestIndex(set).namespaceByName.get(name)
}

/** The first Cluster declared with that name, if any (a service may use an undeclared cluster). */
export function findCluster(set: ManifestSet, name: string): ClusterResource | undefined {
  return manifestIndex(set).clusterByName.get(name)
}

export function isClientServer(service: ServiceResource): boolean {
  return (service.spec.serviceConnect?.services?.length ?? 0) > 0
}
