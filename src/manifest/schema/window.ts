/** @module Time windows (chaos blackouts, cluster freezes): absolute `{start, end}` or recurring `{schedule, duration, timezone}`. */
import { z } from 'zod'

/** A one-off window between two ISO-8601 instants (with offset); `end` is exclusive. */
export const absoluteWindow = z.strictObject({
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
})

/**
 * A window that opens at every slot of a 5-field cron in `timezone` (default UTC) and stays open
 * for `duration` (`90m`, `8h`). The cron, the zone and the duration are checked by semantic rules,
 * which can say precisely what is wrong.
 */
export const recurringWindow = z.strictObject({
  schedule: z.string().min(1),
  duration: z.string().min(1),
  timezone: z.string().optional(),
})

export const timeWindow = z.union([absoluteWindow, recurringWindow], {
  error: 'a window is either {start, end} (ISO-8601 times with offset) or {schedule, duration, timezone} (5-field cron, a duration like 8h, an IANA zone)',
})

export type AbsoluteWindow = z.infer<typeof absoluteWindow>
export type RecurringWindow = z.infer<typeof recurringWindow>
export type TimeWindow = z.infer<typeof timeWindow>

export function isRecurringWindow(window: TimeWindow): window is RecurringWindow {
  return 'schedule' in window
}
