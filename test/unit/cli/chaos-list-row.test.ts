/** `chaos list`'s text for one schedule, as a pure function of its row. */
import { describe, expect, it } from 'vitest'
import { scheduleRowText, type ScheduleRow } from '../../../src/cli/commands/chaos.js'

describe('scheduleRowText', () => {
  const row: ScheduleRow = {
    name: 'orders-resilience',
    schedule: '*/5 * * * *',
    timezone: 'Asia/Seoul',
    suspended: false,
    target: 'orders',
    nextRuns: [{ local: '2026-01-02T09:35:00', utc: '2026-01-02T00:35:00.000Z' }],
    lastRun: null,
  }
  const head = 'orders-resilience  (*/5 * * * * Asia/Seoul, target orders)'
  const next = '  next: 2026-01-02T09:35:00  (2026-01-02T00:35:00.000Z)\n'
  it.each([
    ['never run', row, `${head}\n${next}  last: never run\n`],
    ['suspended', { ...row, suspended: true }, `${head}  SUSPENDED\n${next}  last: never run\n`],
    [
      'a last run with its start and reason',
      {
        ...row,
        lastRun: {
          experimentId: 'EXP1',
          status: 'stopped',
          startTime: '2026-01-01T00:00:00Z',
          reason: 'alarm',
        },
      },
      `${head}\n${next}  last: stopped (EXP1, 2026-01-01T00:00:00Z): alarm\n`,
    ],
    [
      'a last run without start or reason',
      { ...row, nextRuns: [], lastRun: { experimentId: 'EXP2', status: 'running' } },
      `${head}\n  last: running (EXP2)\n`,
    ],
  ] as const)('%s', (_name, given, text) => {
    expect(scheduleRowText(given)).toBe(text)
  })
})
