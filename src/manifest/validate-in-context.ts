/**
 * @module Validates some manifest files against the rest of their folder (`validate --context DIR
 * FILE…`), as a pre-commit hook on the changed files needs: names resolve against every manifest in
 * the context, but the context files' own problems are not the checked files' to fix.
 *
 * Reported: every problem located in a checked file, and every problem located in a context file
 * that the checked files cause (a duplicate name, a cycle, a clash of Service Connect names: it is
 * reported at whichever of the two documents comes second). Held back: the problems a context file
 * has without the checked files, found by validating the context alone and comparing.
 */
import { hasErrors, type ManifestIssue } from './issues.js'
import { readManifestFiles } from './load/read-files.js'
import { validateLoaded, type ValidateOptions, type ValidationResult } from './validate.js'

export interface ContextValidation extends ValidationResult {
  /** Only the files checked: those given as paths. */
  readonly files: readonly string[]
  /** Files read only to resolve names. */
  readonly contextFiles: readonly string[]
  /** Problems the context files have on their own: not the checked files' to fix, so not in `issues`. */
  readonly contextIssues: readonly ManifestIssue[]
}

export async function loadManifestsInContext(
  paths: readonly string[],
  contextPaths: readonly string[],
  options: ValidateOptions = {},
): Promise<ContextValidation> {
  const checked = await readManifestFiles(paths, options.cwd)
  const context = await readManifestFiles(contextPaths, options.cwd)
  const checkedFiles = new Set([
    ...checked.files.map((f) => f.file),
    ...checked.issues.map((i) => i.position.file),
  ])
  const contextFiles = context.files.filter((f) => !checkedFiles.has(f.file))
  const contextReadIssues = context.issues.filter((i) => !checkedFiles.has(i.position.file))
  // Read in one sorted order, as validating the whole folder would, so "declared twice" lands on the same document.
  const all = [...checked.files, ...contextFiles].sort((a, b) => a.file.localeCompare(b.file))
  const together = validateLoaded(all, [...checked.issues, ...contextReadIssues], options)
  const alone = validateLoaded(contextFiles, contextReadIssues, options)
  const ownProblems = new Set(alone.issues.map(issueKey))
  // A --context path that does not exist is a mistake on the command line, not a problem of a context file.
  const inChecked = (i: ManifestIssue): boolean =>
    checkedFiles.has(i.position.file) || i.ruleId === 'file/not-found'
  const issues = together.issues.filter((i) => inChecked(i) || !ownProblems.has(issueKey(i)))
  return {
    ...together,
    ok: !hasErrors(issues),
    issues,
    files: checked.files.map((f) => f.file),
    contextFiles: contextFiles.map((f) => f.file),
    contextIssues: together.issues.filter((i) => !inChecked(i) && ownProblems.has(issueKey(i))),
  }
}

function issueKey(issue: ManifestIssue): string {
  const { file, line, col } = issue.position
  return `${file}:${line}:${col} ${issue.severity} ${issue.ruleId} ${issue.message}`
}
