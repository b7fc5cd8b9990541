/** @module Runs async jobs with at most `limit` in flight. */

export async function runLimited<T, R>(
  items: readonly T[],
  limit: number,
  job: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await job(items[index] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/** Slots for work in flight; an action gives its slot back while it only waits (see pollUntil). */
export class Semaphore {
  private free: number
  private readonly waiting: (() => void)[] = []

  constructor(slots: number) {
    this.free = Math.max(1, slots)
  }

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1
      return
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  release(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.free += 1
  }
}
