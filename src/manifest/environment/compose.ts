/**
 * @module Applies an environment folder's documents to its bases' documents: one with the kind and
 * name (and, for a service, the cluster) of a base document is a patch merged onto it; one with no
 * match is an added resource and must be complete. Pure: no file system, no clock.
 */
import { toManifestIssue } from '../check-documents.js'
import { didYouMean } from '../did-you-mean.js'
import type { ManifestIssue } from '../issues.js'
import type { ParsedDocument } from '../load/parse-yaml.js'
import type { DocumentSource } from '../load/source-map.js'
import { documentSchemas, KINDS, type Kind } from '../schema/index.js'
import { isPlainMap, mergePatch } from './merge.js'
import { mergedSource } from './merged-source.js'

interface Identity {
  readonly kind: Kind
  readonly name: string
  /** Services are unique per cluster; other kinds have none. */
  readonly cluster?: string
}

export interface ComposeResult {
  readonly documents: ParsedDocument[]
  readonly issues: ManifestIssue[]
}

/** The base documents with the overlay's patches merged in, then the overlay's added documents. */
export function composeDocuments(
  bases: readonly ParsedDocument[],
  overlay: readonly ParsedDocument[],
  defaultCluster: string,
): ComposeResult {
  const documents = [...bases]
  const byId = new Map<string, number>()
  bases.forEach((doc, i) => {
    const id = identityOf(doc.value, defaultCluster)
    if (id && !byId.has(key(id))) byId.set(key(id), i)
  })
  const issues: ManifestIssue[] = []
  for (const patch of overlay) {
    const id = identityOf(patch.value, defaultCluster)
    const at = id ? byId.get(key(id)) : undefined
    if (!id || at === undefined) {
      const unmatched = id ? unmatchedPatch(patch, id, bases, defaultCluster) : undefined
      if (unmatched) issues.push(unmatched)
      else documents.push(patch)
      continue
    }
    const merged = applyPatch(documents[at] as ParsedDocument, patch, id, defaultCluster)
    for (const issue of merged.issues) issues.push(issue)
    documents[at] = merged.document
  }
  return { documents, issues }
}

function applyPatch(
  base: ParsedDocument,
  patch: ParsedDocument,
  id: Identity,
  defaultCluster: string,
): { document: ParsedDocument; issues: ManifestIssue[] } {
  const result = mergePatch(base.value, patch.value)
  const basePosition = where(base.source)
  const issues: ManifestIssue[] = result.problems.map((p) => ({
    ruleId: 'environment/patch',
    severity: 'error',
    message: `${p.message} (patching ${describe(id)} of ${basePosition})`,
    hint: p.hint,
    position: patch.source.positionOf(p.path, { key: true }),
    path: p.path,
  }))
  const after = identityOf(result.value, defaultCluster)
  if (!after || key(after) !== key(id)) {
    issues.push({
      ruleId: 'environment/identity-change',
      severity: 'error',
      message: `a patch may not change the kind, name or cluster of ${describe(id)} of ${basePosition}`,
      hint: 'write a separate document for a different resource, and patch this one without changing its identity',
      position: patch.source.positionOf(['spec', 'cluster']),
    })
  }
  const source = mergedSource({ base, patch, merged: result.value })
  return { document: { value: result.value, source }, issues }
}

/**
 * An overlay document with no base to patch is an added resource; when it is incomplete it was
 * most likely meant as a patch, so it is reported as one that matches nothing.
 */
function unmatchedPatch(
  patch: ParsedDocument,
  id: Identity,
  bases: readonly ParsedDocument[],
  defaultCluster: string,
): ManifestIssue | undefined {
  const schema = documentSchemas[id.kind]
  const checked = schema.safeParse(patch.value)
  if (checked.success) return undefined
  const first = checked.error.issues[0]
  const problem = first ? toManifestIssue(first, patch.source, schema) : undefined
  const sameKind = bases
    .map((b) => identityOf(b.value, defaultCluster))
    .filter((b): b is Identity => b?.kind === id.kind)
  const sameName = sameKind.find((b) => b.name === id.name)
  const nearest = sameName
    ? undefined
    : didYouMean(
        id.name,
        sameKind.map((b) => b.name),
      )
  const hint = sameName
    ? `the base has ${describe(sameName)}: set spec.cluster to ${sameName.cluster ?? defaultCluster} to patch it`
    : nearest
      ? `did you mean ${describe({ kind: id.kind, name: nearest })}? Patches match by kind and name`
      : `the bases declare no ${id.kind} of that name${sameKind.length > 0 ? ` (they have ${sameKind.map((b) => b.name).join(', ')})` : ''}; an added resource must be complete`
  return {
    ruleId: 'environment/unmatched-patch',
    severity: 'error',
    message: `patch matches nothing: no base declares ${describe(id)}, and as an added resource it is incomplete${problem ? ` (${problem.message})` : ''}`,
    hint,
    position: patch.source.positionOf(['metadata', 'name']),
    path: ['metadata', 'name'],
  }
}

export function identityOf(value: unknown, defaultCluster: string): Identity | undefined {
  if (!isPlainMap(value)) return undefined
  const kind = value['kind']
  const metadata = value['metadata']
  const name = isPlainMap(metadata) ? metadata['name'] : undefined
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind) || typeof name !== 'string') {
    return undefined
  }
  if (kind !== 'Service') return { kind: kind as Kind, name }
  const spec = value['spec']
  const cluster = isPlainMap(spec) && typeof spec['cluster'] === 'string' ? spec['cluster'] : defaultCluster
  return { kind, name, cluster }
}

function key(id: Identity): string {
  return id.cluster === undefined ? `${id.kind}/${id.name}` : `${id.kind}/${id.cluster}/${id.name}`
}

function describe(id: Identity): string {
  return id.cluster === undefined ? `${id.kind} ${id.name}` : `${id.kind} ${id.name} in cluster ${id.cluster}`
}

function where(source: DocumentSource): string {
  const p = source.positionOf([])
  return `${p.file}:${p.line}`
}
