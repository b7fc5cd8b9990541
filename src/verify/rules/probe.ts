/** @module Builds a probe placed at a manifest field, and the rule type every check module exports. */
import type { FieldPath } from '../../manifest/load/source-map.js'
import type { ManifestResource } from '../../manifest/model.js'
import type { Probe, VerifyContext } from '../types.js'

/** A rule turns one manifest resource into the checks it needs (none for kinds it does not check). */
export type VerifyRule = (resource: ManifestResource, context: VerifyContext) => Probe[]

export function probeAt(
  resource: ManifestResource,
  specPath: FieldPath,
  probe: Omit<Probe, 'subject' | 'position'>,
): Probe {
  return { ...probe, subject: resource.id, position: resource.source.positionOf(['spec', ...specPath]) }
}

/** A check that needs no read: its verdict is known from the manifest alone. */
export function settledProbe(
  resource: ManifestResource,
  specPath: FieldPath,
  check: string,
  name: string,
  verdict: ReturnType<Probe['judge']>,
): Probe {
  return probeAt(resource, specPath, { check, resource: name, reads: {}, judge: () => verdict })
}
