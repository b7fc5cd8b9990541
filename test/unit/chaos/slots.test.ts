/** Which slot is due, which were missed: only the most recent slot may start, and only within its deadline. */
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_STARTING_DEADLINE_SECONDS,
  MAX_MISSED_LISTED,
  decideSlot,
  type SlotQuery,
} from '../../../src/chaos/slots.js'

const at = (iso: string) => Date.parse(iso)
const label = (t: number | undefined) =>
  t === undefined ? undefined : new Date(t).toISOString().replace('.000Z', 'Z')

function decide(query: Partial<SlotQuery> & Pick<SlotQuery, 'after' | 'now'>) {
  const decision = decideSlot({ schedule: '0 10 * * *', timezone: 'UTC', ...query })
  return {
    ...decision,
    due: label(decision.due),
    missed: decision.missed.map(label),
    next: label(decision.next),
    handledThrough: label(decision.handledThrough),
  }
}

describe('decideSlot', () => {
  it.each([
    // [what, after, now, startingDeadlineSeconds, due, missed]
    ['before the slot: nothing due', '2026-03-05T10:00:00Z', '2026-03-06T09:59:59Z', 60, undefined, []],
    [
      'exactly at the slot: due',
      '2026-03-05T10:00:00Z',
      '2026-03-06T10:00:00Z',
      60,
      '2026-03-06T10:00:00Z',
      [],
    ],
    [
      'within the deadline: due',
      '2026-03-05T10:00:00Z',
      '2026-03-06T10:01:00Z',
      60,
      '2026-03-06T10:00:00Z',
      [],
    ],
    [
      'one ms past the deadline: missed, not started late',
      '2026-03-05T10:00:00Z',
      '2026-03-06T10:01:00.001Z',
      60,
      undefined,
      ['2026-03-06T10:00:00Z'],
    ],
    [
      "daemon down for three days: the old slots are missed, today's is due",
      '2026-03-03T10:00:00Z',
      '2026-03-06T10:00:30Z',
      60,
      '2026-03-06T10:00:00Z',
      ['2026-03-04T10:00:00Z', '2026-03-05T10:00:00Z'],
    ],
    [
      'daemon down for three days, back late: every slot missed',
      '2026-03-03T10:00:00Z',
      '2026-03-06T12:00:00Z',
      60,
      undefined,
      ['2026-03-04T10:00:00Z', '2026-03-05T10:00:00Z', '2026-03-06T10:00:00Z'],
    ],
    [
      'the slot already handled is not due again',
      '2026-03-06T10:00:00Z',
      '2026-03-06T10:00:30Z',
      60,
      undefined,
      [],
    ],
    [
      "created after today's slot: nothing missed, nothing due",
      '2026-03-06T10:00:01Z',
      '2026-03-06T10:00:30Z',
      60,
      undefined,
      [],
    ],
  ])('%s', (_what, after, now, deadline, due, missed) => {
    const decision = decide({ after: at(after), now: at(now), startingDeadlineSeconds: deadline })
    expect(decision.due).toBe(due)
    expect(decision.missed).toEqual(missed)
    expect(decision.missedUnlisted).toBe(false)
  })

  it(`defaults the deadline to ${DEFAULT_STARTING_DEADLINE_SECONDS} s when unset`, () => {
    const slot = at('2026-03-06T10:00:00Z')
    expect(
      decide({ after: at('2026-03-06T00:00:00Z'), now: slot + DEFAULT_STARTING_DEADLINE_SECONDS * 1000 }).due,
    ).toBe('2026-03-06T10:00:00Z')
    expect(
      decide({ after: at('2026-03-06T00:00:00Z'), now: slot + DEFAULT_STARTING_DEADLINE_SECONDS * 1000 + 1 })
        .due,
    ).toBeUndefined()
  })

  it('supersedes older slots still within the deadline: only the most recent may start (CronJob Forbid)', () => {
    const decision = decide({
      schedule: '* * * * *',
      after: at('2026-03-06T10:00:00Z'),
      now: at('2026-03-06T10:03:10Z'),
      startingDeadlineSeconds: 600,
    })
    expect(decision.due).toBe('2026-03-06T10:03:00Z')
    expect(decision.missed).toEqual(['2026-03-06T10:01:00Z', '2026-03-06T10:02:00Z'])
  })

  it('reports the next slot and what to remember as handled', () => {
    const decision = decide({ after: at('2026-03-05T10:00:00Z'), now: at('2026-03-06T10:00:10Z') })
    expect(decision.next).toBe('2026-03-07T10:00:00Z')
    expect(decision.handledThrough).toBe('2026-03-06T10:00:00Z')
  })

  it('lists at most the most recent missed slots after a long outage on a per-minute cron', () => {
    const decision = decide({
      schedule: '* * * * *',
      after: at('2026-01-01T00:00:00Z'),
      now: at('2026-02-01T00:00:30Z'),
      startingDeadlineSeconds: 60,
    })
    expect(decision.due).toBe('2026-02-01T00:00:00Z')
    expect(decision.missed).toHaveLength(MAX_MISSED_LISTED)
    expect(decision.missed.at(-1)).toBe('2026-01-31T23:59:00Z')
    expect(decision.missedUnlisted).toBe(true)
    expect(decision.handledThrough).toBe('2026-02-01T00:00:00Z')
  })

  it("reads the cron in the schedule's zone across a DST change (New York, 8 March 2026)", () => {
    const decision = decide({
      schedule: '30 2 * * *',
      timezone: 'America/New_York',
      after: at('2026-03-07T12:00:00Z'),
      now: at('2026-03-08T07:00:30Z'),
    })
    // 02:30 does not exist that night: the slot is the transition, 03:00 EDT = 07:00Z.
    expect(decision.due).toBe('2026-03-08T07:00:00Z')
  })

  it('never offers a slot twice when driven minute by minute across a night with a clock going back', () => {
    const started: string[] = []
    let after = at('2026-11-01T00:00:00Z')
    for (let now = after; now <= at('2026-11-01T12:00:00Z'); now += 60_000) {
      const decision = decideSlot({
        schedule: '*/30 * * * *',
        timezone: 'America/New_York',
        after,
        now,
        startingDeadlineSeconds: 60,
      })
      if (decision.due !== undefined) started.push(label(decision.due) as string)
      after = decision.handledThrough
    }
    expect(new Set(started).size).toBe(started.length)
    // 24 half-hours in those 12 hours, less the repeated 01:00 and 01:30 (EST) of 1 November.
    expect(started).toHaveLength(24 - 2)
    expect(started).toContain('2026-11-01T05:30:00Z')
    expect(started).not.toContain('2026-11-01T06:30:00Z')
  })
})
