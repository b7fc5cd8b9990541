/** @module The dependency edges of docs/reconciling.md, derived from the manifests. */
import { createGraph, type DependencyGraph, type Edge } from '../graph/index.js'
import type { ManifestSet, ServiceResource } from './model.js'
import {
  findCluster,
  findNamespace,
  isClientServer,
  resolveService,
  serviceConnectNamespaceOf,
} from './references.js'

export type EdgeReason = 'dependsOn' | 'service-connect' | 'namespace' | 'cluster' | 'chaos-target'

export interface ReasonedEdge extends Edge {
  readonly reason: EdgeReason
}

export interface ManifestGraph {
  readonly graph: DependencyGraph
  readonly edges: readonly ReasonedEdge[]
}

/** The client-server services of each Service Connect namespace: the backends its clients depend on. */
function clientServersByNamespace(
  namespaceOf: ReadonlyMap<ServiceResource, string | undefined>,
): Map<string, ServiceResource[]> {
  const byNamespace = new Map<string, ServiceResource[]>()
  for (const [service, namespace] of namespaceOf) {
    if (namespace === undefined || !isClientServer(service)) continue
    const list = byNamespace.get(namespace)
    if (list) list.push(service)
    else byNamespace.set(namespace, [service])
  }
  return byNamespace
}

/**
 * Edges, dependent → dependency:
 * - a service on each service it names in `dependsOn`;
 * - a Service Connect client on every client-server service of its namespace, unless its `dependsOn`
 *   already names some of them, which then narrows the set to those;
 * - a service or cluster on the declared namespace it uses, a service on its declared cluster;
 * - a chaos schedule on its target service.
 */
export function buildDependencyGraph(set: ManifestSet): ManifestGraph {
  const edges: ReasonedEdge[] = []
  const seen = new Map<string, Set<string>>()
  const add = (from: string, to: string, reason: EdgeReason): void => {
    // The first reason found for a pair is the one kept.
    let targets = seen.get(from)
    if (targets === undefined) seen.set(from, (targets = new Set()))
    if (targets.has(to)) return
    targets.add(to)
    edges.push({ from, to, reason })
  }
  const namespaceOf = new Map<ServiceResource, string | undefined>(
    set.byKind.Service.map((s) => [s, serviceConnectNamespaceOf(set, s)]),
  )
  const backendsByNamespace = clientServersByNamespace(namespaceOf)

  for (const service of set.byKind.Service) {
    const explicit = new Set<ServiceResource>()
    for (const name of service.spec.dependsOn ?? []) {
      const dep = resolveService(set, name, service.cluster)
      if (dep === undefined) continue
      explicit.add(dep)
      add(service.id, dep.id, 'dependsOn')
    }

    const namespace = namespaceOf.get(service)
    if (namespace !== undefined) {
      const declared = findNamespace(set, namespace)
      if (declared) add(service.id, declared.id, 'namespace')
      if (!isClientServer(service)) {
        const backends = backendsByNamespace.get(namespace) ?? []
        const narrowed = backends.some((b) => explicit.has(b))
        if (!narrowed) for (const backend of backends) add(service.id, backend.id, 'service-connect')
      }
    }
    const cluster = findCluster(set, service.cluster)
    if (cluster) add(service.id, cluster.id, 'cluster')
  }

  for (const cluster of set.byKind.Cluster) {
    const ns = cluster.spec.serviceConnectDefaults?.namespace
    const declared = ns === undefined ? undefined : findNamespace(set, ns)
    if (declared) add(cluster.id, declared.id, 'namespace')
  }

  for (const chaos of set.byKind.ChaosSchedule) {
    const target = resolveService(set, chaos.spec.target.service, chaos.cluster)
    if (target) add(chaos.id, target.id, 'chaos-target')
  }

  return {
    graph: createGraph(
      set.resources.map((r) => r.id),
      edges,
    ),
    edges,
  }
}
