/** @module autoscaling/schedule: schedules are at(), rate() or 6-field cron(), in a real time zone (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html). */
import { isTimeZone } from '../facts/time-zones.js'
import type { ManifestIssue } from '../issues.js'
import { issueAt, type Rule } from './rule.js'

const AT = /^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/
const RATE = /^rate\(([1-9]\d*) (minute|minutes|hour|hours|day|days)\)$/
const CRON = /^cron\((\S+)( \S+){5}\)$/

export const autoscalingSchedule: Rule = {
  id: 'autoscaling/schedule',
  description: 'scheduled scaling uses at(...), rate(...) or cron(6 fields), and an IANA time zone',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const s of set.byKind.Service) {
      ;(s.spec.autoscaling?.scheduled ?? []).forEach((sch, i) => {
        const rate = RATE.exec(sch.schedule)
        if (!AT.test(sch.schedule) && !rate && !CRON.test(sch.schedule)) {
          issues.push(
            issueAt(
              s,
              ['spec', 'autoscaling', 'scheduled', i, 'schedule'],
              this.id,
              'error',
              `"${sch.schedule}" is not an Application Auto Scaling schedule`,
              'use at(2026-11-27T06:00:00), rate(5 minutes) or cron(0 6 27 11 ? 2026) — cron takes 6 fields',
            ),
          )
        } else if (rate && (rate[1] === '1') !== !rate[2]?.endsWith('s')) {
          issues.push(
            issueAt(
              s,
              ['spec', 'autoscaling', 'scheduled', i, 'schedule'],
              this.id,
              'error',
              `"${sch.schedule}": a rate of 1 takes the singular unit, other values the plural`,
              'write rate(1 hour) or rate(2 hours)',
            ),
          )
        }
        if (sch.timezone !== undefined && !isTimeZone(sch.timezone)) {
          issues.push(
            issueAt(
              s,
              ['spec', 'autoscaling', 'scheduled', i, 'timezone'],
              'autoscaling/timezone',
              'error',
              `unknown time zone "${sch.timezone}"`,
              'use an IANA zone such as UTC, Europe/Paris or Asia/Seoul',
            ),
          )
        }
      })
    }
    return issues
  },
}
