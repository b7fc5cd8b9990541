/**
 * @module Run times of a 5-field cron in an IANA zone.
 *
 * cron-parser evaluates the cron on wall-clock time (in UTC, where no clock ever jumps), and
 * wall-clock.ts turns each match into an instant by one documented DST rule. cron-parser's own
 * time-zone mode is not used: around a transition its answer depends on where iteration starts
 * (from some instants it skips the spring-forward day, from others it yields a fall-back time a
 * second time), which would break "each slot at most once".
 */
import { CronExpressionParser } from 'cron-parser'
import { cronProblem } from '../manifest/rules/chaos-cron.js'
import { instantOf, smallestOffsetNear } from './wall-clock.js'

const HOUR_MS = 3_600_000
/** Expressions already checked: a daemon asks about the same few crons on every tick. */
const validExpressions = new Set<string>()

export class CronError extends Error {
  constructor(
    readonly expression: string,
    problem: string,
  ) {
    super(`"${expression}" is not a valid 5-field cron: ${problem}`)
    this.name = 'CronError'
  }
}

/** A parsed cron bound to a zone; every time taken and returned is ms since epoch. */
export class CronSchedule {
  constructor(
    readonly expression: string,
    readonly zone: string = 'UTC',
  ) {
    if (!validExpressions.has(expression)) {
      const problem = cronProblem(expression)
      if (problem) throw new CronError(expression, problem)
      validExpressions.add(expression)
    }
    // A zone the runtime does not know throws a RangeError here, not at first use.
    smallestOffsetNear(0, zone)
  }

  /** The first `count` run times strictly after `after`, in order. */
  nextRuns(after: number, count: number): number[] {
    const runs: number[] = []
    if (count <= 0) return runs
    for (const instant of this.instantsAfter(after)) {
      runs.push(instant)
      if (runs.length === count) break
    }
    return runs
  }

  /** The first run time strictly after `after`. */
  next(after: number): number {
    return this.nextRuns(after, 1)[0] as number
  }

  /**
   * The latest `limit` run times in (after, until], oldest first, and whether earlier ones exist
   * in that range. It looks back from `until` over a span that doubles, so a long gap (a daemon
   * down for a month on a per-minute cron) costs a few short scans, not one per minute missed.
   */
  recent(after: number, until: number, limit: number): { times: number[]; earlier: boolean } {
    for (let span = HOUR_MS; ; span *= 2) {
      const from = Math.max(after, until - span)
      const { times, count } = this.lastIn(from, until, limit)
      if (count >= limit || from === after) {
        return { times, earlier: count > limit || (from > after && this.next(after) <= from) }
      }
    }
  }

  /** The last `limit` run times in (from, until], and how many there are in all. */
  private lastIn(from: number, until: number, limit: number): { times: number[]; count: number } {
    const times: number[] = []
    let count = 0
    for (const instant of this.instantsAfter(from)) {
      if (instant > until) break
      count++
      times.push(instant)
      if (times.length > limit) times.shift()
    }
    return { times, count }
  }

  /** Run times strictly after `after`, in order, each once. */
  private *instantsAfter(after: number): Generator<number> {
    // A wall-clock time at or before `after + smallest nearby offset` stands for an instant at or before `after`.
    const wallStart = after + smallestOffsetNear(after, this.zone)
    const matches = CronExpressionParser.parse(this.expression, {
      tz: 'UTC',
      currentDate: new Date(wallStart),
    })
    let last = after
    for (;;) {
      const instant = instantOf(matches.next().getTime(), this.zone)
      // Wall-clock times in a spring-forward gap all map to the transition: it counts once.
      if (instant > last) {
        yield instant
        last = instant
      }
    }
  }
}

/** The first `count` run times of `schedule` in `zone` strictly after `after`. */
export function nextRuns(schedule: string, zone: string, after: number, count: number): number[] {
  return new CronSchedule(schedule, zone).nextRuns(after, count)
}
