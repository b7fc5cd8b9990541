/**
 * @module Whether a blackout or freeze window holds at an instant.
 *
 * An absolute window `{start, end}` holds from start (inclusive) to end (exclusive). A recurring
 * window `{schedule, duration, timezone}` opens at every run time of its cron in its zone (UTC by
 * default; DST as in wall-clock.ts, so a start in a spring-forward gap opens at the transition)
 * and stays open for `duration` of elapsed time: it holds at `now` when its most recent start is
 * ≤ now < start + duration. Overlapping openings simply keep it open.
 */
import { isRecurringWindow, type TimeWindow } from '../manifest/schema/window.js'
import { parseDuration } from '../shared/duration.js'
import { CronSchedule } from './cron.js'

export interface ActiveWindow {
  /** Position of the window in the list it came from. */
  readonly index: number
  readonly window: TimeWindow
  /** The opening that holds `now` (the most recent one for a recurring window) and when it closes. */
  readonly start: number
  readonly end: number
}

export class WindowError extends Error {
  constructor(
    readonly index: number,
    problem: string,
  ) {
    super(`window ${index + 1}: ${problem}`)
    this.name = 'WindowError'
  }
}

/** The first window of `windows` that holds `now`; throws WindowError for a window that cannot be evaluated. */
export function activeWindow(windows: readonly TimeWindow[], now: number): ActiveWindow | undefined {
  for (const [index, window] of windows.entries()) {
    const opening = openingAt(window, index, now)
    if (opening) return { index, window, ...opening }
  }
  return undefined
}

function openingAt(
  window: TimeWindow,
  index: number,
  now: number,
): { start: number; end: number } | undefined {
  if (!isRecurringWindow(window)) {
    const start = Date.parse(window.start)
    const end = Date.parse(window.end)
    if (Number.isNaN(start) || Number.isNaN(end)) {
      throw new WindowError(index, 'start and end must be ISO-8601 times')
    }
    return start <= now && now < end ? { start, end } : undefined
  }
  const duration = parseDuration(window.duration)
  if (duration === undefined || duration <= 0) {
    throw new WindowError(index, `duration "${window.duration}" is not a positive duration like 90m or 8h`)
  }
  let cron: CronSchedule
  try {
    cron = new CronSchedule(window.schedule, window.timezone ?? 'UTC')
  } catch (err) {
    throw new WindowError(index, err instanceof Error ? err.message : String(err))
  }
  // Openings in (now - duration, now] hold `now`; the latest one closes last.
  const start = cron.recent(now - duration, now, 1).times[0]
  return start === undefined ? undefined : { start, end: start + duration }
}

/** A window as people read it in status and logs. */
export function describeWindow(window: TimeWindow): string {
  if (!isRecurringWindow(window)) return `${window.start} to ${window.end}`
  return `"${window.schedule}" for ${window.duration}${window.timezone ? ` (${window.timezone})` : ' (UTC)'}`
}
