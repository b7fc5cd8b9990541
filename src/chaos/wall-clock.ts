/**
 * @module Wall-clock time in an IANA zone, and the one DST rule every cron time here follows.
 *
 * A wall-clock time is written as milliseconds too: the instant it would be if the zone were UTC.
 * Turning a wall-clock time back into an instant is where DST bites, and the rule is:
 * - a wall-clock time that happens twice (clocks go back) counts once, at its first occurrence;
 * - a wall-clock time that does not happen (clocks go forward) counts at the first instant after
 *   the gap, i.e. the transition itself.
 * So a 02:30 daily schedule in New York runs at 03:00 EDT on the spring-forward day, and a 01:30
 * one runs at 01:30 EDT (not again at 01:30 EST) on the fall-back day; a recurring window whose
 * start falls in the gap still opens, at the transition.
 */

const DAY_MS = 86_400_000

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone)
  if (!formatter) {
    // Throws a RangeError for a zone the runtime does not know; validation reports those first.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(zone, formatter)
  }
  return formatter
}

/** The wall-clock time in `zone` at `instant` (ms since epoch, as if the zone were UTC). */
export function wallClockAt(instant: number, zone: string): number {
  const parts: Record<string, number> = {}
  for (const part of formatterFor(zone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  }
  const wholeSeconds = Date.UTC(
    parts['year'] ?? 1970,
    (parts['month'] ?? 1) - 1,
    parts['day'] ?? 1,
    parts['hour'] ?? 0,
    parts['minute'] ?? 0,
    parts['second'] ?? 0,
  )
  return wholeSeconds + (((instant % 1000) + 1000) % 1000)
}

/** The zone's offset from UTC at `instant`, in ms (positive east of Greenwich). */
export function offsetAt(instant: number, zone: string): number {
  return wallClockAt(instant, zone) - instant
}

/** The instant a wall-clock time stands for in `zone`, by the DST rule of this module. */
export function instantOf(wallClock: number, zone: string): number {
  // Offsets a day either side bracket any single transition near this wall-clock time.
  const offsets = [
    ...new Set([
      offsetAt(wallClock - DAY_MS, zone),
      offsetAt(wallClock, zone),
      offsetAt(wallClock + DAY_MS, zone),
    ]),
  ]
  const exact = offsets
    .map((offset) => wallClock - offset)
    .filter((instant) => wallClockAt(instant, zone) === wallClock)
    .sort((a, b) => a - b)
  if (exact[0] !== undefined) return exact[0]
  // In a gap: the transition is the first instant whose wall clock is past `wallClock`.
  let low = wallClock - Math.max(...offsets)
  let high = wallClock - Math.min(...offsets)
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2)
    if (wallClockAt(mid, zone) > wallClock) high = mid
    else low = mid
  }
  return high
}

/** The smallest offset a day either side of `instant`: wall-clock times at or before `instant + this` cannot map after `instant`. */
export function smallestOffsetNear(instant: number, zone: string): number {
  return Math.min(offsetAt(instant - DAY_MS, zone), offsetAt(instant, zone), offsetAt(instant + DAY_MS, zone))
}
