/**
 * @module Which cron slot of a chaos schedule is due now, and which were missed.
 *
 * As a Kubernetes CronJob with `concurrencyPolicy: Forbid`: only the most recent slot that has
 * come is a candidate to start; any older slot not handled yet is superseded by it and recorded as
 * `missed`, and so is the most recent one once it is older than the starting deadline. A slot is
 * never started late and never twice: the caller passes the last slot it handled (started, held
 * back or missed), and only slots after it are considered.
 *
 * Unlike CronJob, an unset `startingDeadlineSeconds` is not unlimited: it is
 * DEFAULT_STARTING_DEADLINE_SECONDS. A CronJob without a deadline starts its latest missed slot
 * however late; a fault injected hours after the time people chose to watch it is the thing the
 * deadline exists to prevent.
 */
import { CronSchedule } from './cron.js'

/** Used when `guardrails.startingDeadlineSeconds` is unset: covers a restart or a lease hand-over, not an outage. */
export const DEFAULT_STARTING_DEADLINE_SECONDS = 300
/** At most this many missed slots are listed (the most recent ones); history keeps fewer anyway. */
export const MAX_MISSED_LISTED = 100

export interface SlotQuery {
  /** The 5-field cron and its IANA zone (default UTC). */
  readonly schedule: string
  readonly timezone?: string | undefined
  /** The last slot already handled, or the schedule's creation time when none was: only later slots count. */
  readonly after: number
  readonly now: number
  readonly startingDeadlineSeconds?: number | undefined
}

export interface SlotDecision {
  /** The slot to start now, if one is due and within its deadline. */
  readonly due: number | undefined
  /** Slots in (after, now] that will never run, oldest first (at most MAX_MISSED_LISTED, the most recent). */
  readonly missed: readonly number[]
  /** More slots were missed than `missed` lists. */
  readonly missedUnlisted: boolean
  /** The first slot after `now` (or after `after`, when that is later). */
  readonly next: number
  /** What the caller should remember as handled once it acted on this decision. */
  readonly handledThrough: number
}

export function decideSlot(query: SlotQuery): SlotDecision {
  const cron = new CronSchedule(query.schedule, query.timezone ?? 'UTC')
  const deadlineMs = (query.startingDeadlineSeconds ?? DEFAULT_STARTING_DEADLINE_SECONDS) * 1000
  const next = cron.next(Math.max(query.now, query.after))
  if (query.now <= query.after) {
    return { due: undefined, missed: [], missedUnlisted: false, next, handledThrough: query.after }
  }

  const { times, earlier } = cron.recent(query.after, query.now, MAX_MISSED_LISTED + 1)
  const latest = times.at(-1)
  if (latest === undefined) {
    return { due: undefined, missed: [], missedUnlisted: false, next, handledThrough: query.after }
  }

  const inTime = query.now - latest <= deadlineMs
  const missed = inTime ? times.slice(0, -1) : times
  return {
    due: inTime ? latest : undefined,
    missed: missed.slice(-MAX_MISSED_LISTED),
    missedUnlisted: earlier || missed.length > MAX_MISSED_LISTED,
    next,
    handledThrough: latest,
  }
}
