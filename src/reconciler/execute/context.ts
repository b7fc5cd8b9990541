/** @module What every action performer gets: the cloud halves, the clock, limits and the abort signal. */
import type { CloudReaders, CloudWriters } from '../../cloud/ports/index.js'
import type { Clock } from '../../shared/clock.js'
import type { Semaphore } from './concurrency.js'

export interface ExecutionContext {
  readonly readers: CloudReaders
  readonly writers: CloudWriters
  readonly clock: Clock
  readonly signal: AbortSignal | undefined
  /** Wait for steady state (false with --no-wait). */
  readonly wait: boolean
  /** Steady-state polling interval. */
  readonly pollMs: number
  /** Deadline (clock ms) of the current wave. */
  readonly deadline: number
  readonly allowReplace: boolean
  /** The wave's `--concurrency` slots: held while calling AWS, given back while waiting. */
  readonly slots: Semaphore
}

export class ActionFailedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ActionFailedError'
  }
}

/** Polls `check` until it returns a value, the deadline passes, or the run is interrupted. */
export async function pollUntil<T>(ctx: ExecutionContext, what: string, check: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (ctx.signal?.aborted) throw new ActionFailedError(`interrupted while waiting for ${what}`)
    if (ctx.clock.now() >= ctx.deadline) throw new ActionFailedError(`timed out waiting for ${what}`)
    // Waiting costs no slot: a wave of many services polls them all at once, not a slot's worth at a time.
    ctx.slots.release()
    try {
      await ctx.clock.sleep(Math.min(ctx.pollMs, Math.max(1, ctx.deadline - ctx.clock.now())), ctx.signal)
    } finally {
      await ctx.slots.acquire()
    }
  }
}
