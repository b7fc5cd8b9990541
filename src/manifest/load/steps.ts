/**
 * @module Loading as a sequence of small steps (a generator that yields between chunks, documents
 * and files), run either at once (tests, the CLI's in-memory checks) or giving the event loop a
 * turn every few milliseconds, so the daemon's HTTP endpoints answer while a large set loads.
 */
import { setImmediate as turn } from 'node:timers/promises'

/** The work between two chances to yield. */
export type Steps<T> = Generator<void, T, void>

/** Runs every step now, without yielding. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next()
    if (next.done) return next.value
  }
}

/** The event loop gets a turn at least this often (ms) while loading. */
export const DEFAULT_SLICE_MS = 10

/**
 * Runs the steps, giving the event loop a turn whenever `sliceMs` have passed since the last one
 * (0: at every step). `now` is injectable for tests.
 */
export async function runStepsYielding<T>(
  steps: Steps<T>,
  sliceMs = DEFAULT_SLICE_MS,
  now: () => number = () => performance.now(),
): Promise<T> {
  let sliceStart = now()
  for (;;) {
    const next = steps.next()
    if (next.done) return next.value
    if (now() - sliceStart >= sliceMs) {
      await turn()
      sliceStart = now()
    }
  }
}
