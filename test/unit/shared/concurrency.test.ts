import { describe, expect, it } from 'vitest'
import { runLimited, Semaphore } from '../../../src/shared/concurrency.js'

const tick = () => new Promise((r) => setImmediate(r))

describe('Semaphore', () => {
  it('admits as many holders as slots and hands a released slot to the first waiter', async () => {
    const slots = new Semaphore(2)
    const order: string[] = []
    await slots.acquire()
    await slots.acquire()
    void slots.acquire().then(() => order.push('third'))
    void slots.acquire().then(() => order.push('fourth'))
    await tick()
    expect(order).toEqual([])
    slots.release()
    await tick()
    expect(order).toEqual(['third'])
    slots.release()
    await tick()
    expect(order).toEqual(['third', 'fourth'])
  })
})

describe('runLimited', () => {
  it('keeps at most `limit` jobs in flight and returns results in input order', async () => {
    let inFlight = 0
    let peak = 0
    const results = await runLimited([5, 1, 4, 2, 3], 2, async (n) => {
      peak = Math.max(peak, ++inFlight)
      await new Promise((r) => setTimeout(r, n))
      inFlight -= 1
      return n * 10
    })
    expect(peak).toBe(2)
    expect(results).toEqual([50, 10, 40, 20, 30])
  })
})
