/** @module load → parse → schema → semantic rules, collecting every problem in one run. */
import { checkFileSteps, type FileCheck } from './check-file.js'
import { buildDependencyGraph, type ManifestGraph } from './dependencies.js'
import { checkDocumentSteps } from './check-documents.js'
import {
  loadEnvironment,
  mayHoldEnvironment,
  type EnvironmentInfo,
  type EnvironmentLoad,
} from './environment/load-environment.js'
import type { LookupReader } from '../cloud/ports/index.js'
import type { ResolvedLookups } from './environment/looked-up.js'
import { capIssuesPerFile, hasErrors, sortIssues, type ManifestIssue } from './issues.js'
import { readManifestFiles, type ManifestFile } from './load/read-files.js'
import { runSteps, runStepsYielding, type Steps } from './load/steps.js'
import type { ManifestCache } from './manifest-cache.js'
import { buildManifestSet, type ManifestResource, type ManifestSet } from './model.js'
import { rules } from './rules/index.js'
import { unloadedNames, type UnloadedDocument } from './unloaded.js'

export interface ValidationResult {
  readonly ok: boolean
  readonly issues: readonly ManifestIssue[]
  readonly set: ManifestSet
  readonly graph: ManifestGraph
  readonly files: readonly string[]
  /**
   * Paths that could not be read (dangling links, permissions, I/O, not UTF-8): the set is
   * incomplete, so nothing may be pruned on it. Empty when every path was read.
   */
  readonly unreadable: readonly string[]
  /** The environment the set was composed for, when the path is an environment folder. */
  readonly environment?: EnvironmentInfo
  /** What the environment's references resolved to (the plan shows it; a saved plan keeps it). */
  readonly lookups?: ResolvedLookups
}

export interface ValidateOptions {
  readonly defaultCluster?: string
  readonly cwd?: string
  /** Reuses the parse and schema results of unchanged files from earlier loads (the daemon keeps one). */
  readonly cache?: ManifestCache
  /** `loadManifests` gives the event loop a turn at least this often (ms; 0: between every step). */
  readonly sliceMs?: number
  /**
   * Opens the reads behind `${ssm:…}`, `${cfn:…}` and an S3 Terraform state (called only when a
   * reference needs one). Absent, nothing calls AWS and documents holding such a lookup are not checked.
   */
  readonly lookups?: () => Promise<LookupReader>
}

export const DEFAULT_CLUSTER = 'default'

/** Reads and validates the manifests under `paths`. Never throws for bad input: problems become issues. */
export async function loadManifests(
  paths: readonly string[],
  options: ValidateOptions = {},
): Promise<ValidationResult> {
  const read = await readManifestFiles(paths, options.cwd, undefined, options.cache?.texts)
  if (mayHoldEnvironment(read.files)) {
    const environment = await loadEnvironment(read.files, {
      cwd: options.cwd ?? process.cwd(),
      defaultCluster: options.defaultCluster ?? DEFAULT_CLUSTER,
      ...(options.lookups ? { lookups: options.lookups } : {}),
    })
    if (environment) {
      return runStepsYielding(environmentSteps(environment, read.issues, options), options.sliceMs)
    }
  }
  // Yielding between pieces of work keeps the daemon's HTTP endpoints answering during a large load.
  return runStepsYielding(validateSteps(read.files, read.issues, options), options.sliceMs)
}

/** Validates manifest texts already in memory (used by tests and the Git source). */
export function validateFiles(
  files: readonly ManifestFile[],
  options: ValidateOptions = {},
): ValidationResult {
  return validateLoaded(files, [], options)
}

/** Validates files already read, with the problems met reading the others (a file that could not be read may declare anything). */
export function validateLoaded(
  files: readonly ManifestFile[],
  readIssues: readonly ManifestIssue[],
  options: ValidateOptions,
): ValidationResult {
  return runSteps(validateSteps(files, readIssues, options))
}

