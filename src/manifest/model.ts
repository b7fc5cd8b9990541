/** @module The desired state: typed resources from the manifests, each with its source map. */
import type { DocumentSource } from './load/source-map.js'
import {
  KIND_DOCUMENTS,
  KINDS,
  type ClusterHomedKind,
  type Kind,
  type KindDocument,
  type SpecOf,
} from './schema/index.js'

export interface Metadata {
  readonly name: string
  readonly labels?: Record<string, string> | undefined
  readonly annotations?: Record<string, string> | undefined
}

interface ResourceBase<K extends Kind, S> {
  readonly kind: K
  /** Graph and plan identity: `Kind/name`, or `Kind/cluster/name` for kinds unique per cluster (services). */
  readonly id: string
  readonly name: string
  readonly metadata: Metadata
  readonly spec: S
  readonly source: DocumentSource
}

/** The cluster a resource lives in, for kinds with a home cluster (`KIND_DOCUMENTS`). */
interface HomedIn {
  /** The cluster its spec names, else the default cluster of the run. */
  readonly cluster: string
}

/** A resource of kind `K`, typed from the kind's schema and descriptor. */
export type ResourceOf<K extends Kind> = ResourceBase<K, SpecOf<K>> &
  (K extends ClusterHomedKind ? HomedIn : unknown)

export type ManifestResource = { [K in Kind]: ResourceOf<K> }[Kind]

export type ClusterResource = ResourceOf<'Cluster'>
export type NamespaceResource = ResourceOf<'Namespace'>
export type ServiceResource = ResourceOf<'Service'>
export type ChaosScheduleResource = ResourceOf<'ChaosSchedule'>

/** Each kind's resources, in manifest order: `set.byKind.Service`. */
export type ResourcesByKind = { readonly [K in Kind]: readonly ResourceOf<K>[] }

export interface ManifestSet {
  readonly resources: readonly ManifestResource[]
  readonly byKind: ResourcesByKind
  /** Cluster used by manifests that name none. */
  readonly defaultCluster: string
}

/** Whether names of this kind are unique per cluster (services), not per kind. */
export function isPerCluster(kind: Kind): boolean {
  return (KIND_DOCUMENTS[kind] as KindDocument).perCluster === true
}

export function resourceId(kind: Kind, name: string, cluster?: string): string {
  return isPerCluster(kind) ? `${kind}/${cluster ?? 'default'}/${name}` : `${kind}/${name}`
}

export function buildManifestSet(
  resources: readonly ManifestResource[],
  defaultCluster: string,
): ManifestSet {
  const byKind = new Map<string, ManifestResource[]>(KINDS.map((kind) => [kind, []]))
  for (const resource of resources) {
    const ofKind = byKind.get(resource.kind)
    if (ofKind) ofKind.push(resource)
    else byKind.set(resource.kind, [resource])
  }
  return { resources, byKind: Object.fromEntries(byKind) as unknown as ResourcesByKind, defaultCluster }
}
