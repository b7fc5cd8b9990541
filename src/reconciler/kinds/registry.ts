/**
 * @module The kinds the reconciler manages, in creation order. Adding a kind is one folder beside
 * this file and one line here (its manifest schema lives in src/manifest/schema, which the pure
 * loader owns); the stages iterate over this list and never switch on a kind.
 */
import type { ManifestResource } from '../../manifest/model.js'
import type { Kind } from '../../manifest/schema/index.js'
import { chaosScheduleKind } from './chaos-schedule/index.js'
import { clusterKind } from './cluster/index.js'
import type { KindHandler } from './handler.js'
import { namespaceKind } from './namespace/index.js'
import { serviceKind } from './service/index.js'

const HANDLERS = [namespaceKind, clusterKind, serviceKind, chaosScheduleKind] as const

type PayloadOf<H> = H extends KindHandler<ManifestResource, infer P> ? P : never
/** Every kind's action payload. */
export type ActionPayload = PayloadOf<(typeof HANDLERS)[number]>

export const KIND_HANDLERS: readonly KindHandler<ManifestResource, ActionPayload>[] = HANDLERS

const BY_KIND = new Map<Kind, KindHandler<ManifestResource, ActionPayload>>(KIND_HANDLERS.map((h) => [h.kind, h]))

export function handlerFor(kind: Kind): KindHandler<ManifestResource, ActionPayload> {
  const handler = BY_KIND.get(kind)
  if (!handler) throw new Error(`no handler registered for kind ${kind} (add it to src/reconciler/kinds/registry.ts)`)
  return handler
}

