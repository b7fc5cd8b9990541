/** @module Checks each parsed document's envelope and schema, turning zod issues into located ManifestIssues. */
import type { z } from 'zod'
import { didYouMean } from './did-you-mean.js'
import type { ManifestIssue } from './issues.js'
import type { ParsedDocument } from './load/parse-yaml.js'
import type { DocumentSource, FieldPath } from './load/source-map.js'
import { runSteps, type Steps } from './load/steps.js'
import { resourceId, type ManifestResource } from './model.js'
import { applySynonyms } from './synonyms.js'
import type { UnloadedDocument } from './unloaded.js'
import {
  API_VERSION,
  KIND_DOCUMENTS,
  KINDS,
  documentSchemas,
  type Kind,
  type KindDocument,
} from './schema/index.js'

export interface CheckResult {
  readonly resources: ManifestResource[]
  readonly issues: ManifestIssue[]
  /** Documents refused here, with the kind and name they claim. */
  readonly unloaded: UnloadedDocument[]
}

export function checkDocuments(documents: readonly ParsedDocument[], defaultCluster: string): CheckResult {
  return runSteps(checkDocumentSteps(documents, defaultCluster))
}

/** The same, yielding after each document (see load/steps.ts). */
export function* checkDocumentSteps(
  documents: readonly ParsedDocument[],
  defaultCluster: string,
): Steps<CheckResult> {
  const resources: ManifestResource[] = []
  const issues: ManifestIssue[] = []
  const unloaded: UnloadedDocument[] = []
  for (const doc of documents) {
    yield
    const found = checkEnvelope(doc)
    if ('issue' in found) {
      issues.push(found.issue)
      unloaded.push(claimedIdentity(doc))
      continue
    }
    const schema = documentSchemas[found.kind]
    // The API's spellings of friendly fields become the friendly ones; issues point at what was written.
    const { value, source, issues: synonymIssues } = applySynonyms(found.kind, doc.value, doc.source)
    const parsed = schema.safeParse(value)
    if (!parsed.success || synonymIssues.length > 0) {
      issues.push(...synonymIssues)
      for (const issue of parsed.error?.issues ?? []) issues.push(toManifestIssue(issue, source, schema))
      unloaded.push(claimedIdentity(doc))
      continue
    }
    resources.push(toResource(parsed.data, source, defaultCluster))
  }
  return { resources, issues, unloaded }
}

export function claimedIdentity(doc: ParsedDocument): UnloadedDocument {
  const value = doc.value as { kind?: unknown; metadata?: { name?: unknown } } | null
  const kind = typeof value === 'object' && value !== null ? value.kind : undefined
  const metadata = typeof value === 'object' && value !== null ? value.metadata : undefined
  const name = typeof metadata === 'object' && metadata !== null ? metadata.name : undefined
  return {
    file: doc.source.file,
    ...(typeof kind === 'string' ? { kind } : {}),
    ...(typeof name === 'string' ? { name } : {}),
  }
}

type ZodIssue = z.core.$ZodIssue

type ParsedData = z.infer<(typeof documentSchemas)[Kind]>

function toResource(data: ParsedData, source: DocumentSource, defaultCluster: string): ManifestResource {
  const { homeCluster } = KIND_DOCUMENTS[data.kind] as KindDocument
  const name = data.metadata.name
  const base = { kind: data.kind, name, metadata: data.metadata, spec: data.spec, source }
  if (!homeCluster) return { ...base, id: resourceId(data.kind, name) } as ManifestResource
  const cluster = homeCluster(data.spec as never) ?? defaultCluster
  return { ...base, cluster, id: resourceId(data.kind, name, cluster) } as ManifestResource
}

function checkEnvelope(doc: ParsedDocument): { kind: Kind } | { issue: ManifestIssue } {
  const { value, source } = doc
  const at = (path: FieldPath, key = false) => source.positionOf(path, { key })
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      issue: {
        ruleId: 'doc/not-a-mapping',
        severity: 'error',
        message: `a manifest document must be a mapping with apiVersion, kind, metadata and spec, not ${Array.isArray(value) ? 'a list' : typeof value}`,
        hint: 'start the document with `apiVersion: ecs-reconciler/v1alpha1` and `kind: ...`',
        position: at([]),
      },
    }
  }
  const record = value as Record<string, unknown>
  const kind = record['kind']
  if (kind === undefined) {
    return {
      issue: {
        ruleId: 'doc/missing-kind',
        severity: 'error',
        message: 'document has no `kind`',
        hint: `add \`kind:\` with one of ${KINDS.join(', ')}`,
        position: at([]),
      },
    }
  }
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
    const guess = typeof kind === 'string' ? didYouMean(kind, KINDS) : undefined
    return {
      issue: {
        ruleId: 'doc/unknown-kind',
        severity: 'error',
        message: `unknown kind ${JSON.stringify(kind)}`,
        hint: guess ? `did you mean \`${guess}\`?` : `kind must be one of ${KINDS.join(', ')}`,
        position: at(['kind']),
        path: ['kind'],
      },
    }
  }
  if (record['apiVersion'] !== API_VERSION) {
    return {
      issue: {
        ruleId: 'doc/api-version',
        severity: 'error',
        message:
          record['apiVersion'] === undefined
            ? 'document has no `apiVersion`'
            : `unsupported apiVersion ${JSON.stringify(record['apiVersion'])}`,
        hint: `use \`apiVersion: ${API_VERSION}\``,
        position: at(record['apiVersion'] === undefined ? [] : ['apiVersion']),
        path: ['apiVersion'],
      },
    }
  }
  return { kind: kind as Kind }
}

