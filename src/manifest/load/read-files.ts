/** @module Finds manifest files under the given paths and reads them with size, binary and UTF-8 guards. */
import { readdir, readFile, stat } from 'node:fs/promises'
import { extname, join, relative, resolve } from 'node:path'
import type { ManifestIssue } from '../issues.js'

/** Larger manifests are refused: a real manifest set is kilobytes, and the YAML parser holds it all in memory. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml'])
const SKIPPED_DIRS = new Set(['node_modules', '.git'])

export interface ManifestFile {
  readonly file: string
  readonly text: string
}

export interface ReadResult {
  readonly files: ManifestFile[]
  readonly issues: ManifestIssue[]
}

/** Reads every .yaml/.yml file under `paths` (files or folders, recursively), sorted for a stable order. */
export async function readManifestFiles(paths: readonly string[], cwd = process.cwd()): Promise<ReadResult> {
  const issues: ManifestIssue[] = []
  const found: string[] = []
  for (const path of paths) {
    await collect(resolve(cwd, path), found, issues, true, cwd)
  }
  const unique = [...new Set(found)].sort()
  const files: ManifestFile[] = []
  for (const file of unique) {
    const display = displayPath(file, cwd)
    const result = await readOne(file, display)
    if ('issue' in result) issues.push(result.issue)
    else files.push({ file: display, text: result.text })
  }
  return { files, issues }
}

function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file)
  return rel && !rel.startsWith('..') ? rel : file
}

async function collect(
  path: string,
  out: string[],
  issues: ManifestIssue[],
  explicit: boolean,
  cwd: string,
): Promise<void> {
  let info
  try {
    info = await stat(path)
  } catch {
    // Named like every other file: relative to cwd, which for a Git source is the checkout, so the
    // message names the repository path and not the temporary folder it was checked out to.
    const shown = displayPath(path, cwd)
    issues.push(
      fileIssue(
        shown,
        'file/not-found',
        `no such file or directory: ${shown}`,
        'check the path; manifests default to ./manifests',
      ),
    )
    return
  }
  if (info.isDirectory()) {
    const entries = await readdir(path, { withFileTypes: true })
    for (const entry of entries) {
      if (entry.isDirectory() && (SKIPPED_DIRS.has(entry.name) || entry.name.startsWith('.'))) continue
      const child = join(path, entry.name)
      if (entry.isDirectory()) await collect(child, out, issues, false, cwd)
      else if (entry.isFile() && MANIFEST_EXTENSIONS.has(extname(entry.name))) out.push(child)
    }
  } else if (info.isFile()) {
    // A file named explicitly is read whatever its extension; inside folders only .yaml/.yml count.
    if (explicit || MANIFEST_EXTENSIONS.has(extname(path))) out.push(path)
  }
}

async function readOne(path: string, display: string): Promise<{ text: string } | { issue: ManifestIssue }> {
  const info = await stat(path)
  if (info.size > MAX_FILE_BYTES) {
    return {
      issue: fileIssue(
        display,
        'file/too-large',
        `file is ${(info.size / 1024 / 1024).toFixed(1)} MiB, above the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit for a manifest`,
        'split it into several files, or check that it is really a manifest',
      ),
    }
  }
  const bytes = await readFile(path)
  if (bytes.includes(0)) {
    return {
      issue: fileIssue(
        display,
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
      issue: fileIssue(display, 'file/invalid-utf8', 'file is not valid UTF-8', 're-save the file as UTF-8'),
    }
  }
}

function fileIssue(file: string, ruleId: string, message: string, hint: string): ManifestIssue {
  return { ruleId, severity: 'error', message, hint, position: { file, line: 1, col: 1 } }
}
