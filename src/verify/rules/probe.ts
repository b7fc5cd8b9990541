/** @module Builds a probe placed at a manifest field, and the rule type every check module exports. */
import type { FieldPath } from '../../manifest/load/source-map.js'
import type { ManifestResource } from '../../manifest/model.js'
import type { AccountLookups } from '../../cloud/ports/index.js'
import { withLazyField } from '../../shared/lazy-field.js'
import { failed, judgeLookup, passed } from '../judge.js'
import type { AccountFacts, Probe, Verdict, VerifyContext, WantedReads } from '../types.js'

/** A rule turns one manifest resource into the checks it needs (none for kinds it does not check). */
export type VerifyRule = (resource: ManifestResource, context: VerifyContext) => Probe[]

export function probeAt(
  resource: ManifestResource,
  specPath: FieldPath,
  probe: Omit<Probe, 'subject' | 'position'>,
): Probe {
  return withLazyField({ ...probe, subject: resource.id }, 'position', () =>
    resource.source.positionOf(['spec', ...specPath]),
  )
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

type LookupKind = Exclude<keyof AccountFacts, 'images' | 'pullThrough'>
type FoundValue<K extends LookupKind> = AccountFacts[K] extends AccountLookups<infer T> ? T : never

/**
 * The common check: read one resource by name and fail with `missing` (and its fix) when it is not
 * there; `found` judges what was read (default: it exists). `reads` adds what `found` compares with.
 */
export function existenceProbe<K extends LookupKind>(
  resource: ManifestResource,
  specPath: FieldPath,
  probe: {
    readonly check: string
    readonly name: string
    readonly kind: K
    readonly missing: string
    readonly hint: string
    readonly reads?: WantedReads
    readonly found?: (value: FoundValue<K>, facts: AccountFacts) => Verdict
  },
): Probe {
  const { name, kind } = probe
  return probeAt(resource, specPath, {
    check: probe.check,
    resource: name,
    reads: { ...probe.reads, [kind]: [...((probe.reads?.[kind] as string[] | undefined) ?? []), name] },
    judge: (facts) =>
      judgeLookup(
        (facts[kind] as AccountLookups<FoundValue<K>>).get(name),
        failed(probe.missing, probe.hint),
        (value) => (probe.found ? probe.found(value, facts) : passed('exists')),
      ),
  })
}
