/**
 * @module Loads an environment folder: finds its `Environment` document, loads each base folder
 * (itself an environment or a plain folder), and composes them with the folder's own documents.
 * Bases stay inside the repository; a base cycle is reported as its chain.
 */
import { dirname, relative, resolve, sep } from 'node:path'
import type { LookupReader } from '../../cloud/ports/index.js'
import { toManifestIssue } from '../check-documents.js'
import type { ManifestIssue } from '../issues.js'
import { NODE_FS, type LoaderFs } from '../load/loader-fs.js'
import { parseManifestFile, type ParsedDocument } from '../load/parse-yaml.js'
import { readManifestFiles, type ManifestFile } from '../load/read-files.js'
import type { DocumentSource } from '../load/source-map.js'
import type { UnloadedDocument } from '../unloaded.js'
import { composeDocuments } from './compose.js'
import { resolveEnvironment } from './resolve-environment.js'
import type { EnvironmentInfo, EnvironmentLoad } from './environment-load.js'
import { environmentDocument, isEnvironmentDocument, type EnvironmentSpec } from './environment-schema.js'

export type { EnvironmentInfo, EnvironmentLoad } from './environment-load.js'

/** Cheap test on the raw text, so a set without environments is never parsed twice. */
const ENVIRONMENT_KIND_LINE = /^kind:[ \t]*["']?Environment["']?[ \t]*(#.*)?$/m

export function mayHoldEnvironment(files: readonly ManifestFile[]): boolean {
  return files.some((f) => ENVIRONMENT_KIND_LINE.test(f.text))
}

interface LoadContext {
  readonly cwd: string
  readonly fs: LoaderFs
  readonly defaultCluster: string
  /** The folder bases must stay inside. */
  readonly root: string
}

/**
 * Composes the environment whose folder's files are `files` (already read); undefined when they
 * hold no Environment document (the folder loads as a plain set).
 */
export async function loadEnvironment(
  files: readonly ManifestFile[],
  options: {
    cwd: string
    defaultCluster: string
    fs?: LoaderFs
    env?: Readonly<Record<string, string | undefined>>
    /** Opens the reads of `${ssm:…}`, `${cfn:…}` and an S3 state; absent, they are deferred (nothing calls AWS). */
    lookups?: () => Promise<LookupReader>
  },
): Promise<EnvironmentLoad | undefined> {
  const fs = options.fs ?? NODE_FS
  const parsed = parseAll(files)
  if (!parsed.documents.some((d) => isEnvironmentDocument(d.value))) return undefined
  const found = findEnvironment(parsed.documents)
  if ('issue' in found) {
    const issues = [...parsed.issues, found.issue]
    return { documents: [], issues, unloaded: parsed.unloaded, files: names(files) }
  }
  const shown = resolve(options.cwd, dirname(found.document.source.file))
  const dir = await fs.realpath(shown).catch(() => shown)
  const context: LoadContext = { ...options, fs, root: await repositoryRoot(dir, fs) }
  const composed = await composeFolder(found.document, parsed, files, dir, [dir], context)
  // References are resolved once, with the variables of the environment named on the command line.
  if (!composed.environment) return composed
  return resolveEnvironment(composed, composed.environment, {
    fs,
    env: options.env ?? process.env,
    ...(options.lookups ? { lookups: options.lookups } : {}),
  })
}

async function composeFolder(
  envDoc: ParsedDocument,
  parsed: ParsedFiles,
  files: readonly ManifestFile[],
  dir: string,
  chain: readonly string[],
  context: LoadContext,
): Promise<EnvironmentLoad> {
  const checked = environmentDocument.safeParse(envDoc.value)
  const overlay = parsed.documents.filter((d) => d !== envDoc)
  if (!checked.success) {
    const issues = checked.error.issues.map((i) => toManifestIssue(i, envDoc.source, environmentDocument))
    return {
      documents: overlay,
      issues: [...parsed.issues, ...issues],
      unloaded: parsed.unloaded,
      files: names(files),
    }
  }
  const spec = checked.data.spec
  const issues = [...parsed.issues]
  const unloaded = [...parsed.unloaded]
  const allFiles = names(files)
  const bases: ParsedDocument[] = []
  for (const [i, base] of spec.bases.entries()) {
    const loaded = await loadBase(
      resolve(dir, base),
      envDoc.source.positionOf(['spec', 'bases', i]),
      chain,
      context,
    )
    for (const d of loaded.documents) bases.push(d)
    for (const x of loaded.issues) issues.push(x)
    for (const u of loaded.unloaded) unloaded.push(u)
    for (const f of loaded.files) allFiles.push(f)
  }
  const composed = composeDocuments(bases, overlay, context.defaultCluster)
  for (const x of composed.issues) issues.push(x)
  const environment = environmentInfo(checked.data, dir, envDoc.source)
  return { documents: composed.documents, issues, unloaded, files: allFiles, environment }
}

async function loadBase(
  baseDir: string,
  at: { file: string; line: number; col: number },
  chain: readonly string[],
  context: LoadContext,
): Promise<EnvironmentLoad> {
  const checked = await checkBase(baseDir, chain, context)
  if ('problem' in checked) {
    const issue: ManifestIssue = { severity: 'error', position: at, ...checked.problem }
    return { documents: [], issues: [issue], unloaded: [{ file: at.file }], files: [] }
  }
  const real = checked.real
  const read = await readManifestFiles([real], context.cwd, context.fs)
  const parsed = parseAll(read.files)
  const issues = [...read.issues, ...parsed.issues]
  const files = names(read.files)
  if (!parsed.documents.some((d) => isEnvironmentDocument(d.value))) {
    return { documents: parsed.documents, issues, unloaded: parsed.unloaded, files }
  }
  const found = findEnvironment(parsed.documents)
  if ('issue' in found) {
    return { documents: [], issues: [...issues, found.issue], unloaded: parsed.unloaded, files }
  }
  const chained = [...chain, real]
  const nested = await composeFolder(
    found.document,
    { ...parsed, issues },
    read.files,
    real,
    chained,
    context,
  )
  // Only the environment named on the command line decides instance and region.
  const { environment: _nestedEnvironment, ...documents } = nested
  return documents
}

interface BaseProblem {
  readonly ruleId: string
  readonly message: string
  readonly hint: string
}

/** The base folder's real path, or why it cannot be loaded: missing, outside the repository, or closing a cycle. */
async function checkBase(
  baseDir: string,
  chain: readonly string[],
  context: LoadContext,
): Promise<{ real: string } | { problem: BaseProblem }> {
  const real = await context.fs.realpath(baseDir).catch(() => undefined)
  if (real === undefined) {
    return {
      problem: {
        ruleId: 'environment/base-missing',
        message: `base folder ${show(baseDir, context)} does not exist`,
        hint: 'fix the path: bases are relative to the Environment file',
      },
    }
  }
  if (!inside(real, context.root)) {
    return {
      problem: {
        ruleId: 'environment/base-outside',
        message: `base ${show(baseDir, context)} is outside the repository (${show(context.root, context)})`,
        hint: 'keep bases inside the repository, so a Git source holds everything an environment needs',
      },
    }
  }
  const cycle = chain.findIndex((d) => d === real || inside(d, real))
  if (cycle === -1) return { real }
  return {
    problem: {
      ruleId: 'environment/base-cycle',
      message: `base cycle: ${[...chain.slice(cycle), real].map((d) => show(d, context)).join(' → ')}`,
      hint: 'a base may not be its own overlay or hold it: remove the base that closes the loop',
    },
  }
}

interface ParsedFiles {
  readonly documents: ParsedDocument[]
  readonly issues: ManifestIssue[]
  readonly unloaded: UnloadedDocument[]
}

function parseAll(files: readonly ManifestFile[]): ParsedFiles {
  const out: ParsedFiles = { documents: [], issues: [], unloaded: [] }
  for (const file of files) {
    const parsed = parseManifestFile(file)
    for (const d of parsed.documents) out.documents.push(d)
    for (const i of parsed.issues) out.issues.push(i)
    for (const u of parsed.unloaded) out.unloaded.push(u)
  }
  return out
}

function findEnvironment(
  documents: readonly ParsedDocument[],
): { document: ParsedDocument } | { issue: ManifestIssue } {
  const envDocs = documents.filter((d) => isEnvironmentDocument(d.value))
  const first = envDocs[0]
  if (first && envDocs.length === 1) return { document: first }
  const where = envDocs.map((d) => {
    const p = d.source.positionOf([])
    return `${p.file}:${p.line}`
  })
  return {
    issue: {
      ruleId: 'environment/several',
      severity: 'error',
      message: `the path holds ${envDocs.length} Environment documents (${where.join(', ')}): one path loads one environment`,
      hint: 'name one environment folder, for example manifests/envs/prod',
      position: (envDocs[1] ?? first)?.source.positionOf([]) ?? { file: '<none>', line: 1, col: 1 },
    },
  }
}

/**
 * The nearest folder at or above `dir` holding `.git` (a clone, or a Git source's worktree); outside
 * any repository (an unpacked tarball) there is no boundary.
 */
async function repositoryRoot(dir: string, fs: LoaderFs): Promise<string> {
  for (let d = dir; ; d = dirname(d)) {
    if (
      await fs.stat(resolve(d, '.git')).then(
        () => true,
        () => false,
      )
    ) {
      return fs.realpath(d)
    }
    if (dirname(d) === d) return d
  }
}

function inside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep)
}

