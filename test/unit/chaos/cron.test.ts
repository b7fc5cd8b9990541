/**
 * Next run times of a 5-field cron in an IANA zone, DST included.
 *
 * The DST rule (src/chaos/wall-clock.ts): a local time that happens twice counts once, at its first
 * occurrence; a local time skipped by spring-forward counts at the transition. Kubernetes CronJob
 * documents no DST rule of its own (https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones);
 * its cron library skips the gap (https://github.com/robfig/cron/pull/541) and can run the
 * repeated hour twice (https://github.com/kubernetes/kubernetes/issues/121594). We keep "at most
 * once" and never lose a slot, so these tests pin our rule, not CronJob's.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CronError, CronSchedule, nextRuns } from '../../../src/chaos/cron.js'

const at = (iso: string) => Date.parse(iso)
const iso = (times: number[]) => times.map((t) => new Date(t).toISOString().replace('.000Z', 'Z'))

describe('nextRuns', () => {
  it.each([
    // [what, cron, zone, after, expected run times (UTC)]
    [
      'weekdays 10:00 in Seoul (UTC+9 all year, no DST)',
      '0 10 * * 1-5',
      'Asia/Seoul',
      '2026-03-06T00:00:00Z',
      ['2026-03-06T01:00:00Z', '2026-03-09T01:00:00Z', '2026-03-10T01:00:00Z'],
    ],
    [
      'Seoul in July: the same offset',
      '0 10 * * 1-5',
      'Asia/Seoul',
      '2026-07-03T02:00:00Z',
      ['2026-07-06T01:00:00Z', '2026-07-07T01:00:00Z', '2026-07-08T01:00:00Z'],
    ],
    [
      'UTC when no zone matters',
      '*/20 * * * *',
      'UTC',
      '2026-01-01T00:00:00Z',
      ['2026-01-01T00:20:00Z', '2026-01-01T00:40:00Z', '2026-01-01T01:00:00Z'],
    ],
    [
      'New York 09:00 before and after spring-forward (EST -5, then EDT -4)',
      '0 9 * * *',
      'America/New_York',
      '2026-03-07T00:00:00Z',
      ['2026-03-07T14:00:00Z', '2026-03-08T13:00:00Z', '2026-03-09T13:00:00Z'],
    ],
    [
      'New York 02:30 does not exist on 8 March 2026: it runs at the transition, 03:00 EDT',
      '30 2 * * *',
      'America/New_York',
      '2026-03-07T00:00:00Z',
      ['2026-03-07T07:30:00Z', '2026-03-08T07:00:00Z', '2026-03-09T06:30:00Z'],
    ],
    [
      'New York hourly over spring-forward: 02:00 folds into 03:00, one run',
      '0 * * * *',
      'America/New_York',
      '2026-03-08T05:30:00Z',
      ['2026-03-08T06:00:00Z', '2026-03-08T07:00:00Z', '2026-03-08T08:00:00Z'],
    ],
    [
      'New York 01:30 happens twice on 1 November 2026: it runs once, at 01:30 EDT',
      '30 1 * * *',
      'America/New_York',
      '2026-10-31T00:00:00Z',
      ['2026-10-31T05:30:00Z', '2026-11-01T05:30:00Z', '2026-11-02T06:30:00Z'],
    ],
    [
      'New York hourly over fall-back: the second 01:00 (EST) does not run again',
      '0 * * * *',
      'America/New_York',
      '2026-11-01T04:30:00Z',
      ['2026-11-01T05:00:00Z', '2026-11-01T07:00:00Z', '2026-11-01T08:00:00Z'],
    ],
    [
      'Berlin 02:30 on spring-forward day (29 March 2026) runs at 03:00 CEST',
      '30 2 * * *',
      'Europe/Berlin',
      '2026-03-28T00:00:00Z',
      ['2026-03-28T01:30:00Z', '2026-03-29T01:00:00Z', '2026-03-30T00:30:00Z'],
    ],
    [
      'Berlin 02:30 on fall-back day (25 October 2026) runs once, at 02:30 CEST',
      '30 2 * * *',
      'Europe/Berlin',
      '2026-10-24T00:00:00Z',
      ['2026-10-24T00:30:00Z', '2026-10-25T00:30:00Z', '2026-10-26T01:30:00Z'],
    ],
    [
      'Santiago midnight that does not exist (6 Sept 2026) runs at 01:00 -03',
      '0 0 * * *',
      'America/Santiago',
      '2026-09-05T00:00:00Z',
      ['2026-09-05T04:00:00Z', '2026-09-06T04:00:00Z', '2026-09-07T03:00:00Z'],
    ],
    [
      'day names and last-day-of-month',
      '0 12 L * *',
      'Europe/Berlin',
      '2026-01-15T00:00:00Z',
      ['2026-01-31T11:00:00Z', '2026-02-28T11:00:00Z', '2026-03-31T10:00:00Z'],
    ],
  ])('%s', (_what, cron, zone, after, expected) => {
    expect(iso(nextRuns(cron, zone, at(after), 3))).toEqual(expected)
  })

  it('is strictly after `after`: a run exactly at `after` is not returned again', () => {
    expect(iso(nextRuns('0 10 * * *', 'UTC', at('2026-03-06T10:00:00Z'), 1))).toEqual([
      '2026-03-07T10:00:00Z',
    ])
    expect(iso(nextRuns('0 10 * * *', 'UTC', at('2026-03-06T09:59:59.999Z'), 1))).toEqual([
      '2026-03-06T10:00:00Z',
    ])
  })

  it('returns nothing for a count of 0', () => {
    expect(nextRuns('* * * * *', 'UTC', 0, 0)).toEqual([])
  })

  it.each([
    ['six fields', '0 0 10 * * 1-5', /has 6 fields/],
    ['four fields', '0 10 * *', /has 4 fields/],
    ['hashed minute (random per process)', 'H 10 * * *', /hashed values/],
    ['an impossible value', '0 25 * * *', /not a valid 5-field cron/],
  ])('refuses %s', (_what, cron, message) => {
    expect(() => new CronSchedule(cron)).toThrow(CronError)
    expect(() => new CronSchedule(cron)).toThrow(message)
  })

  it('refuses a zone the runtime does not know', () => {
    expect(() => new CronSchedule('0 10 * * *', 'Asia/Seol')).toThrow(RangeError)
  })
})

