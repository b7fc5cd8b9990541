/** @module Renders verify checks: one line per check (text), a `verify` list (JSON), a table (markdown). */
import type { VerifyCheck, VerifyStatus } from '../../verify/types.js'
import { paint, type Colour } from './colour.js'

const MARK: Record<VerifyStatus, { mark: string; colour: Colour }> = {
  passed: { mark: '✓', colour: 'green' },
  failed: { mark: '✗', colour: 'red' },
  skipped: { mark: 'skipped', colour: 'yellow' },
}

/** `file:line`: the manifest line that names the resource. */
const where = (check: VerifyCheck): string => `${check.position.file}:${check.position.line}`

const detail = (check: VerifyCheck): string => (check.hint ? `${check.reason}: ${check.hint}` : check.reason)

/** `✓|✗|skipped check — resource — file:line — what was found, or what is wrong and how to fix it`. */
export function verifyLine(check: VerifyCheck, colour: boolean): string {
  const { mark, colour: tint } = MARK[check.status]
  return `${paint(mark, tint, colour)} ${check.check} — ${check.resource} — ${where(check)} — ${detail(check)}`
}

export function verifySummary(checks: readonly VerifyCheck[]): string {
  const count = (status: VerifyStatus) => checks.filter((c) => c.status === status).length
  return `verify: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`
}

export function renderVerifyText(checks: readonly VerifyCheck[], colour: boolean): string {
  return [...checks.map((c) => verifyLine(c, colour)), verifySummary(checks)].join('\n')
}

export function verifyToJson(checks: readonly VerifyCheck[]): object[] {
  return checks.map((c) => ({
    status: c.status,
    check: c.check,
    resource: c.resource,
    subject: c.subject,
    file: c.position.file,
    line: c.position.line,
    col: c.position.col,
    reason: c.reason,
    ...(c.hint ? { hint: c.hint } : {}),
  }))
}

const cell = (text: string): string => text.replace(/\|/g, '\\|')

export function renderVerifyMarkdown(checks: readonly VerifyCheck[]): string {
  if (checks.length === 0) return ''
  return [
    `**${verifySummary(checks)}**`,
    '',
    '| | check | resource | where | detail |',
    '| --- | --- | --- | --- | --- |',
    ...checks.map(
      (c) =>
        `| ${MARK[c.status].mark} | ${c.check} | \`${cell(c.resource)}\` | ${cell(where(c))} | ${cell(detail(c))} |`,
    ),
  ].join('\n')
}
