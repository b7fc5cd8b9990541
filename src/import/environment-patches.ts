/**
 * @module Imported documents as an environment's overlay: a document whose kind and name (and
 * cluster) a base declares becomes a patch holding only what differs from the base; one equal to its
 * base is not written; one no base declares is written whole (an added resource). Pure.
 */
import { identityOf } from '../manifest/environment/compose.js'
import { mergePatch } from '../manifest/environment/merge.js'
import { patchBetween } from '../manifest/environment/patch-between.js'
import { API_VERSION } from '../manifest/schema/index.js'
import { fileText, type ImportedDocument } from './documents.js'
import type { ImportedFile } from './render-import.js'

/** A base document as the environment composes it (bases merged, references resolved). */
export interface BaseDocument {
  readonly value: unknown
  /** `file:line` of the document, for the patch's note. */
  readonly at: string
}

export type OverlayOutcome = 'patch' | 'added' | 'same as the base'

export interface OverlayEntry {
  readonly resource: string
  readonly outcome: OverlayOutcome
  /** Where the base document is, for a patch or an unchanged one. */
  readonly base?: string
  /** Why merging the patch onto the base does not give the live resource exactly, if it does not. */
  readonly inexact?: string
}

export interface OverlayImport {
  readonly files: ImportedFile[]
  readonly entries: OverlayEntry[]
}

/**
 * Members a live resource cannot tell, so a patch never removes them from the base: labels and
 * annotations, the order between services, drift handling and hooks.
 */
const KEEP_FROM_BASE: readonly (readonly string[])[] = [
  ['metadata'],
  ['spec', 'dependsOn'],
  ['spec', 'drift'],
  ['spec', 'hooks'],
]

export function asEnvironmentOverlay(
  files: readonly ImportedFile[],
  bases: readonly BaseDocument[],
  defaultCluster: string,
  header: readonly string[],
): OverlayImport {
  const byId = new Map<string, BaseDocument>()
  for (const base of bases) {
    const id = identityKey(base.value, defaultCluster)
    if (id !== undefined && !byId.has(id)) byId.set(id, base)
  }
  const entries: OverlayEntry[] = []
  const out: ImportedFile[] = []
  for (const file of files) {
    const documents: ImportedDocument[] = []
    for (const document of file.documents) {
      const written = overlayDocument(document, byId, defaultCluster)
      entries.push(written.entry)
      if (written.document) documents.push(written.document)
    }
    if (documents.length > 0) out.push({ ...file, text: fileText(header, documents), documents })
  }
  return { files: out, entries }
}

function overlayDocument(
  document: ImportedDocument,
  byId: ReadonlyMap<string, BaseDocument>,
  defaultCluster: string,
): { entry: OverlayEntry; document?: ImportedDocument } {
  const target = valueOf(document)
  const resource = `${document.kind} ${document.name}`
  const base = byId.get(identityKey(target, defaultCluster) ?? '')
  if (!base) return { entry: { resource, outcome: 'added' }, document }
  const patch = patchBetween(base.value, target, { keep: KEEP_FROM_BASE }) as
    { spec?: Record<string, unknown> } | undefined
  if (patch === undefined) return { entry: { resource, outcome: 'same as the base', base: base.at } }
  const cluster = (document.spec as { cluster?: unknown }).cluster
  const spec = { ...(cluster === undefined ? {} : { cluster }), ...(patch.spec ?? {}) }
  const patched: ImportedDocument = {
    ...document,
    spec,
    notes: [`A patch against ${base.at}: only what differs from the base.`, ...document.notes],
  }
  const inexact = checkPatch(base.value, valueOf(patched), target)
  return {
    entry: { resource, outcome: 'patch', base: base.at, ...(inexact ? { inexact } : {}) },
    document: patched,
  }
}

/** Merging the patch onto the base must give the live resource; a reordered named list cannot. */
function checkPatch(base: unknown, patch: unknown, target: unknown): string | undefined {
  const merged = mergePatch(base, patch).value
  const rest = patchBetween(merged, target, { keep: KEEP_FROM_BASE })
  if (rest === undefined) return undefined
  return `merged onto the base it differs from the live resource in ${JSON.stringify(rest)} (a patch keeps the base's order of containers, volumes and port mappings)`
}

function valueOf(document: ImportedDocument): Record<string, unknown> {
  return {
    apiVersion: API_VERSION,
    kind: document.kind,
    metadata: { name: document.name },
    spec: document.spec,
  }
}

function identityKey(value: unknown, defaultCluster: string): string | undefined {
  const id = identityOf(value, defaultCluster)
  return id === undefined ? undefined : JSON.stringify([id.kind, id.name, id.cluster ?? null])
}
