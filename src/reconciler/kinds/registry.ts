/**
 * @module The kinds the reconciler manages, in creation order. Adding a kind is one folder beside
 * this file and one line here, plus its name in src/manifest/schema/common.ts: `KINDS` with its
 * manifest schema when manifests declare it (the pure loader owns those), `LIVE_ONLY_KINDS` when
 * it only exists as a consequence of another kind. The stages iterate over this list and never
 * switch on a kind.
 */
import type { ManifestResource } from '../../manifest/model.js'
import type { ReconciledKind } from '../../manifest/schema/index.js'
import type { ActualState } from '../actual.js'
import { chaosScheduleKind } from './chaos-schedule/index.js'
import { clusterKind } from './cluster/index.js'
import type { KindHandler } from './handler.js'
import { namespaceKind } from './namespace/index.js'
import { serviceKind } from './service/index.js'
import { taskDefinitionRevisionKind } from './task-definition-revision/index.js'

const HANDLERS = [
  namespaceKind,
  clusterKind,
  serviceKind,
  chaosScheduleKind,
  taskDefinitionRevisionKind,
] as const

type PayloadOf<H> = H extends KindHandler<ManifestResource, infer P> ? P : never
/** Every kind's action payload. */
export type ActionPayload = PayloadOf<(typeof HANDLERS)[number]>

export const KIND_HANDLERS: readonly KindHandler<ManifestResource, ActionPayload>[] = HANDLERS

const BY_KIND = new Map<ReconciledKind, KindHandler<ManifestResource, ActionPayload>>(
  KIND_HANDLERS.map((h) => [h.kind, h]),
)

export function handlerFor(kind: ReconciledKind): KindHandler<ManifestResource, ActionPayload> {
  const handler = BY_KIND.get(kind)
  if (!handler) {
    throw new Error(`no handler registered for kind ${kind} (add it to src/reconciler/kinds/registry.ts)`)
  }
  return handler
}

/** The live state when nothing was read: every kind's `emptyLive`. */
export function emptyActualState(): ActualState {
  return Object.fromEntries(KIND_HANDLERS.map((h) => [h.kind, h.emptyLive()])) as unknown as ActualState
}
