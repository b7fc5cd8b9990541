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
