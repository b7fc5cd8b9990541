/**
 * @module The registry the stages read: every handler of handlers.ts (one line per kind), by kind.
 * Besides `KINDS` (or `LIVE_ONLY_KINDS`) in src/manifest/schema/common.ts, no other list of kinds
 * exists: the stages iterate over this one and never switch on a kind.
 */
import type { ManifestResource } from '../../manifest/model.js'
import type { ReconciledKind } from '../../manifest/schema/index.js'
import type { ActualState } from '../actual.js'
import type { KindHandler } from './handler.js'
import { HANDLERS } from './handlers.js'

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
    throw new Error(`no handler registered for kind ${kind} (add it to src/reconciler/kinds/handlers.ts)`)
  }
  return handler
}

/** The live state when nothing was read: every kind's `emptyLive`. */
export function emptyActualState(): ActualState {
  return Object.fromEntries(KIND_HANDLERS.map((h) => [h.kind, h.emptyLive()])) as unknown as ActualState
}
