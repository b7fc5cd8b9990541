/** @module What every action performer gets: the cloud halves, the clock, limits and the abort signal. */
import { CloudError, type CloudReaders, type CloudWriters } from '../../cloud/ports/index.js'
import type { Clock } from '../../shared/clock.js'
import type { Semaphore } from '../../shared/concurrency.js'
import type { ContentIndex } from './content-index.js'
import type { ServiceReads } from './service-reads.js'
import type { FailureCauses, ResourceProgress } from './types.js'

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
  /** Batched DescribeServices for the services being waited on. */
  readonly serviceReads: ServiceReads
  /** Which contents the pass may register already have a revision of ours (read once per pass). */
  readonly contents: ContentIndex
  /** A waiting action reports each poll's numbers here (the executor turns them into progress events). */
  readonly progress?: (actionId: string, progress: ResourceProgress) => void
}

export class ActionFailedError extends Error {
  /** The wait ran out of time: the resource is still progressing, not known to have failed. */
  readonly timedOut: boolean
  /** What the cloud says about why (attached by the kind that knows where to look). */
  readonly causes: FailureCauses | undefined

  constructor(message: string, options: { timedOut?: boolean; causes?: FailureCauses } = {}) {
    super(message)
    this.name = 'ActionFailedError'
    this.timedOut = options.timedOut ?? false
    this.causes = options.causes
  }

  withCauses(causes: FailureCauses): ActionFailedError {
    return new ActionFailedError(this.message, { timedOut: this.timedOut, causes })
  }
}

/**
 * Polls `check` until it returns a value, the deadline passes, or the run is interrupted. Waiting costs
 * no `--concurrency` slot, and polls land on a shared grid of `pollMs` so that the reads of every
 * waiting service can be batched (ServiceReads).
 */
export async function pollUntil<T>(
  ctx: ExecutionContext,
  what: string,
  check: () => Promise<T | undefined>,
): Promise<T> {
  ctx.slots.release()
  try {
    for (;;) {
      const value = await checkTolerant(check)
      if (value !== undefined) return value
      if (ctx.signal?.aborted) throw new ActionFailedError(`interrupted while waiting for ${what}`)
      const now = ctx.clock.now()
      if (now >= ctx.deadline) {
        throw new ActionFailedError(`timed out waiting for ${what}`, { timedOut: true })
      }
      await ctx.clock.sleep(
        Math.min(ctx.pollMs - (now % ctx.pollMs), Math.max(1, ctx.deadline - now)),
        ctx.signal,
      )
    }
  } finally {
    await ctx.slots.acquire()
  }
}

/** A read that fails for a passing reason (throttling, a 5xx) while waiting is just a poll with no answer. */
async function checkTolerant<T>(check: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await check()
  } catch (err) {
    if (err instanceof CloudError && err.retryable) return undefined
    throw err
  }
}
