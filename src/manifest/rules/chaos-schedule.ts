/** @module chaos/cron, chaos/timezone, chaos/selection, chaos/stop-condition: the schedule itself (its windows: chaos-windows.ts). */
import { isTimeZone } from '../facts/time-zones.js'
import type { ManifestIssue } from '../issues.js'
import { cronProblem } from './chaos-cron.js'
import { issueAt, type Rule } from './rule.js'

const SELECTION = /^(ALL|COUNT\(([1-9]\d*)\)|PERCENT\(([1-9]\d?|100)\))$/

export const chaosSchedule: Rule = {
  id: 'chaos/cron',
  description: 'a 5-field cron in an IANA time zone, a valid selection, a stop condition',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const chaos of set.byKind.ChaosSchedule) {
      const spec = chaos.spec
      const problem = cronProblem(spec.schedule)
      if (problem) {
        issues.push(
          issueAt(
            chaos,
            ['spec', 'schedule'],
            this.id,
            'error',
            `schedule "${spec.schedule}" is not a valid 5-field cron: ${problem}`,
            'use minute hour day-of-month month day-of-week, e.g. "0 10 * * 1-5"',
          ),
        )
      }
      if (spec.timezone !== undefined && !isTimeZone(spec.timezone)) {
        issues.push(
          issueAt(
            chaos,
            ['spec', 'timezone'],
            'chaos/timezone',
            'error',
            `unknown time zone "${spec.timezone}"`,
            'use an IANA zone such as UTC, Europe/Paris or Asia/Seoul',
          ),
        )
      }
      const selection = spec.target.selection
      if (selection !== undefined && !SELECTION.test(selection)) {
        issues.push(
          issueAt(
            chaos,
            ['spec', 'target', 'selection'],
            'chaos/selection',
            'error',
            `selection "${selection}" is not valid`,
            'use ALL, COUNT(n) with n ≥ 1, or PERCENT(n) with n from 1 to 100',
          ),
        )
      }
      if ((spec.stopConditions?.length ?? 0) === 0 && spec.allowWithoutStopCondition !== true) {
        issues.push(
          issueAt(
            chaos,
            ['spec', 'roleArn'],
            'chaos/stop-condition',
            'error',
            'a chaos schedule needs a stop condition (a CloudWatch alarm that halts the experiment)',
            'add stopConditions: [{cloudwatchAlarmArn: ...}], or set allowWithoutStopCondition: true deliberately',
          ),
        )
      }
    }
    return issues
  },
}
