import { describe, expect, it } from 'vitest'
import type { ActualService, EcsReader } from '../../../src/cloud/ports/index.js'
import { ServiceReads } from '../../../src/reconciler/execute/service-reads.js'
import { systemClock } from '../../../src/shared/clock.js'

function fakeEcs(fail?: (names: readonly string[]) => boolean) {
  const calls: { cluster: string; names: readonly string[] }[] = []
  const ecs = {
    describeServices: (cluster: string, names: readonly string[]) => {
      calls.push({ cluster, names })
      if (fail?.(names)) return Promise.reject(new Error('ThrottlingException'))
      // "gone" is absent, as DescribeServices reports a MISSING service.
      return Promise.resolve(
        names
          .filter((n) => n !== 'gone')
          .map((name) => ({ name, status: 'ACTIVE' }) as unknown as ActualService),
      )
    },
  } as unknown as EcsReader
  return { ecs, calls }
}

describe('ServiceReads', () => {
  it('gathers the reads of one window into DescribeServices calls of 10 per cluster', async () => {
    const { ecs, calls } = fakeEcs()
    const reads = new ServiceReads(ecs, systemClock, 5)
    const names = Array.from({ length: 25 }, (_, i) => `s${i}`)
    const results = await Promise.all([
      ...names.map((n) => reads.describe('a', n)),
      reads.describe('b', 'x'),
      reads.describe('a', 'gone'),
    ])
    expect(calls.map((c) => [c.cluster, c.names.length])).toEqual([
      ['a', 10],
      ['a', 10],
      ['a', 6],
      ['b', 1],
    ])
    expect(results.slice(0, 25).map((s) => s?.name)).toEqual(names)
    expect(results[25]?.name).toBe('x')
    expect(results[26]).toBeUndefined()
  })

  it('asks once for a service two waiters read, and starts a new batch after a flush', async () => {
    const { ecs, calls } = fakeEcs()
    const reads = new ServiceReads(ecs, systemClock, 5)
    await Promise.all([reads.describe('a', 'x'), reads.describe('a', 'x')])
    await reads.describe('a', 'y')
    expect(calls.map((c) => c.names)).toEqual([['x'], ['y']])
  })

  it('a failed call rejects only the reads of its batch', async () => {
    const { ecs } = fakeEcs((names) => names.includes('bad'))
    const reads = new ServiceReads(ecs, systemClock, 5)
    const [ok, bad] = await Promise.allSettled([reads.describe('a', 'ok'), reads.describe('b', 'bad')])
    expect(ok.status).toBe('fulfilled')
    expect(bad.status).toBe('rejected')
  })
})
