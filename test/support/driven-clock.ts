/** A clock that moves only when the test says, shared by daemons and a local cloud on its manual clock; sleepers wake when it passes their due time. */
import type { LocalCloud } from '../../src/localcloud/index.js'
import type { Clock } from '../../src/shared/clock.js'

/** The manual clock of the local cloud starts here (src/localcloud/clock.ts). */
export const CLOUD_EPOCH = Date.UTC(2026, 0, 1)

export class DrivenClock {
  private current = CLOUD_EPOCH
  private waiters: { due: number; wake: () => void }[] = []
  constructor(private readonly cloud: LocalCloud) {}
  now = (): number => this.current
  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve()
      const abort = (): void => {
        this.waiters = this.waiters.filter((w) => w !== waiter)
        resolve()
      }
      const waiter = {
        due: this.current + ms,
        wake: () => {
          signal?.removeEventListener('abort', abort)
          resolve()
        },
      }
      this.waiters.push(waiter)
      signal?.addEventListener('abort', abort, { once: true })
    })
  advance(seconds: number): void {
    this.current += seconds * 1000
    this.cloud.advance(seconds)
    const due = this.waiters.filter((w) => w.due <= this.current)
    this.waiters = this.waiters.filter((w) => w.due > this.current)
    for (const w of due) w.wake()
  }
}

/** Advances `clock` a second at a time, giving the daemons real time (`realMs` per second) to make their calls, until `check` holds. */
export async function driveUntil<T>(
  clock: DrivenClock,
  what: string,
  check: () => Promise<T | undefined>,
  maxSeconds: number,
  realMs = 40,
): Promise<T> {
  for (let i = 0; i < maxSeconds; i++) {
    const value = await check()
    if (value !== undefined) return value
    clock.advance(1)
    await new Promise((r) => setTimeout(r, realMs))
  }
  throw new Error(`${what} did not happen within ${maxSeconds} driven seconds`)
}

/** A clock that moves only when its owner sleeps or says so, together with a local cloud on its manual clock. */
export interface SteppedClock extends Clock {
  advance(seconds: number): void
}

/**
 * One reconciler alone on a local cloud on its manual clock: each sleep moves the clock and the
 * cloud by its length at once, so rollouts, settles and lags pass without real waiting.
 * `onSleep` sees every sleep's length.
 */
export function steppedClock(cloud: LocalCloud, onSleep: (ms: number) => void = () => {}): SteppedClock {
  let now = CLOUD_EPOCH
  const advance = (seconds: number): void => {
    now += Math.round(seconds * 1000)
    cloud.advance(seconds)
  }
  return {
    now: () => now,
    sleep: (ms) => {
      onSleep(ms)
      advance(ms / 1000)
      return Promise.resolve()
    },
    advance,
  }
}
