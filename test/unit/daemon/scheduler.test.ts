import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TriggerKind } from '../../../src/daemon/metrics.js'
import { PassScheduler } from '../../../src/daemon/scheduler.js'

afterEach(() => {
  vi.useRealTimers()
})

/** A pass that waits until the test releases it. */
function gatedPasses() {
  const calls: (readonly TriggerKind[])[] = []
  let release: (() => void) | undefined
  const run = (triggers: readonly TriggerKind[]): Promise<void> => {
    calls.push(triggers)
    return new Promise((resolve) => (release = resolve))
  }
  return { calls, run, release: () => release?.() }
}

/** A pass that returns at once and records its triggers. */
function recordedPasses() {
  const calls: (readonly TriggerKind[])[] = []
  const run = (triggers: readonly TriggerKind[]): Promise<void> => {
    calls.push(triggers)
    return Promise.resolve()
  }
  return { calls, run }
}

const flush = () => new Promise((r) => setImmediate(r))

describe('PassScheduler', () => {
  it('runs one pass at a time and coalesces triggers that arrive during a pass into one next pass', async () => {
    const passes = gatedPasses()
    const scheduler = new PassScheduler(passes.run, {
      intervalMs: 60_000,
      jitter: 0,
      nextRetryAt: () => undefined,
    })
    scheduler.trigger('startup')
    scheduler.trigger('change')
    scheduler.trigger('resync')
    scheduler.trigger('change')
    expect(passes.calls).toEqual([['startup']])
    passes.release()
    await flush()
    expect(passes.calls).toEqual([['startup'], ['change', 'resync']])
    passes.release()
    const stopped = scheduler.stop()
    await stopped
    expect(passes.calls).toHaveLength(2)
  })

  it('schedules a resync after each pass, with jitter inside ±10% of the interval', async () => {
    vi.useFakeTimers()
    const { calls, run } = recordedPasses()
    const scheduled: number[] = []
    const scheduler = new PassScheduler(run, {
      intervalMs: 10_000,
      jitter: 0.1,
      random: () => 1,
      now: () => 0,
      nextRetryAt: () => undefined,
      onResyncScheduled: (at) => scheduled.push(at),
    })
    scheduler.trigger('startup')
    await vi.advanceTimersByTimeAsync(0)
    expect(scheduled).toEqual([11_000])
    await vi.advanceTimersByTimeAsync(10_999)
    expect(calls).toEqual([['startup']])
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toEqual([['startup'], ['resync']])
    await scheduler.stop()
  })

  it('schedules a retry pass when a backed-off resource becomes due before the resync', async () => {
    vi.useFakeTimers()
    const { calls, run } = recordedPasses()
    const scheduler = new PassScheduler(run, {
      intervalMs: 60_000,
      jitter: 0,
      now: () => 0,
      nextRetryAt: () => (calls.length === 1 ? 2_000 : undefined),
    })
    scheduler.trigger('startup')
    await vi.advanceTimersByTimeAsync(2_000)
    expect(calls).toEqual([['startup'], ['retry']])
    await scheduler.stop()
  })

  it('takes no trigger and fires no timer after stop', async () => {
    vi.useFakeTimers()
    const { calls, run } = recordedPasses()
    const scheduler = new PassScheduler(run, { intervalMs: 1_000, jitter: 0, nextRetryAt: () => undefined })
    scheduler.trigger('startup')
    await vi.advanceTimersByTimeAsync(0)
    await scheduler.stop()
    scheduler.trigger('change')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(calls).toEqual([['startup']])
  })
})
