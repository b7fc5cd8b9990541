/**
 * @module chaos/blackout and cluster/freeze-window: each window is a well-formed absolute or
 * recurring window (the two share the format, so one check serves both lists).
 */
import { parseDuration } from '../../shared/duration.js'
import { isTimeZone } from '../facts/time-zones.js'
import type { ManifestIssue } from '../issues.js'
import type { FieldPath } from '../load/source-map.js'
import type { ManifestResource } from '../model.js'
import { isRecurringWindow, type TimeWindow } from '../schema/window.js'
import { cronProblem } from './chaos-cron.js'
import { issueAt, type Rule } from './rule.js'

export const chaosWindows: Rule = {
  id: 'chaos/blackout',
  description: 'blackout and freeze windows: start before end, or a valid cron, duration and time zone',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const chaos of set.byKind.ChaosSchedule) {
      issues.push(
        ...checkWindows(
          chaos,
          chaos.spec.guardrails?.blackoutWindows,
          ['spec', 'guardrails', 'blackoutWindows'],
          this.id,
          'blackout window',
        ),
      )
    }
    for (const cluster of set.byKind.Cluster) {
      issues.push(
        ...checkWindows(
          cluster,
          cluster.spec.freezeWindows,
          ['spec', 'freezeWindows'],
          'cluster/freeze-window',
          'freeze window',
        ),
      )
    }
    return issues
  },
}

function checkWindows(
  resource: ManifestResource,
  windows: readonly TimeWindow[] | undefined,
  at: FieldPath,
  ruleId: string,
  what: string,
): ManifestIssue[] {
  const issues: ManifestIssue[] = []
  const report = (index: number, field: string, message: string, hint: string) =>
    issues.push(issueAt(resource, [...at, index, field], ruleId, 'error', message, hint))
  ;(windows ?? []).forEach((window, index) => {
    if (!isRecurringWindow(window)) {
      if (Date.parse(window.start) >= Date.parse(window.end)) {
        report(index, 'end', `a ${what} must end after it starts`, 'swap start and end')
      }
      return
    }
    const problem = cronProblem(window.schedule)
    if (problem) {
      report(
        index,
        'schedule',
        `${what} schedule "${window.schedule}" is not a valid 5-field cron: ${problem}`,
        'use minute hour day-of-month month day-of-week, e.g. "0 15 * * 5" for Fridays at 15:00',
      )
    }
    const duration = parseDuration(window.duration)
    if (duration === undefined || duration <= 0) {
      report(
        index,
        'duration',
        `${what} duration "${window.duration}" is not a positive duration`,
        'write it like 90m or 8h',
      )
    }
    if (window.timezone !== undefined && !isTimeZone(window.timezone)) {
      report(
        index,
        'timezone',
        `unknown time zone "${window.timezone}"`,
        'use an IANA zone such as UTC, Europe/Paris or Asia/Seoul',
      )
    }
  })
  return issues
}
