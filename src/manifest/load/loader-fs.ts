/** @module The file-system calls the loader makes (injectable: tests fail them on cue), and its file-level issues. */
import { readFileSync, statSync } from 'node:fs'
import * as nodeFs from 'node:fs/promises'
import type { ManifestIssue, Severity } from '../issues.js'

export type LoaderFs = Pick<typeof nodeFs, 'readdir' | 'readFile' | 'readlink' | 'realpath' | 'stat'>

/**
 * Files are stat'ed and read with the synchronous calls: a manifest is kilobytes (8 MiB at most), and
 * each asynchronous read is five round trips through libuv's thread pool (stat, open, fstat, read,
 * close), which cost more than the parsing of a small file. The reader gives the event loop a turn
 * between files every few milliseconds. Folders are still walked with the asynchronous calls.
 */
export const NODE_FS: LoaderFs = {
  readdir: nodeFs.readdir,
  readlink: nodeFs.readlink,
  realpath: nodeFs.realpath,
  stat: ((path: string) => Promise.resolve().then(() => statSync(path))) as LoaderFs['stat'],
  readFile: ((path: string) => Promise.resolve().then(() => readFileSync(path))) as LoaderFs['readFile'],
}

export function fileIssue(
  file: string,
  ruleId: string,
  message: string,
  hint: string,
  severity: Severity = 'error',
): ManifestIssue {
  return { ruleId, severity, message, hint, position: { file, line: 1, col: 1 } }
}

/** A path the loader could not read: an error, so the set is incomplete and nothing is pruned on it. */
export function unreadable(file: string, why: string): ManifestIssue {
  return fileIssue(
    file,
    'file/unreadable',
    `cannot read ${file}: ${why}; the manifest set is incomplete, so nothing is pruned until it is fixed`,
    'fix or remove the path (check links, permissions and the disk)',
  )
}
