/** @module The file-system calls the loader makes (injectable: tests fail them on cue), and its file-level issues. */
import * as nodeFs from 'node:fs/promises'
import type { ManifestIssue, Severity } from '../issues.js'

export type LoaderFs = Pick<typeof nodeFs, 'readdir' | 'readFile' | 'readlink' | 'realpath' | 'stat'>

export const NODE_FS: LoaderFs = nodeFs

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
