/** @module Time windows (chaos blackouts, cluster freezes): absolute `{start, end}` or recurring `{schedule, duration, timezone}`. */
import { z } from 'zod'
import { doc } from './doc.js'

/** A one-off window between two ISO-8601 instants (with offset); `end` is exclusive. */
export const absoluteWindow = z.strictObject({
  start: z.iso.datetime({ offset: true }).describe(
    doc({
      text: 'Start of a one-off window: an ISO-8601 time with offset.',
      example: '"2027-11-22T00:00:00Z"',
    }),
  ),
  end: z.iso.datetime({ offset: true }).describe(
    doc({
      text: 'End of a one-off window (exclusive): an ISO-8601 time with offset.',
      example: '"2027-11-29T00:00:00+09:00"',
    }),
  ),
})

/**
 * A window that opens at every slot of a 5-field cron in `timezone` (default UTC) and stays open
 * for `duration` (`90m`, `8h`). The cron, the zone and the duration are checked by semantic rules,
 * which can say precisely what is wrong.
 */
export const recurringWindow = z.strictObject({
  schedule: z
    .string()
    .min(1)
    .describe(
      doc({
        text: 'Opening times of a recurring window: a 5-field cron (minute hour day-of-month month day-of-week).',
        example: '"0 15 * * 5" (Fridays at 15:00)',
      }),
    ),
  duration: z
    .string()
    .min(1)
    .describe(
      doc({ text: 'How long a recurring window stays open after each opening.', example: '9h, 90m' }),
    ),
  timezone: z
    .string()
    .optional()
    .describe(
      doc({ text: 'IANA time zone the schedule is read in.', default: 'UTC', example: 'Europe/Berlin' }),
    ),
})

export const timeWindow = z
  .union([absoluteWindow, recurringWindow], {
    error:
      'a window is either {start, end} (ISO-8601 times with offset) or {schedule, duration, timezone} (5-field cron, a duration like 8h, an IANA zone)',
  })
  .describe(
    doc({ text: 'A window: either one-off {start, end} or recurring {schedule, duration, timezone}.' }),
  )

export type AbsoluteWindow = z.infer<typeof absoluteWindow>
export type RecurringWindow = z.infer<typeof recurringWindow>
export type TimeWindow = z.infer<typeof timeWindow>

export function isRecurringWindow(window: TimeWindow): window is RecurringWindow {
  return 'schedule' in window
}
