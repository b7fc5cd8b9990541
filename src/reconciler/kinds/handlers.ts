/**
 * @module The kinds the reconciler manages, in creation order: adding a kind is one folder beside
 * this file and one line here (plus, for a kind manifests declare, its schema in
 * src/manifest/schema/). Everything else derives from this list (registry.ts).
 */
import { chaosScheduleKind } from './chaos-schedule/index.js'
import { clusterKind } from './cluster/index.js'
import { namespaceKind } from './namespace/index.js'
import { serviceKind } from './service/index.js'
import { taskDefinitionRevisionKind } from './task-definition-revision/index.js'

export const HANDLERS = [
  namespaceKind,
  clusterKind,
  serviceKind,
  chaosScheduleKind,
  taskDefinitionRevisionKind,
] as const
