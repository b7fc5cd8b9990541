/** @module Reads the live state a plan needs, with the fewest calls the APIs allow: every kind reads its part. */
import type { CloudReaders } from '../cloud/ports/index.js'
import type { ManifestSet } from '../manifest/model.js'
import type { ActualState } from './actual.js'
import { DEFAULT_KEEP_REVISIONS } from './ownership.js'
import type { ObserveContext } from './kinds/handler.js'
import { LiveReads } from './kinds/live-reads.js'
import { KIND_HANDLERS } from './kinds/registry.js'

export interface ObserveOptions {
  readonly instance: string
  /** List beyond what the manifests name, to find managed resources that left them. */
  readonly listForPrune: boolean
  /** `--keep-revisions`: families of ours with more revisions than this are listed for retention. */
  readonly keepRevisions?: number | undefined
}

/**
 * Kinds read in parallel; reads several kinds need (clusters, namespaces) are made once and shared.
 * Then the reads that depend on what was found (revisions of the services' families), in parallel too.
 */
export async function observe(
  set: ManifestSet,
  readers: CloudReaders,
  options: ObserveOptions,
): Promise<ActualState> {
  const reads = new LiveReads(set, readers)
  const ctx: ObserveContext = {
    set,
    readers,
    reads,
    instance: options.instance,
    listForPrune: options.listForPrune,
    keepRevisions: options.keepRevisions ?? DEFAULT_KEEP_REVISIONS,
  }
  const parts = await Promise.all(KIND_HANDLERS.map(async (h) => [h.kind, await h.observe(ctx)] as const))
  const actual = Object.fromEntries(parts) as unknown as ActualState
  const later = await Promise.all(
    KIND_HANDLERS.map(async (h) => [h.kind, await h.observeAfter?.(ctx, actual)] as const),
  )
  const replaced = later.filter(([, part]) => part !== undefined)
  return { ...actual, ...Object.fromEntries(replaced) }
}