describe('run times do not depend on where iteration starts', () => {
  // The property "each slot at most once" needs this: a restarted daemon asks from another instant.
  it.each([
    ['30 2 * * *', 'America/New_York', '2026-03-06T00:00:00Z'],
    ['30 1 * * *', 'America/New_York', '2026-10-30T00:00:00Z'],
    ['*/15 * * * *', 'America/New_York', '2026-11-01T03:00:00Z'],
    ['30 2 * * *', 'Europe/Berlin', '2026-03-27T00:00:00Z'],
    ['0 0 * * *', 'America/Santiago', '2026-09-04T00:00:00Z'],
    ['0 10 * * 1-5', 'Asia/Seoul', '2026-03-04T00:00:00Z'],
  ])('%s in %s', (cron, zone, from) => {
    const schedule = new CronSchedule(cron, zone)
    const base = at(from)
    const all = schedule.nextRuns(base, 1500).filter((t) => t <= base + 10 * 86_400_000)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * 86_400_000 }), (offset) => {
        const start = base + offset
        expect(schedule.next(start)).toBe(all.find((t) => t > start))
      }),
      { numRuns: 300 },
    )
  })
})

describe('recent', () => {
  const everyMinute = new CronSchedule('* * * * *')

  it('lists the latest run times in (after, until], oldest first', () => {
    expect(iso(everyMinute.recent(at('2026-01-01T00:00:00Z'), at('2026-01-01T00:03:30Z'), 10).times)).toEqual(
      ['2026-01-01T00:01:00Z', '2026-01-01T00:02:00Z', '2026-01-01T00:03:00Z'],
    )
  })

  it('keeps only the latest `limit` and says earlier ones exist, even after a year', () => {
    const result = everyMinute.recent(at('2025-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'), 3)
    expect(iso(result.times)).toEqual([
      '2025-12-31T23:58:00Z',
      '2025-12-31T23:59:00Z',
      '2026-01-01T00:00:00Z',
    ])
    expect(result.earlier).toBe(true)
  })

  it('finds a yearly run far back', () => {
    const yearly = new CronSchedule('0 0 1 1 *')
    const result = yearly.recent(at('2020-06-01T00:00:00Z'), at('2026-06-01T00:00:00Z'), 1)
    expect(iso(result.times)).toEqual(['2026-01-01T00:00:00Z'])
    expect(result.earlier).toBe(true)
    expect(yearly.recent(at('2025-06-01T00:00:00Z'), at('2026-06-01T00:00:00Z'), 1).earlier).toBe(false)
  })

  it('is empty when no run falls in the range', () => {
    expect(
      new CronSchedule('0 10 * * *').recent(at('2026-01-01T10:00:00Z'), at('2026-01-02T09:59:00Z'), 5),
    ).toEqual({ times: [], earlier: false })
  })
})