function* validateSteps(
  files: readonly ManifestFile[],
  readIssues: readonly ManifestIssue[],
  options: ValidateOptions,
): Steps<ValidationResult> {
  const defaultCluster = options.defaultCluster ?? DEFAULT_CLUSTER
  const checked: Checked = { resources: [], issues: [...readIssues], unloaded: [] }
  // A file that could not be read may have declared anything.
  const unreadable = readIssues.filter((i) => i.severity === 'error').map((i) => i.position.file)
  for (const file of unreadable) checked.unloaded.push({ file })
  const fileResults: FileCheck[] = []
  for (const file of files) {
    const result = options.cache
      ? yield* options.cache.checkSteps(file, defaultCluster)
      : yield* checkFileSteps(file, defaultCluster)
    fileResults.push(result)
    // Loops, not push(...spread): a spread of a huge array overflows the call stack.
    for (const r of result.resources) checked.resources.push(r)
    for (const i of result.issues) checked.issues.push(i)
    for (const u of result.unloaded) checked.unloaded.push(u)
  }
  const cache = options.cache
  const about = { defaultCluster, files: files.map((f) => f.file), unreadable }
  if (!cache) return yield* crossFileSteps(checked, about)
  cache.retain(about.files)
  // A daemon resync over unchanged files: the whole-set rules would find the same as last time.
  const key = JSON.stringify([about, readIssues])
  return (
    cache.sameLoad<ValidationResult>(fileResults, key) ??
    cache.rememberLoad(fileResults, key, yield* crossFileSteps(checked, about))
  )
}

/** An environment's composed documents: the schema checks run on the merged documents, not on the patches. */
function* environmentSteps(
  loaded: EnvironmentLoad,
  readIssues: readonly ManifestIssue[],
  options: ValidateOptions,
): Steps<ValidationResult> {
  const defaultCluster = options.defaultCluster ?? DEFAULT_CLUSTER
  const unreadable = readIssues.filter((i) => i.severity === 'error').map((i) => i.position.file)
  const result = yield* checkDocumentSteps(loaded.documents, defaultCluster)
  const checked: Checked = {
    resources: result.resources,
    issues: [...readIssues, ...loaded.issues, ...result.issues],
    unloaded: [...unreadable.map((file) => ({ file })), ...loaded.unloaded, ...result.unloaded],
  }
  return yield* crossFileSteps(checked, {
    defaultCluster,
    files: loaded.files,
    unreadable,
    ...(loaded.environment ? { environment: loaded.environment } : {}),
    ...(loaded.lookups ? { lookups: loaded.lookups } : {}),
  })
}

interface Checked {
  readonly resources: ManifestResource[]
  readonly issues: ManifestIssue[]
  readonly unloaded: UnloadedDocument[]
}

/** The rules that need the whole set, then the result. */
function* crossFileSteps(
  checked: Checked,
  about: {
    defaultCluster: string
    files: readonly string[]
    unreadable: readonly string[]
    environment?: EnvironmentInfo
    lookups?: ResolvedLookups
  },
): Steps<ValidationResult> {
  const { issues } = checked
  const set = buildManifestSet(checked.resources, about.defaultCluster)
  const graph = buildDependencyGraph(set)
  const context = { set, graph, unloaded: unloadedNames(checked.unloaded) }
  for (const rule of rules) {
    yield
    try {
      for (const issue of rule.check(context)) issues.push(issue)
    } catch (err) {
      // A rule must never take validation down; report the rule itself as broken.
      issues.push({
        ruleId: rule.id,
        severity: 'error',
        message: `internal error in rule ${rule.id}: ${err instanceof Error ? err.message : String(err)}`,
        hint: 'please report this; other rules still ran',
        position: { file: about.files[0] ?? '<none>', line: 1, col: 1 },
      })
    }
  }
  return {
    ok: !hasErrors(issues),
    issues: capIssuesPerFile(sortIssues(issues)),
    set,
    graph,
    files: about.files,
    unreadable: about.unreadable,
    ...(about.environment ? { environment: about.environment } : {}),
    ...(about.lookups ? { lookups: about.lookups } : {}),
  }
}
