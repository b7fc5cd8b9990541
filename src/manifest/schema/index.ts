/** @module The schema of each kind, by kind name; the one source for validation and JSON Schema. */
import { z } from 'zod'
import { chaosScheduleDocument } from './chaos-schedule.js'
import { clusterDocument } from './cluster.js'
import type { Kind } from './common.js'
import { namespaceDocument } from './namespace.js'
import { serviceDocument, type ServiceSpec } from './service.js'
import type { ChaosScheduleSpec } from './chaos-schedule.js'

/**
 * What the pure loader knows of each manifest kind: its document schema and where a resource of it
 * lives. `homeCluster` (the cluster its spec names; the run's default when it names none) gives the
 * resource a `cluster`; `perCluster` makes its name unique per cluster, so its id holds the cluster.
 */
export const KIND_DOCUMENTS = {
  Cluster: { document: clusterDocument },
  Namespace: { document: namespaceDocument },
  Service: {
    document: serviceDocument,
    homeCluster: (spec: ServiceSpec) => spec.cluster,
    perCluster: true,
  },
  ChaosSchedule: {
    document: chaosScheduleDocument,
    homeCluster: (spec: ChaosScheduleSpec) => spec.target.cluster,
  },
} as const satisfies Record<Kind, KindDocument>

/** A manifest kind as the loader sees it (see `KIND_DOCUMENTS`). */
export interface KindDocument {
  readonly document: z.ZodType
  readonly homeCluster?: (spec: never) => string | undefined
  readonly perCluster?: boolean
}

export const documentSchemas = Object.fromEntries(
  Object.entries(KIND_DOCUMENTS).map(([kind, d]) => [kind, d.document]),
) as { readonly [K in Kind]: (typeof KIND_DOCUMENTS)[K]['document'] }

/** The spec of a manifest kind, as its schema parses it. */
export type SpecOf<K extends Kind> = z.infer<(typeof KIND_DOCUMENTS)[K]['document']>['spec']
/** Kinds whose resources live in a cluster (they carry `cluster`). */
export type ClusterHomedKind = {
  [K in Kind]: (typeof KIND_DOCUMENTS)[K] extends { homeCluster: unknown } ? K : never
}[Kind]

export const manifestDocument = z.discriminatedUnion('kind', [
  clusterDocument,
  namespaceDocument,
  serviceDocument,
  chaosScheduleDocument,
])

export {
  API_VERSION,
  KINDS,
  LIVE_ONLY_KINDS,
  RECONCILED_KINDS,
  type Kind,
  type ReconciledKind,
} from './common.js'
export type { ClusterSpec } from './cluster.js'
export type { NamespaceSpec } from './namespace.js'
export type { ServiceSpec, ServiceConnectServiceSpec } from './service.js'
export type { ChaosScheduleSpec } from './chaos-schedule.js'
export type { TaskDefinitionSpec, ContainerSpec } from './task-definition.js'
