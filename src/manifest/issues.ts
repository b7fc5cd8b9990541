/** @module A validation problem: where it is, which rule found it, what is wrong and how to fix it. */
import type { SourcePosition } from '../shared/errors.js'

export type Severity = 'error' | 'warning'

export interface ManifestIssue {
  readonly ruleId: string
  readonly severity: Severity
  readonly message: string
  readonly hint?: string
  readonly position: SourcePosition
  /** Field path inside the document, when the problem belongs to one field. */
  readonly path?: readonly (string | number)[]
}

export function hasErrors(issues: readonly ManifestIssue[]): boolean {
  return issues.some((i) => i.severity === 'error')
}

/** Orders issues by file, line, column, then rule id, so output is stable. */
export function sortIssues(issues: readonly ManifestIssue[]): ManifestIssue[] {
  return [...issues].sort(
    (a, b) =>
      a.position.file.localeCompare(b.position.file) ||
      a.position.line - b.position.line ||
      a.position.col - b.position.col ||
      a.ruleId.localeCompare(b.ruleId),
  )
}

/** More problems than this in one file are summed up in one line: past that, they are echoes of a few mistakes. */
export const MAX_ISSUES_PER_FILE = 50

/**
 * Keeps the first `max` issues of each file (issues sorted by file) and replaces the rest with one
 * "… and N more" issue at the first one left out.
 */
export function capIssuesPerFile(
  sorted: readonly ManifestIssue[],
  max = MAX_ISSUES_PER_FILE,
): ManifestIssue[] {
  const out: ManifestIssue[] = []
  let start = 0
  while (start < sorted.length) {
    const file = sorted[start]?.position.file
    let end = start
    while (end < sorted.length && sorted[end]?.position.file === file) end++
    for (let i = start; i < Math.min(end, start + max); i++) out.push(sorted[i] as ManifestIssue)
    const firstLeftOut = sorted[start + max]
    if (end - start > max && firstLeftOut) {
      const leftOut = sorted.slice(start + max, end)
      const errors = leftOut.filter((i) => i.severity === 'error').length
      out.push({
        ruleId: 'file/too-many-issues',
        severity: errors > 0 ? 'error' : 'warning',
        message: `… and ${leftOut.length} more problems in this file (${errors} errors, ${leftOut.length - errors} warnings; only the first ${max} are listed)`,
        hint: 'fix the problems listed, then validate again to see the rest',
        position: firstLeftOut.position,
      })
    }
    start = end
  }
  return out
}

/** The JSON shape of an issue, shared by `validate --output json` and the daemon's /status. */
export function issuesToJson(issues: readonly ManifestIssue[]): object[] {
  return issues.map((i) => ({
    file: i.position.file,
    line: i.position.line,
    col: i.position.col,
    severity: i.severity,
    rule: i.ruleId,
    message: i.message,
    ...(i.hint ? { hint: i.hint } : {}),
    ...(i.path ? { path: i.path } : {}),
  }))
}
