/** @module Reads the live state a plan needs, with the fewest calls the APIs allow: every kind reads its part. */
import type { CloudReaders } from '../cloud/ports/index.js'
import type { ManifestSet } from '../manifest/model.js'
import { emptyActualState, type ActualState } from './actual.js'
import { LiveReads } from './kinds/live-reads.js'
import { KIND_HANDLERS } from './kinds/registry.js'

export interface ObserveOptions {
  readonly instance: string
  /** List beyond what the manifests name, to find managed resources that left them. */
  readonly listForPrune: boolean
}

/** Kinds read in parallel; reads several kinds need (clusters, namespaces) are made once and shared. */
export async function observe(set: ManifestSet, readers: CloudReaders, options: ObserveOptions): Promise<ActualState> {
  const reads = new LiveReads(set, readers)
  const parts = await Promise.all(KIND_HANDLERS.map((h) => h.observe({ set, readers, reads, instance: options.instance, listForPrune: options.listForPrune })))
  return Object.assign(emptyActualState(), ...parts) as ActualState
}
