/** The runs of one schedule: one entry per slot, outcomes, trimming to historyLimit, status shape. */
import { describe, expect, it } from 'vitest'
import { DEFAULT_HISTORY_LIMIT, ScheduleRuns } from '../../../src/chaos/run-history.js'

const HOUR = 3_600_000
const t0 = Date.parse('2026-03-06T00:00:00Z')
const slot = (n: number) => t0 + n * HOUR

describe('ScheduleRuns', () => {
  it('records a start once per slot', () => {
    const runs = new ScheduleRuns('api-chaos')
    expect(runs.started(slot(1), slot(1) + 5_000, 'EXP1')).toBe(true)
    expect(runs.started(slot(1), slot(1) + 9_000, 'EXP2')).toBe(false)
    expect(runs.skipped(slot(1), slot(1) + 9_000, 'max-concurrent', 'busy')).toBe(false)
    expect(runs.list()).toHaveLength(1)
    expect(runs.running().map((r) => r.experimentId)).toEqual(['EXP1'])
  })

  it('refuses a slot at or before the last one handled, even once trimmed away', () => {
    const runs = new ScheduleRuns('api-chaos', 1)
    runs.skipped(slot(1), slot(1), 'suspended', 'suspended')
    runs.skipped(slot(2), slot(2), 'suspended', 'suspended')
    expect(runs.list().map((r) => r.slot)).toEqual([slot(2)])
    expect(runs.started(slot(1), slot(3), 'EXP')).toBe(false)
    expect(runs.lastHandledSlot()).toBe(slot(2))
  })

  it.each(['completed', 'stopped', 'failed', 'preempted-by-deployment'] as const)(
    'ends a running experiment as %s',
    (outcome) => {
      const runs = new ScheduleRuns('api-chaos')
      runs.started(slot(1), slot(1), 'EXP1')
      expect(
        runs.ended(
          slot(1),
          outcome,
          slot(1) + 600_000,
          outcome === 'failed' ? 'target resolution failed' : undefined,
        ),
      ).toBe(true)
      expect(runs.running()).toEqual([])
      expect(runs.list()[0]).toMatchObject({ outcome, endedAt: slot(1) + 600_000 })
      expect(runs.ended(slot(1), 'completed', slot(2))).toBe(false)
    },
  )

  it('does not end a run that was skipped or missed', () => {
    const runs = new ScheduleRuns('api-chaos')
    runs.missed([slot(1)], slot(3))
    runs.skipped(slot(2), slot(2), 'blackout-window', 'a blackout window holds')
    expect(runs.ended(slot(1), 'completed', slot(4))).toBe(false)
    expect(runs.ended(slot(2), 'completed', slot(4))).toBe(false)
  })

  it(`keeps the newest ${DEFAULT_HISTORY_LIMIT} runs by default, newest first`, () => {
    const runs = new ScheduleRuns('api-chaos')
    for (let n = 1; n <= 15; n++) runs.skipped(slot(n), slot(n), 'suspended', 'suspended')
    expect(runs.list().map((r) => r.slot)).toEqual(Array.from({ length: 10 }, (_, i) => slot(15 - i)))
  })

  it('never trims a run still going: it counts against maxConcurrent', () => {
    const runs = new ScheduleRuns('api-chaos', 2)
    runs.started(slot(1), slot(1), 'LONG')
    for (let n = 2; n <= 5; n++) runs.missed([slot(n)], slot(n))
    expect(runs.list().map((r) => r.slot)).toEqual([slot(5), slot(4), slot(1)])
    runs.ended(slot(1), 'completed', slot(6))
    expect(runs.list().map((r) => r.slot)).toEqual([slot(5), slot(4)])
  })

  it('applies a new historyLimit at once', () => {
    const runs = new ScheduleRuns('api-chaos')
    for (let n = 1; n <= 5; n++) runs.missed([slot(n)], slot(n))
    runs.setLimit(3)
    expect(runs.list()).toHaveLength(3)
    runs.setLimit(undefined)
    for (let n = 6; n <= 20; n++) runs.missed([slot(n)], slot(n))
    expect(runs.list()).toHaveLength(DEFAULT_HISTORY_LIMIT)
  })

  it('records missed slots in order and skips those already handled', () => {
    const runs = new ScheduleRuns('api-chaos')
    runs.missed([slot(1), slot(2)], slot(3))
    runs.missed([slot(2), slot(3)], slot(4))
    expect(runs.list().map((r) => [r.slot, r.outcome])).toEqual([
      [slot(3), 'missed'],
      [slot(2), 'missed'],
      [slot(1), 'missed'],
    ])
  })

  it('renders for /status with ISO times', () => {
    const runs = new ScheduleRuns('api-chaos')
    runs.missed([slot(1)], slot(2))
    runs.skipped(slot(2), slot(2) + 1_000, 'not-steady', 'service "api" is mid-deployment')
    runs.started(slot(3), slot(3) + 2_000, 'EXPabc')
    expect(runs.toStatus()).toEqual({
      schedule: 'api-chaos',
      running: 1,
      lastHandledSlot: '2026-03-06T03:00:00Z',
      runs: [
        {
          slot: '2026-03-06T03:00:00Z',
          outcome: 'started',
          at: '2026-03-06T03:00:02.000Z',
          experimentId: 'EXPabc',
        },
        {
          slot: '2026-03-06T02:00:00Z',
          outcome: 'skipped',
          at: '2026-03-06T02:00:01.000Z',
          guardrail: 'not-steady',
          reason: 'service "api" is mid-deployment',
        },
        {
          slot: '2026-03-06T01:00:00Z',
          outcome: 'missed',
          at: '2026-03-06T02:00:00.000Z',
          reason: 'missed its starting deadline',
        },
      ],
    })
  })
})