function show(path: string, context: LoadContext): string {
  const rel = relative(context.cwd, path)
  return rel === '' ? '.' : rel
}

function names(files: readonly ManifestFile[]): string[] {
  return files.map((f) => f.file)
}

/** The Environment the paths load, read without composing it (the daemon takes its instance at start). */
export async function readEnvironmentInfo(
  paths: readonly string[],
  cwd = process.cwd(),
): Promise<EnvironmentInfo | undefined> {
  const read = await readManifestFiles(paths, cwd)
  if (!mayHoldEnvironment(read.files)) return undefined
  const found = findEnvironment(parseAll(read.files).documents)
  if ('issue' in found) return undefined
  const checked = environmentDocument.safeParse(found.document.value)
  if (!checked.success) return undefined
  const dir = resolve(cwd, dirname(found.document.source.file))
  return environmentInfo(checked.data, dir, found.document.source)
}

function environmentInfo(
  data: { metadata: { name: string }; spec: EnvironmentSpec },
  dir: string,
  source: DocumentSource,
): EnvironmentInfo {
  const { spec } = data
  return {
    name: data.metadata.name,
    instance: spec.instance,
    ...(spec.region ? { region: spec.region } : {}),
    spec,
    dir,
    position: source.positionOf([]),
    positionOf: (path) => source.positionOf(path),
  }
}
