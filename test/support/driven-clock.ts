/** A clock that moves only when the test says, shared by daemons and a local cloud on its manual clock; sleepers wake when it passes their due time. */
import type { LocalCloud } from '../../src/localcloud/index.js'
import { CLOUD_EPOCH } from './chaos-world.js'

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
