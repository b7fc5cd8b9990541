/** @module The schema of each kind, by kind name; the one source for validation and JSON Schema. */
import { z } from 'zod'
import { chaosScheduleDocument } from './chaos-schedule.js'
import { clusterDocument } from './cluster.js'
import type { Kind } from './common.js'
import { namespaceDocument } from './namespace.js'
import { serviceDocument } from './service.js'

export const documentSchemas = {
  Cluster: clusterDocument,
  Namespace: namespaceDocument,
  Service: serviceDocument,
  ChaosSchedule: chaosScheduleDocument,
} as const satisfies Record<Kind, z.ZodType>

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