type IssueOf<C extends ZodIssue['code']> = Extract<ZodIssue, { code: C }>
type Path = (string | number)[]

/** A key the schema does not allow, at the key, with the likely meant key or the allowed ones. */
function unknownFieldIssue(
  issue: IssueOf<'unrecognized_keys'>,
  path: Path,
  source: DocumentSource,
  schema: z.ZodType,
): ManifestIssue {
  const key = issue.keys[0] ?? ''
  const fieldPath = [...path, key]
  const known = knownKeys(schema, path)
  const guess = didYouMean(key, known)
  const others = issue.keys.slice(1).map((k) => `\`${k}\``)
  return {
    ruleId: 'schema/unknown-field',
    severity: 'error',
    message: `unknown field \`${formatPath(fieldPath)}\`${others.length > 0 ? ` (and ${others.join(', ')})` : ''}`,
    hint: guess
      ? `did you mean \`${guess}\`?`
      : known.length > 0
        ? `allowed here: ${known.join(', ')}`
        : 'remove it',
    position: source.positionOf(fieldPath, { key: true }),
    path: fieldPath,
  }
}

/** A missing field (at its parent key) or a value of the wrong type (at the value). */
function typeIssue(issue: IssueOf<'invalid_type'>, path: Path, source: DocumentSource): ManifestIssue {
  const dotted = formatPath(path)
  const missing = issue.message.includes('received undefined')
  return {
    ruleId: missing ? 'schema/required' : 'schema/type',
    severity: 'error',
    message: missing
      ? `\`${dotted}\` is required`
      : `\`${dotted}\`: expected ${issue.expected}, got ${describeReceived(issue.message)}`,
    hint: missing
      ? `add \`${String(path[path.length - 1])}\``
      : `write a ${issue.expected} here${issue.expected === 'string' ? ' (quote it)' : ''}`,
    position: source.positionOf(path, { key: missing }),
    path,
  }
}

/** A value (or record key) the schema refuses: what is wrong, and what to write instead. */
function invalidValueIssue(issue: ZodIssue, path: Path, source: DocumentSource): ManifestIssue {
  const dotted = formatPath(path)
  switch (issue.code) {
    case 'invalid_value':
      return {
        ruleId: 'schema/invalid-value',
        severity: 'error',
        message: `\`${dotted}\`: ${issue.message}`,
        hint: `use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
        position: source.positionOf(path),
        path,
      }
    case 'invalid_key':
      // A record key refused by its own check (a tag key, say): say what that check says, at the key.
      return {
        ruleId: 'schema/invalid-value',
        severity: 'error',
        message: `\`${dotted}\`: ${issue.issues.map((i) => i.message).join('; ') || issue.message}`,
        hint: 'rename the key',
        position: source.positionOf(path, { key: true }),
        path,
      }
    default:
      return {
        ruleId: 'schema/invalid-value',
        severity: 'error',
        message: `\`${dotted || '(document)'}\`: ${issue.message}`,
        hint: 'see `ecs-reconciler schema` for the allowed values',
        position: source.positionOf(path),
        path,
      }
  }
}

export function toManifestIssue(issue: ZodIssue, source: DocumentSource, schema: z.ZodType): ManifestIssue {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol')
  switch (issue.code) {
    case 'unrecognized_keys':
      return unknownFieldIssue(issue, path, source, schema)
    case 'invalid_type':
      return typeIssue(issue, path, source)
    default:
      return invalidValueIssue(issue, path, source)
  }
}

function describeReceived(message: string): string {
  return /received (\w+)/.exec(message)?.[1] ?? 'something else'
}

export function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')
}

/** Field names the schema allows at `path`, for the "did you mean" hint. */
function knownKeys(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let node: unknown = schema
  for (const segment of [...path, undefined]) {
    node = unwrap(node)
    const def = defOf(node)
    if (segment === undefined) break
    if (def?.type === 'object') node = (def.shape as Record<string, unknown>)[String(segment)]
    else if (def?.type === 'array') node = def.element
    else if (def?.type === 'record') node = def.valueType
    else return []
  }
  const def = defOf(unwrap(node))
  return def?.type === 'object' ? Object.keys(def.shape as Record<string, unknown>) : []
}

interface LooseDef {
  type: string
  shape?: unknown
  element?: unknown
  valueType?: unknown
  innerType?: unknown
  in?: unknown
}

function defOf(node: unknown): LooseDef | undefined {
  return (node as { def?: LooseDef } | undefined)?.def
}

function unwrap(node: unknown): unknown {
  let current = node
  for (let i = 0; i < 10; i++) {
    const def = defOf(current)
    if (def && (def.type === 'optional' || def.type === 'default' || def.type === 'nullable')) {
      current = def.innerType
    } else if (def && def.type === 'pipe') current = def.in
    else break
  }
  return current
}
