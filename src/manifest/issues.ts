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
