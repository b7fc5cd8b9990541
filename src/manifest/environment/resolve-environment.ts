/**
 * @module Resolves the references of a composed environment, once per load: the Environment's
 * variables first (they may use `${env:…}` and `${tfstate:…}`), then every document. An
 * unresolvable reference is an error at its file:line, naming the reference.
 */
import { resolve } from 'node:path'
import { claimedIdentity } from '../check-documents.js'
import type { ManifestIssue } from '../issues.js'
import type { LoaderFs } from '../load/loader-fs.js'
import type { ParsedDocument } from '../load/parse-yaml.js'
import type { EnvironmentInfo, EnvironmentLoad } from './environment-load.js'
import { lookupFor, type LookupSources } from './lookups.js'
import { resolveReferences, type ReferenceProblem } from './references.js'
import { checkState } from './tfstate.js'

export async function resolveEnvironment(
  loaded: EnvironmentLoad,
  environment: EnvironmentInfo,
  fs: LoaderFs,
  env: Readonly<Record<string, string | undefined>>,
): Promise<EnvironmentLoad> {
  const { spec } = environment
  const state =
    spec.tfstate === undefined ? undefined : await readState(resolve(environment.dir, spec.tfstate), fs)
  const base: LookupSources = { spec, env, ...(state ? { state } : {}) }
  const issues = [...loaded.issues]
  const vars = resolveReferences(spec.variables ?? {}, lookupFor(base))
  for (const p of vars.problems) {
    issues.push(referenceIssue(p, { ...environment.position }, ['spec', 'variables', ...p.path]))
  }
  const lookup = lookupFor({ ...base, variables: vars.value as Record<string, unknown> })
  const documents: ParsedDocument[] = []
  const unloaded = [...loaded.unloaded]
  for (const doc of loaded.documents) {
    const resolved = resolveReferences(doc.value, lookup)
    for (const p of resolved.problems) issues.push(referenceIssue(p, doc.source.positionOf(p.path), p.path))
    // A document with an unresolved reference is not checked further: the reference is the problem.
    if (resolved.problems.length > 0) unloaded.push(claimedIdentity(doc))
    else documents.push(resolved.resolved.length === 0 ? doc : { ...doc, value: resolved.value })
  }
  return { ...loaded, documents, issues, unloaded }
}

function referenceIssue(
  problem: ReferenceProblem,
  position: ManifestIssue['position'],
  path: readonly (string | number)[],
): ManifestIssue {
  return {
    ruleId: 'environment/reference',
    severity: 'error',
    message: `cannot resolve ${problem.reference}: ${problem.message}`,
    hint: problem.hint,
    position,
    path,
  }
}

async function readState(
  path: string,
  fs: LoaderFs,
): Promise<{ state: Record<string, unknown> } | { error: string }> {
  if (/^s3:\/\//.test(path) || path.includes('s3:/')) {
    return { error: 'a Terraform state in S3 is not supported by this version: use a local state file' }
  }
  let state: unknown
  try {
    state = JSON.parse((await fs.readFile(path)).toString('utf8'))
  } catch (err) {
    return {
      error: `cannot read the Terraform state ${path}: ${err instanceof Error ? err.message : String(err)}`,
    }
  }
  const problem = checkState(state)
  return problem
    ? { error: `Terraform state ${path}: ${problem}` }
    : { state: state as Record<string, unknown> }
}
