/** @module Renders validation issues for people (text) and machines (JSON). */
import { formatPosition } from '../../shared/errors.js'
import type { ManifestIssue } from '../../manifest/issues.js'
import { paint } from './colour.js'

export function renderIssuesText(issues: readonly ManifestIssue[], colour: boolean): string {
  const lines = issues.map((i) => {
    const sev = i.severity === 'error' ? paint('error', 'red', colour) : paint('warning', 'yellow', colour)
    const hint = i.hint ? `\n    ${paint('hint:', 'dim', colour)} ${i.hint}` : ''
    return `${formatPosition(i.position)}: ${sev} [${i.ruleId}] ${i.message}${hint}`
  })
  return lines.join('\n')
}

export function summariseIssues(issues: readonly ManifestIssue[], files: number): string {
  const errors = issues.filter((i) => i.severity === 'error').length
  const warnings = issues.length - errors
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`
  return `${plural(files, 'file')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`
}

export { issuesToJson } from '../../manifest/issues.js'
