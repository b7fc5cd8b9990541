/** @module chaos/cron, chaos/timezone, chaos/selection, chaos/stop-condition, chaos/blackout: the schedule and its guardrails. */
import { CronExpressionParser } from 'cron-parser'
import { isTimeZone } from '../facts/time-zones.js'
import type { ManifestIssue } from '../issues.js'
import { issueAt, type Rule } from './rule.js'

const SELECTION = /^(ALL|COUNT\(([1-9]\d*)\)|PERCENT\(([1-9]\d?|100)\))$/

export const chaosSchedule: Rule = {
  id: 'chaos/cron',
  description: 'a 5-field cron in an IANA time zone, a valid selection, a stop condition, ordered blackout windows',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const chaos of set.chaosSchedules) {
      const spec = chaos.spec
      const fields = spec.schedule.trim().split(/\s+/)
      let cronProblem: string | undefined
      if (fields.length !== 5) cronProblem = `has ${fields.length} fields`
      else {
        try {
          CronExpressionParser.parse(spec.schedule, { tz: 'UTC' })
        } catch (err) {
          cronProblem = err instanceof Error ? err.message : String(err)
        }
      }
      if (cronProblem) issues.push(issueAt(chaos, ['spec', 'schedule'], this.id, 'error', `schedule "${spec.schedule}" is not a valid 5-field cron: ${cronProblem}`, 'use minute hour day-of-month month day-of-week, e.g. "0 10 * * 1-5"'))
      if (spec.timezone !== undefined && !isTimeZone(spec.timezone)) {
        issues.push(issueAt(chaos, ['spec', 'timezone'], 'chaos/timezone', 'error', `unknown time zone "${spec.timezone}"`, 'use an IANA zone such as UTC, Europe/Paris or Asia/Seoul'))
      }
      const selection = spec.target.selection
      if (selection !== undefined && !SELECTION.test(selection)) {
        issues.push(issueAt(chaos, ['spec', 'target', 'selection'], 'chaos/selection', 'error', `selection "${selection}" is not valid`, 'use ALL, COUNT(n) with n ≥ 1, or PERCENT(n) with n from 1 to 100'))
      }
      if ((spec.stopConditions?.length ?? 0) === 0 && spec.allowWithoutStopCondition !== true) {
        issues.push(issueAt(chaos, ['spec', 'roleArn'], 'chaos/stop-condition', 'error', 'a chaos schedule needs a stop condition (a CloudWatch alarm that halts the experiment)', 'add stopConditions: [{cloudwatchAlarmArn: ...}], or set allowWithoutStopCondition: true deliberately'))
      }
      ;(spec.guardrails?.blackoutWindows ?? []).forEach((w, i) => {
        if (Date.parse(w.start) >= Date.parse(w.end)) {
          issues.push(issueAt(chaos, ['spec', 'guardrails', 'blackoutWindows', i, 'end'], 'chaos/blackout', 'error', 'a blackout window must end after it starts', 'swap start and end'))
        }
      })
    }
    return issues
  },
}
