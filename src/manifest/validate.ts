/** @module load → parse → schema → semantic rules, collecting every problem in one run. */
import { checkDocuments } from './check-documents.js'
import { buildDependencyGraph, type ManifestGraph } from './dependencies.js'
import { hasErrors, sortIssues, type ManifestIssue } from './issues.js'
import { parseManifestFile } from './load/parse-yaml.js'
import { readManifestFiles, type ManifestFile } from './load/read-files.js'
import { buildManifestSet, type ManifestSet } from './model.js'
import { rules } from './rules/index.js'

export interface ValidationResult {
  readonly ok: boolean
  readonly issues: readonly ManifestIssue[]
  readonly set: ManifestSet
  readonly graph: ManifestGraph
  readonly files: readonly string[]
}

export interface ValidateOptions {
  readonly defaultCluster?: string
  readonly cwd?: string
}

export const DEFAULT_CLUSTER = 'default'

/** Reads and validates the manifests under `paths`. Never throws for bad input: problems become issues. */
export async function loadManifests(paths: readonly string[], options: ValidateOptions = {}): Promise<ValidationResult> {
  const read = await readManifestFiles(paths, options.cwd)
  const result = validateFiles(read.files, options)
  const issues = sortIssues([...read.issues, ...result.issues])
  return { ...result, issues, ok: !hasErrors(issues) }
}

/** Validates manifest texts already in memory (used by tests and the Git source). */
export function validateFiles(files: readonly ManifestFile[], options: ValidateOptions = {}): ValidationResult {
  const defaultCluster = options.defaultCluster ?? DEFAULT_CLUSTER
  const issues: ManifestIssue[] = []
  const documents = files.flatMap((file) => {
    const parsed = parseManifestFile(file)
    issues.push(...parsed.issues)
    return parsed.documents
  })
  const checked = checkDocuments(documents, defaultCluster)
  issues.push(...checked.issues)
  const set = buildManifestSet(checked.resources, defaultCluster)
  const graph = buildDependencyGraph(set)
  for (const rule of rules) {
    try {
      issues.push(...rule.check({ set, graph }))
    } catch (err) {
      // A rule must never take validation down; report the rule itself as broken.
      issues.push({
        ruleId: rule.id,
        severity: 'error',
        message: `internal error in rule ${rule.id}: ${err instanceof Error ? err.message : String(err)}`,
        hint: 'please report this; other rules still ran',
        position: { file: files[0]?.file ?? '<none>', line: 1, col: 1 },
      })
    }
  }
  const sorted = sortIssues(issues)
  return { ok: !hasErrors(sorted), issues: sorted, set, graph, files: files.map((f) => f.file) }
}
