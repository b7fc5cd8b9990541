/**
 * Where the local cloud's lag comes from when the caller names none: ECS_RECONCILER_CONSISTENCY_LAG
 * (the suite sets it in vitest.config.ts, so the reconciler's tests run against a lagging cloud),
 * except on the manual clock, where time only moves when a test says so.
 */
import { CreateClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import { CONSISTENCY_LAG_ENV, lagFromEnvironment } from '../../../src/localcloud/consistency.js'
import { startWithClients } from '../../support/local-cloud.js'

describe('lagFromEnvironment', () => {
  it.each([
    [undefined, 0],
    ['0', 0],
    ['300ms', 300],
    ['2s', 2_000],
    ['250', 250],
  ])('%s → %d ms', (text, ms) => {
    expect(lagFromEnvironment(text === undefined ? {} : { [CONSISTENCY_LAG_ENV]: text })).toBe(ms)
  })

  it('refuses anything else, naming the variable', () => {
    expect(() => lagFromEnvironment({ [CONSISTENCY_LAG_ENV]: 'soon' })).toThrow(
      /ECS_RECONCILER_CONSISTENCY_LAG must be 0 or a duration/,
    )
  })
})

describe('the default lag of a local cloud', () => {
  const createThenDescribe = async (clock: 'real' | 'manual'): Promise<string | undefined> => {
    const c = await startWithClients({ clock })
    try {
      await c.ecs.send(new CreateClusterCommand({ clusterName: 'shop' }))
      const read = await c.ecs.send(new DescribeClustersCommand({ clusters: ['shop'] }))
      return read.clusters?.[0]?.clusterName ?? read.failures?.[0]?.reason
    } finally {
      await c.close()
    }
  }

  it('on the real clock comes from the environment the suite sets: a cluster just created reads MISSING', async () => {
    expect(lagFromEnvironment()).toBeGreaterThan(0)
    expect(await createThenDescribe('real')).toBe('MISSING')
  })

  it('on the manual clock is 0: the cluster reads back at once', async () => {
    expect(await createThenDescribe('manual')).toBe('shop')
  })
})
