/**
 * @module Resolves the references of a composed environment, once per load: what AWS holds
 * (`${ssm:…}`, `${cfn:…}`, an S3 state) is fetched first, deduplicated, then the Environment's
 * variables (they may use any lookup) and every document are resolved purely from it. An
 * unresolvable reference is an error at its file:line, naming the reference. Without a reader
 * (`validate` without `--lookups`) nothing calls AWS: a document holding such a lookup is not
 * checked, and a warning says so.
 */
import type { LookupReader } from '../../cloud/ports/index.js'
import { claimedIdentity, formatPath } from '../check-documents.js'
import type { ManifestIssue } from '../issues.js'
import type { LoaderFs } from '../load/loader-fs.js'
import type { ParsedDocument } from '../load/parse-yaml.js'
import type { FieldPath } from '../load/source-map.js'
import type { EnvironmentInfo, EnvironmentLoad } from './environment-load.js'
import { fetchLookups, isRemote, NOTHING_FETCHED } from './fetch-lookups.js'
import type { FailedReference, LookedUpValue } from './looked-up.js'
import { lookupFor, type LookupSources, type VariableInfo } from './lookups.js'
import {
  collectReferences,
  resolveReferences,
  type Lookup,
  type Reference,
  type ReferenceProblem,
  type ResolveResult,
} from './references.js'
import { isPlainMap } from './merge.js'
import { isS3State, readStateSource } from './state-source.js'
import { typedValue } from './typed-values.js'

export interface ResolveOptions {
  readonly fs: LoaderFs
  readonly env: Readonly<Record<string, string | undefined>>
  /** Opens the reads behind `${ssm:…}`, `${cfn:…}` and an S3 state; absent, those lookups are deferred. */
  readonly lookups?: () => Promise<LookupReader>
}

export async function resolveEnvironment(
  loaded: EnvironmentLoad,
  environment: EnvironmentInfo,
  options: ResolveOptions,
): Promise<EnvironmentLoad> {
  const { spec } = environment
  const references = [
    ...collectReferences(spec.variables ?? {}),
    ...loaded.documents.flatMap((d) => collectReferences(d.value)),
  ]
  const reader = await readerFor(references, spec.tfstate, options.lookups)
  const fetched = options.lookups
    ? reader
      ? await fetchLookups(references.filter(isRemote), reader)
      : NOTHING_FETCHED
    : undefined
  const state =
    spec.tfstate === undefined
      ? undefined
      : await readStateSource(spec.tfstate, environment.dir, options.fs, reader)
  const sources = new Map<string, { value: unknown; sensitive: boolean }>()
  const base: LookupSources = {
    spec,
    env: options.env,
    ...(state ? { state } : {}),
    ...(fetched ? { fetched } : {}),
  }
  const vars = resolveReferences(spec.variables ?? {}, recording(lookupFor(base), sources))
  const out: Resolved = {
    issues: [...loaded.issues],
    failed: [],
    uses: [],
    documents: [],
    unloaded: [...loaded.unloaded],
  }
  for (const p of vars.problems) {
    const path = ['spec', 'variables', ...p.path]
    addProblem(out, p, environment.positionOf(path), path)
  }
  const lookup = recording(
    lookupFor({
      ...base,
      variables: vars.value as Record<string, unknown>,
      variableInfo: variablesInfo(vars),
    }),
    sources,
  )
  for (const doc of loaded.documents) resolveDocument(doc, lookup, out)
  const sourceValues = [...sources].map(([source, v]) => ({ source, ...v }))
  return {
    ...loaded,
    documents: out.documents,
    issues: out.issues,
    unloaded: out.unloaded,
    lookups: { uses: out.uses, sources: sourceValues, failed: out.failed },
  }
}

/** The reader, opened only when a reference needs AWS: a remote lookup, or a tfstate one on an S3 state. */
async function readerFor(
  references: readonly Reference[],
  tfstate: string | undefined,
  open: (() => Promise<LookupReader>) | undefined,
): Promise<LookupReader | undefined> {
  if (!open) return undefined
  const needsState = isS3State(tfstate) && references.some((r) => r.prefix === 'tfstate:')
  return references.some(isRemote) || needsState ? open() : undefined
}

interface Resolved {
  readonly issues: ManifestIssue[]
  readonly failed: FailedReference[]
  readonly uses: LookedUpValue[]
  readonly documents: ParsedDocument[]
  readonly unloaded: EnvironmentLoad['unloaded'][number][]
}

