/** @module Reads the manifest files found under the given paths, with size, binary and UTF-8 guards. */
import { relative, resolve } from 'node:path'
import type { ManifestIssue } from '../issues.js'
import { describeError, findManifestFiles, type FoundFile } from './find-files.js'
import { fileIssue, NODE_FS, unreadable, type LoaderFs } from './loader-fs.js'

export type { LoaderFs } from './loader-fs.js'

/**
 * Larger manifests are refused: the YAML parser holds a file in memory. 8 MiB holds a 10,000-service
 * set in one file; a real manifest is kilobytes.
 */
export const MAX_FILE_BYTES = 8 * 1024 * 1024

export interface ManifestFile {
  readonly file: string
  readonly text: string
}

export interface ReadResult {
  readonly files: ManifestFile[]
  readonly issues: ManifestIssue[]
}

/** Reads every .yaml/.yml file under `paths` (files or folders, recursively, links followed), sorted for a stable order. */
export async function readManifestFiles(
  paths: readonly string[],
  cwd = process.cwd(),
  fs: LoaderFs = NODE_FS,
): Promise<ReadResult> {
  // Named relative to cwd, which for a Git source is the checkout, so messages name the repository
  // path and not the temporary folder it was checked out to.
  const shown = (path: string): string => displayPath(path, cwd)
  const found = await findManifestFiles(
    paths.map((p) => resolve(cwd, p)),
    fs,
    shown,
  )
  const issues = found.issues
  const files: ManifestFile[] = []
  for (const file of found.files) {
    const result = await readOne(fs, file, shown(file.path))
    if ('issue' in result) issues.push(result.issue)
    else files.push({ file: shown(file.path), text: result.text })
  }
  return { files, issues }
}

function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file)
  return rel && !rel.startsWith('..') ? rel : file
}

async function readOne(
  fs: LoaderFs,
  file: FoundFile,
  shown: string,
): Promise<{ text: string } | { issue: ManifestIssue }> {
  let bytes: Buffer
  try {
    const info = await fs.stat(file.real)
    if (info.size > MAX_FILE_BYTES) return { issue: tooLarge(shown, info.size) }
    bytes = await fs.readFile(file.real)
  } catch (err) {
    return { issue: unreadable(shown, describeError(err, 'the file cannot be read')) }
  }
  // The size may have changed between stat and read.
  if (bytes.length > MAX_FILE_BYTES) return { issue: tooLarge(shown, bytes.length) }
  if (bytes.includes(0)) {
    return {
      issue: fileIssue(
        shown,
        'file/binary',
        'file contains NUL bytes: it looks binary, not YAML',
        'only YAML text files belong in the manifest folders',
      ),
    }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) }
  } catch {
    return {
      issue: fileIssue(shown, 'file/invalid-utf8', 'file is not valid UTF-8', 're-save the file as UTF-8'),
    }
  }
}

function tooLarge(shown: string, size: number): ManifestIssue {
  return fileIssue(
    shown,
    'file/too-large',
    `file is ${(size / 1024 / 1024).toFixed(1)} MiB, above the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit for a manifest`,
    'split it into several files, or check that it is really a manifest',
  )
}
