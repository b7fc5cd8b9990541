/** @module The desired state: typed resources from the manifests, each with its source map. */
import type { DocumentSource } from './load/source-map.js'
import type { ChaosScheduleSpec, ClusterSpec, Kind, NamespaceSpec, ServiceSpec } from './schema/index.js'

export interface Metadata {
  readonly name: string
  readonly labels?: Record<string, string> | undefined
  readonly annotations?: Record<string, string> | undefined
}

interface ResourceBase<K extends Kind, S> {
  readonly kind: K
  /** Graph and plan identity: `Kind/name`, or `Service/cluster/name` (services are unique per cluster). */
  readonly id: string
  readonly name: string
  readonly metadata: Metadata
  readonly spec: S
  readonly source: DocumentSource
}

export type ClusterResource = ResourceBase<'Cluster', ClusterSpec>
export type NamespaceResource = ResourceBase<'Namespace', NamespaceSpec>
export interface ServiceResource extends ResourceBase<'Service', ServiceSpec> {
  /** The cluster name: `spec.cluster`, else the default cluster of the run. */
  readonly cluster: string
}
export interface ChaosScheduleResource extends ResourceBase<'ChaosSchedule', ChaosScheduleSpec> {
  readonly cluster: string
}

export type ManifestResource = ClusterResource | NamespaceResource | ServiceResource | ChaosScheduleResource

export interface ManifestSet {
  readonly resources: readonly ManifestResource[]
  readonly clusters: readonly ClusterResource[]
  readonly namespaces: readonly NamespaceResource[]
  readonly services: readonly ServiceResource[]
  readonly chaosSchedules: readonly ChaosScheduleResource[]
  /** Cluster used by manifests that name none. */
  readonly defaultCluster: string
}

export function resourceId(kind: Kind, name: string, cluster?: string): string {
  return kind === 'Service' ? `Service/${cluster ?? 'default'}/${name}` : `${kind}/${name}`
}

export function buildManifestSet(
  resources: readonly ManifestResource[],
  defaultCluster: string,
): ManifestSet {
  return {
    resources,
    clusters: resources.filter((r): r is ClusterResource => r.kind === 'Cluster'),
    namespaces: resources.filter((r): r is NamespaceResource => r.kind === 'Namespace'),
    services: resources.filter((r): r is ServiceResource => r.kind === 'Service'),
    chaosSchedules: resources.filter((r): r is ChaosScheduleResource => r.kind === 'ChaosSchedule'),
    defaultCluster,
  }
}
