/**
 * @module Finds manifest files under the given paths. Symbolic links to files and folders are
 * followed (a Kubernetes ConfigMap mount and many Git checkouts are made of them), each real file is
 * found once, dot-named entries are skipped (a ConfigMap's `..data` links would load every file
 * three times), and a path that cannot be followed or listed is an error naming it: skipped
 * silently, its resources would look deleted to a prune.
 */
import type { Dirent } from 'node:fs'
import { basename, extname, join } from 'node:path'
import type { ManifestIssue } from '../issues.js'
import { fileIssue, unreadable, type LoaderFs } from './loader-fs.js'

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml'])
const SKIPPED_DIRS = new Set(['node_modules'])

/** A file to read: where it was found (shown to people) and the real path it leads to. */
export interface FoundFile {
  readonly path: string
  readonly real: string
}

interface Walk {
  readonly fs: LoaderFs
  readonly shown: (path: string) => string
  readonly files: FoundFile[]
  readonly issues: ManifestIssue[]
  /** Real folders already walked: another link to one of them adds nothing. */
  readonly walked: Set<string>
}

export async function findManifestFiles(
  paths: readonly string[],
  fs: LoaderFs,
  shown: (path: string) => string,
): Promise<{ files: FoundFile[]; issues: ManifestIssue[] }> {
  const walk: Walk = { fs, shown, files: [], issues: [], walked: new Set() }
  for (const path of paths) await visit(walk, path, true, [])
  return { files: oncePerRealPath(walk.files), issues: walk.issues }
}

/** Sorted by the name shown; a real file reached by several names keeps the first. */
function oncePerRealPath(files: FoundFile[]): FoundFile[] {
  const seen = new Set<string>()
  const out: FoundFile[] = []
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (seen.has(file.real)) continue
    seen.add(file.real)
    out.push(file)
  }
  return out
}

/** `explicit`: named on the command line (read whatever its extension); `ancestors`: real folders above it. */
async function visit(
  walk: Walk,
  path: string,
  explicit: boolean,
  ancestors: readonly string[],
): Promise<void> {
  const { fs, issues } = walk
  let real: string
  let info
  try {
    real = await fs.realpath(path)
    info = await fs.stat(real)
  } catch (err) {
    issues.push(await unfollowable(walk, path, err, explicit))
    return
  }
  if (info.isDirectory()) {
    if (ancestors.includes(real)) {
      issues.push(loopWarning(walk.shown(path)))
      return
    }
    if (walk.walked.has(real)) return
    walk.walked.add(real)
    await visitFolder(walk, path, real, [...ancestors, real])
  } else if (explicit || MANIFEST_EXTENSIONS.has(extname(path))) {
    addFile(walk, path, real, info.isFile())
  }
}

/** Anything but a plain file (a FIFO, a device) could block the read forever or never end. */
function addFile(walk: Walk, path: string, real: string, regular: boolean): void {
  if (regular) walk.files.push({ path, real })
  else walk.issues.push(unreadable(walk.shown(path), 'it is not a regular file (a pipe, socket or device)'))
}

async function visitFolder(
  walk: Walk,
  path: string,
  real: string,
  ancestors: readonly string[],
): Promise<void> {
  let entries: Dirent[]
  try {
    entries = await walk.fs.readdir(path, { withFileTypes: true })
  } catch (err) {
    walk.issues.push(unreadable(walk.shown(path), describeError(err, 'the folder cannot be listed')))
    return
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.') || (entry.isDirectory() && SKIPPED_DIRS.has(entry.name))) continue
    const child = join(path, entry.name)
    if (entry.isDirectory() || entry.isSymbolicLink()) await visit(walk, child, false, ancestors)
    else if (MANIFEST_EXTENSIONS.has(extname(entry.name))) {
      addFile(walk, child, join(real, entry.name), entry.isFile())
    }
  }
}

/** Why a path cannot be followed; a dangling link whose name says it is not a manifest is no loss. */
async function unfollowable(
  walk: Walk,
  path: string,
  err: unknown,
  explicit: boolean,
): Promise<ManifestIssue> {
  const shown = walk.shown(path)
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOENT') {
    const target = await walk.fs.readlink(path).catch(() => undefined)
    if (target === undefined) {
      return fileIssue(
        shown,
        'file/not-found',
        `no such file or directory: ${shown}`,
        'check the path; manifests default to ./manifests',
      )
    }
    if (!explicit && extname(basename(path)) !== '' && !MANIFEST_EXTENSIONS.has(extname(path))) {
      return fileIssue(
        shown,
        'file/dangling-link',
        `dangling symbolic link to ${target} (not a manifest name, ignored)`,
        'remove the link',
        'warning',
      )
    }
    return unreadable(shown, `it is a dangling symbolic link: its target ${target} does not exist`)
  }
  if (code === 'ELOOP') {
    return unreadable(shown, 'it is a symbolic link loop: following it never reaches a file')
  }
  return unreadable(shown, describeError(err, 'it cannot be followed'))
}

function loopWarning(shown: string): ManifestIssue {
  return fileIssue(
    shown,
    'file/symlink-loop',
    'symbolic link loop: this link leads back to a folder above it, whose files are read once already',
    'remove the link, or point it at a folder outside this one',
    'warning',
  )
}

const ERRNO_WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EIO: 'I/O error',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  EMFILE: 'too many open files',
}

/** A system error in words, with its code: `permission denied (EACCES)`. */
export function describeError(err: unknown, fallback: string): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  if (code === undefined) return `${fallback}: ${err instanceof Error ? err.message : String(err)}`
  return `${ERRNO_WORDS[code] ?? fallback} (${code})`
}
