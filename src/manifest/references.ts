/** @module Resolves names used inside manifests (services, namespaces) to resources. */
import type { ManifestSet, NamespaceResource, ServiceResource } from './model.js'

/** A service named in `dependsOn` or a chaos target: same cluster first, else the only one of that name. */
export function resolveService(set: ManifestSet, name: string, cluster: string): ServiceResource | undefined {
  const sameCluster = set.services.find((s) => s.name === name && s.cluster === cluster)
  if (sameCluster) return sameCluster
  const byName = set.services.filter((s) => s.name === name)
  return byName.length === 1 ? byName[0] : undefined
}

/** The namespace (name or ARN) a service's Service Connect uses: its own, else its declared cluster's default. */
export function serviceConnectNamespaceOf(set: ManifestSet, service: ServiceResource): string | undefined {
  const sc = service.spec.serviceConnect
  if (!sc) return undefined
  if (sc.namespace) return sc.namespace
  return set.clusters.find((c) => c.name === service.cluster)?.spec.serviceConnectDefaults?.namespace
}

export function findNamespace(set: ManifestSet, name: string): NamespaceResource | undefined {
  return set.namespaces.find((n) => n.name === name)
}

export function isClientServer(service: ServiceResource): boolean {
  return (service.spec.serviceConnect?.services?.length ?? 0) > 0
}
