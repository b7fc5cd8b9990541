/** Blackout and freeze windows: absolute {start, end}, and recurring {schedule, duration, timezone}. */
import { describe, expect, it } from 'vitest'
import { activeWindow, describeWindow, WindowError } from '../../../src/chaos/windows.js'
import type { TimeWindow } from '../../../src/manifest/schema/window.js'

const at = (iso: string) => Date.parse(iso)
const holds = (window: TimeWindow, now: string) => activeWindow([window], at(now)) !== undefined

describe('absolute windows', () => {
  const peakWeek: TimeWindow = { start: '2026-11-23T00:00:00-05:00', end: '2026-11-30T00:00:00-05:00' }

  it.each([
    ['just before the start', '2026-11-23T04:59:59.999Z', false],
    ['at the start (inclusive)', '2026-11-23T05:00:00Z', true],
    ['inside', '2026-11-27T12:00:00Z', true],
    ['just before the end', '2026-11-30T04:59:59.999Z', true],
    ['at the end (exclusive)', '2026-11-30T05:00:00Z', false],
  ])('%s', (_what, now, expected) => {
    expect(holds(peakWeek, now)).toBe(expected)
  })

  it('reports the window, its position and its bounds', () => {
    expect(
      activeWindow(
        [{ start: '2026-01-01T00:00:00Z', end: '2026-01-02T00:00:00Z' }, peakWeek],
        at('2026-11-24T00:00:00Z'),
      ),
    ).toEqual({
      index: 1,
      window: peakWeek,
      start: at('2026-11-23T05:00:00Z'),
      end: at('2026-11-30T05:00:00Z'),
    })
  })

  it('holds nothing for an empty list', () => {
    expect(activeWindow([], at('2026-01-01T00:00:00Z'))).toBeUndefined()
  })
})

