/**
 * The one poller of the test suite, on vitest's `vi.waitFor`: it asks `check` again every
 * `intervalMs` until it answers a value (not undefined) or `timeoutMs` has passed, then fails with
 * what it waited for (or the last error `check` threw). For waits on another process or on real
 * I/O; time the test owns is driven with an injected clock instead.
 */
import { vi } from 'vitest'

export function until<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
  intervalMs = 100,
): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await check()
      if (value === undefined) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
      return value
    },
    { timeout: timeoutMs, interval: intervalMs },
  )
}

/** `until` for a condition: resolves once `check` is true. */
export async function untilTrue(what: string, check: () => boolean, timeoutMs?: number): Promise<void> {
  await until(what, () => (check() ? true : undefined), timeoutMs)
}
