/** @module Reads the manifest files found under the given paths, with size, binary and UTF-8 guards. */
import { relative, resolve } from 'node:path'
import { setImmediate as turn } from 'node:timers/promises'
import { runLimited } from '../../shared/concurrency.js'
import type { ManifestIssue } from '../issues.js'
import { describeError, findManifestFiles, type FoundFile } from './find-files.js'
import { fileIssue, NODE_FS, unreadable, type LoaderFs } from './loader-fs.js'
import { DEFAULT_SLICE_MS } from './steps.js'

export type { LoaderFs } from './loader-fs.js'

/**
 * Larger manifests are refused: the YAML parser holds a file in memory. 8 MiB holds a 10,000-service
 * set in one file; a real manifest is kilobytes.
 */
export const MAX_FILE_BYTES = 8 * 1024 * 1024

/**
 * Files read at once, for a file system whose reads are asynchronous (each a round trip through
 * libuv's thread pool): one at a time would leave the process waiting on every one of them.
 */
const READS_IN_FLIGHT = 16

export interface ManifestFile {
  readonly file: string
  readonly text: string
}

/**
 * Texts of files read before, by real path, with the stat stamp they were read at: a file whose
 * size, mtime, ctime and inode are unchanged is not read again (the daemon keeps one across passes).
 */
export type KnownTexts = Map<string, { readonly stamp: string; readonly text: string }>

export interface ReadResult {
  readonly files: ManifestFile[]
  readonly issues: ManifestIssue[]
}

/** Reads every .yaml/.yml file under `paths` (files or folders, recursively, links followed), sorted for a stable order. */
export async function readManifestFiles(
  paths: readonly string[],
  cwd = process.cwd(),
  fs: LoaderFs = NODE_FS,
  known?: KnownTexts,
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
  const kept: KnownTexts = new Map()
  // Node's own reads are synchronous (loader-fs.ts): the event loop gets a turn every few ms.
  let sliceStart = performance.now()
  const results = await runLimited(found.files, READS_IN_FLIGHT, async (file) => {
    if (performance.now() - sliceStart >= DEFAULT_SLICE_MS) {
      await turn()
      sliceStart = performance.now()
    }
    return readOne(fs, file, shown(file.path), known, kept)
  })
  // In the sorted order of the files found, whatever order the reads finished in.
  found.files.forEach((file, i) => {
    const result = results[i]
    if (result === undefined) return
    if ('issue' in result) issues.push(result.issue)
    else files.push({ file: shown(file.path), text: result.text })
  })
  // Only this read's files stay known: deleted and renamed ones are forgotten.
  known?.clear()
  for (const [path, entry] of kept) known?.set(path, entry)
  return { files, issues }
}

function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file)
  return rel && !rel.startsWith('..') ? rel : file
}

/** What changes when a file's content may have: no stamp (never reused) when the stat lacks a part. */
function stampOf(info: {
  size: number
  mtimeMs?: number
  ctimeMs?: number
  ino?: number
}): string | undefined {
  const { size, mtimeMs, ctimeMs, ino } = info
  if (typeof mtimeMs !== 'number' || typeof ctimeMs !== 'number' || typeof ino !== 'number') return undefined
  return `${size}:${mtimeMs}:${ctimeMs}:${ino}`
}

async function readOne(
  fs: LoaderFs,
  file: FoundFile,
  shown: string,
  known: KnownTexts | undefined,
  kept: KnownTexts,
): Promise<{ text: string } | { issue: ManifestIssue }> {
  let bytes: Buffer
  let stamp: string | undefined
  try {
    const info = await fs.stat(file.real)
    if (info.size > MAX_FILE_BYTES) return { issue: tooLarge(shown, info.size) }
    stamp = known ? stampOf(info) : undefined
    const before = stamp === undefined ? undefined : known?.get(file.real)
    if (before && before.stamp === stamp) {
      kept.set(file.real, before)
      return { text: before.text }
    }
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
    const text = UTF8.decode(bytes)
    if (stamp !== undefined) kept.set(file.real, { stamp, text })
    return { text }
  } catch {
    return {
      issue: fileIssue(shown, 'file/invalid-utf8', 'file is not valid UTF-8', 're-save the file as UTF-8'),
    }
  }
}

/** Strict: a byte sequence that is not UTF-8 is an error, not a replacement character. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

function tooLarge(shown: string, size: number): ManifestIssue {
  return fileIssue(
    shown,
    'file/too-large',
    `file is ${(size / 1024 / 1024).toFixed(1)} MiB, above the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit for a manifest`,
    'split it into several files, or check that it is really a manifest',
  )
}