function resolveDocument(doc: ParsedDocument, lookup: (ref: Reference) => Lookup, out: Resolved): void {
  const resolved = withSchemaTypes(doc, resolveReferences(doc.value, lookup))
  for (const p of resolved.problems) addProblem(out, p, doc.source.positionOf(p.path), p.path)
  // A document with an unresolved reference is not checked further: the reference is the problem.
  if (resolved.problems.length > 0) return void out.unloaded.push(claimedIdentity(doc))
  const first = resolved.deferred[0]
  if (first) {
    out.unloaded.push(claimedIdentity(doc))
    const all = [...new Set(resolved.deferred.map((d) => d.reference))]
    return void out.issues.push({
      ruleId: 'environment/lookup-deferred',
      severity: 'warning',
      message: `not checked: ${all.join(', ')} ${all.length === 1 ? 'is' : 'are'} read from AWS only by plan, apply, verify, run, import, and validate or graph with --lookups`,
      hint: 'run `ecs-reconciler validate --lookups` to resolve and check this document',
      position: doc.source.positionOf(first.path),
      path: first.path,
    })
  }
  for (const r of resolved.resolved) {
    const at = doc.source.positionOf(r.path)
    out.uses.push({
      reference: r.reference,
      source: r.source ?? r.reference.slice(2, -1),
      value: r.value,
      sensitive: r.sensitive,
      file: at.file,
      line: at.line,
      field: formatPath(r.path),
    })
  }
  out.documents.push(resolved.resolved.length === 0 ? doc : { ...doc, value: resolved.value })
}

/**
 * A field that is exactly one reference and received a string takes the number or boolean it spells
 * where the schema wants one (typed-values.ts); the plan shows the typed value.
 */
function withSchemaTypes(doc: ParsedDocument, result: ResolveResult): ResolveResult {
  const kind = isPlainMap(doc.value) ? doc.value['kind'] : undefined
  if (typeof kind !== 'string') return result
  const resolved = result.resolved.map((r) => {
    if (!r.whole || typeof r.value !== 'string') return r
    const typed = typedValue(kind, r.path, r.value)
    if (typed === r.value) return r
    setAt(result.value, r.path, typed)
    return { ...r, value: typed }
  })
  return { ...result, resolved }
}

/** Sets the field at `path` of a value `resolveReferences` built (its maps and lists are fresh copies). */
function setAt(root: unknown, path: FieldPath, value: unknown): void {
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root)
  ;(parent as Record<string | number, unknown>)[path[path.length - 1]!] = value
}

function addProblem(
  out: Resolved,
  problem: ReferenceProblem,
  position: ManifestIssue['position'],
  path: readonly (string | number)[],
): void {
  out.failed.push({ reference: problem.reference, file: position.file, line: position.line })
  out.issues.push({
    ruleId: 'environment/reference',
    severity: 'error',
    message: `cannot resolve ${problem.reference}: ${problem.message}`,
    hint: problem.hint,
    position,
    path,
  })
}

/** Records the value of every lookup source read (not variables: their sources are recorded). */
function recording(
  lookup: (ref: Reference) => Lookup,
  sources: Map<string, { value: unknown; sensitive: boolean }>,
): (ref: Reference) => Lookup {
  return (ref) => {
    const found = lookup(ref)
    if (ref.prefix !== 'var.' && 'value' in found) {
      sources.set(`${ref.prefix}${ref.name}`, { value: found.value, sensitive: found.sensitive ?? false })
    }
    return found
  }
}

/** Each variable's sources, sensitivity, and whether a deferred or failed lookup left it unresolved. */
function variablesInfo(vars: ResolveResult): Map<string, VariableInfo> {
  const info = new Map<
    string,
    { sources: string[]; sensitive: boolean; deferred: boolean; failed: boolean }
  >()
  const entry = (path: readonly (string | number)[]) => {
    const name = String(path[0])
    const found = info.get(name) ?? { sources: [], sensitive: false, deferred: false, failed: false }
    info.set(name, found)
    return found
  }
  for (const r of vars.resolved) {
    const e = entry(r.path)
    e.sources.push(r.reference.slice(2, -1))
    e.sensitive ||= r.sensitive
  }
  for (const d of vars.deferred) entry(d.path).deferred = true
  for (const p of vars.problems) entry(p.path).failed = true
  return info
}
