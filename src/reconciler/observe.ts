/** @module Reads the live state a plan needs, with the fewest calls the APIs allow: every kind reads its part. */
import type { CloudReaders } from '../cloud/ports/index.js'
import type { ManifestSet } from '../manifest/model.js'
import { emptyActualState, type ActualState } from './actual.js'
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
  const parts = await Promise.all(KIND_HANDLERS.map((h) => h.observe(ctx)))
  const actual = Object.assign(emptyActualState(), ...parts) as ActualState
  const later = await Promise.all(
    KIND_HANDLERS.map((h) => h.observeAfter?.(ctx, actual) ?? Promise.resolve({})),
  )
  return Object.assign(actual, ...later) as ActualState
}