describe('recurring windows', () => {
  const fridayAfternoon: TimeWindow = { schedule: '0 15 * * 5', duration: '9h', timezone: 'Europe/Berlin' }

  it.each([
    ['Friday 14:59 Berlin (CET, UTC+1)', '2026-01-09T13:59:00Z', false],
    ['Friday 15:00 Berlin: opens', '2026-01-09T14:00:00Z', true],
    ['Friday 23:59 Berlin', '2026-01-09T22:59:00Z', true],
    ['Friday 23:59:59.999 Berlin: the last instant', '2026-01-09T22:59:59.999Z', true],
    ['Saturday 00:00 Berlin: closed (15:00 + 9h)', '2026-01-09T23:00:00Z', false],
    ['a Thursday', '2026-01-08T16:00:00Z', false],
    ['summer time: Friday 15:00 CEST is 13:00Z', '2026-07-10T13:00:00Z', true],
    ['summer time: 14:30Z is 16:30 CEST, open', '2026-07-10T14:30:00Z', true],
    ['summer time: 12:59Z is 14:59 CEST, not yet', '2026-07-10T12:59:00Z', false],
  ])('%s', (_what, now, expected) => {
    expect(holds(fridayAfternoon, now)).toBe(expected)
  })

  it('holds across midnight: Friday 22:00 for 4h in Berlin covers Saturday 01:59', () => {
    const lateFriday: TimeWindow = { schedule: '0 22 * * 5', duration: '4h', timezone: 'Europe/Berlin' }
    expect(holds(lateFriday, '2026-01-10T00:59:00Z')).toBe(true) // Saturday 01:59 CET
    expect(holds(lateFriday, '2026-01-10T01:00:00Z')).toBe(false) // Saturday 02:00 CET
    expect(holds(lateFriday, '2026-01-08T23:30:00Z')).toBe(false) // Friday 00:30: the Thursday night does not open it
  })

  it('reports the opening that holds now and when it closes', () => {
    const active = activeWindow([fridayAfternoon], at('2026-01-09T20:00:00Z'))
    expect(active).toMatchObject({
      index: 0,
      start: at('2026-01-09T14:00:00Z'),
      end: at('2026-01-09T23:00:00Z'),
    })
  })

  it('counts the duration as elapsed time across a DST change: 22:00 for 8h in New York ends at 05:00 EST on fall-back night', () => {
    const nightly: TimeWindow = { schedule: '0 22 * * *', duration: '8h', timezone: 'America/New_York' }
    // Opens Saturday 31 October 22:00 EDT (02:00Z); 8 hours later is 10:00Z = 05:00 EST.
    expect(activeWindow([nightly], at('2026-11-01T09:59:00Z'))?.end).toBe(at('2026-11-01T10:00:00Z'))
    expect(holds(nightly, '2026-11-01T10:00:00Z')).toBe(false)
  })

  it('opens at the transition when its start does not exist (New York 02:30 on 8 March 2026)', () => {
    const early: TimeWindow = { schedule: '30 2 * * *', duration: '1h', timezone: 'America/New_York' }
    expect(activeWindow([early], at('2026-03-08T07:00:00Z'))?.start).toBe(at('2026-03-08T07:00:00Z'))
    expect(holds(early, '2026-03-08T07:59:59Z')).toBe(true)
    expect(holds(early, '2026-03-08T08:00:00Z')).toBe(false)
  })

  it('opens once, at the first 01:30, when that hour repeats (New York, 1 November 2026)', () => {
    const repeat: TimeWindow = { schedule: '30 1 * * *', duration: '30m', timezone: 'America/New_York' }
    expect(holds(repeat, '2026-11-01T05:45:00Z')).toBe(true) // 01:45 EDT
    expect(holds(repeat, '2026-11-01T06:45:00Z')).toBe(false) // 01:45 EST: not a second opening
  })

  it('reads the cron in UTC without a zone', () => {
    const utc: TimeWindow = { schedule: '0 9 * * *', duration: '90m' }
    expect(holds(utc, '2026-05-05T10:29:00Z')).toBe(true)
    expect(holds(utc, '2026-05-05T10:30:00Z')).toBe(false)
  })

  it('stays open while overlapping openings keep it open (every hour for 2h)', () => {
    const always: TimeWindow = { schedule: '0 * * * *', duration: '2h' }
    expect(activeWindow([always], at('2026-05-05T10:30:00Z'))).toMatchObject({
      start: at('2026-05-05T10:00:00Z'),
      end: at('2026-05-05T12:00:00Z'),
    })
  })

  it('in Seoul (no DST) holds at the same UTC time all year', () => {
    const lunch: TimeWindow = { schedule: '0 12 * * *', duration: '1h', timezone: 'Asia/Seoul' }
    expect(holds(lunch, '2026-01-15T03:30:00Z')).toBe(true)
    expect(holds(lunch, '2026-07-15T03:30:00Z')).toBe(true)
    expect(holds(lunch, '2026-07-15T04:00:00Z')).toBe(false)
  })
})

describe('windows that cannot be evaluated', () => {
  it.each([
    ['a bad duration', { schedule: '0 15 * * 5', duration: '9 hours' }, /duration "9 hours"/],
    ['a zero duration', { schedule: '0 15 * * 5', duration: '0m' }, /not a positive duration/],
    ['a bad cron', { schedule: '0 15 * *', duration: '1h' }, /not a valid 5-field cron/],
    [
      'an unknown zone',
      { schedule: '0 15 * * 5', duration: '1h', timezone: 'Mars/Olympus' },
      /Mars\/Olympus/,
    ],
  ])('throw a WindowError naming the window for %s', (_what, window, message) => {
    expect(() =>
      activeWindow(
        [{ start: '2026-01-01T00:00:00Z', end: '2026-01-02T00:00:00Z' }, window as TimeWindow],
        at('2026-05-01T00:00:00Z'),
      ),
    ).toThrow(WindowError)
    expect(() => activeWindow([window as TimeWindow], at('2026-05-01T00:00:00Z'))).toThrow(message)
  })
})

describe('describeWindow', () => {
  it('says what the window is', () => {
    expect(describeWindow({ start: '2026-11-23T00:00:00-05:00', end: '2026-11-30T00:00:00-05:00' })).toBe(
      '2026-11-23T00:00:00-05:00 to 2026-11-30T00:00:00-05:00',
    )
    expect(describeWindow({ schedule: '0 15 * * 5', duration: '9h', timezone: 'Europe/Berlin' })).toBe(
      '"0 15 * * 5" for 9h (Europe/Berlin)',
    )
    expect(describeWindow({ schedule: '0 15 * * 5', duration: '9h' })).toBe('"0 15 * * 5" for 9h (UTC)')
  })
})
