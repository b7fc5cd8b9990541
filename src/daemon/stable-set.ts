/**
 * @module Keeps the objects of unchanged manifests from one daemon pass to the next. A resource whose
 * content (fingerprint), source document and cluster are as in the previous pass is replaced by the
 * previous pass's object, so what the planner renders from a manifest once (kinds/service/rendered.ts)
 * is reused, and a resync renders only what changed. Pure.
 */
import { createHash } from 'node:crypto'
import { buildManifestSet, type ManifestResource, type ManifestSet } from '../manifest/model.js'
import { stableJson } from '../reconciler/diff/diff.js'

export interface FingerprintedSet {
  readonly set: ManifestSet
  /** Per resource id, its content as the daemon compares it. */
  readonly fingerprints: ReadonlyMap<string, string>
}

const clusterOf = (r: ManifestResource): string | undefined =>
  'cluster' in r ? (r as { cluster?: string }).cluster : undefined

export function keepUnchanged(next: FingerprintedSet, previous: FingerprintedSet | undefined): ManifestSet {
  if (!previous) return next.set
  const before = new Map(previous.set.resources.map((r) => [r.id, r]))
  let kept = 0
  const resources = next.set.resources.map((r) => {
    const old = before.get(r.id)
    const same =
      old !== undefined &&
      old !== r &&
      old.source === r.source &&
      clusterOf(old) === clusterOf(r) &&
      next.fingerprints.get(r.id) === previous.fingerprints.get(r.id)
    if (!same) return r
    kept++
    return old
  })
  return kept === 0 ? next.set : buildManifestSet(resources, next.set.defaultCluster)
}

/** Fingerprints by resource object: the loader hands back the same object for an unchanged file. */
const fingerprintOf = new WeakMap<ManifestResource, string>()

/** Per resource id, its content: a hash of metadata and spec as sorted JSON (kept small: a daemon holds one per resource). */
export function resourceFingerprints(set: ManifestSet): Map<string, string> {
  return new Map(
    set.resources.map((r) => {
      let fingerprint = fingerprintOf.get(r)
      if (fingerprint === undefined) {
        fingerprint = createHash('sha256')
          .update(stableJson([r.metadata, r.spec]))
          .digest('base64')
        fingerprintOf.set(r, fingerprint)
      }
      return [r.id, fingerprint]
    }),
  )
}
