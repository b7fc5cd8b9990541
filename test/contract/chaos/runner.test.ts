/**
 * The chaos scheduler against the local cloud on a driven clock, through the real FIS and ECS
 * adapters: slots start exactly once (also across a restart), guardrails hold runs with their
 * reason, runs are followed to their end, and a deployment of the target preempts a run.
 * FIS behaviour relied on: StartExperiment is idempotent on clientToken and experiments carry tags
 * (https://docs.aws.amazon.com/fis/latest/APIReference/API_StartExperiment.html); a stop condition's
 * alarm stops an experiment (https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CloudWriters } from '../../../src/cloud/ports/index.js'
import { ChaosRunner, type ChaosRunEvent } from '../../../src/chaos/runner.js'
import { CLOUD_EPOCH, chaosEvery5Minutes, chaosWorld, type ChaosWorld } from '../../support/chaos-world.js'

const SCHEDULE = 'orders-resilience'
const ALARM = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:shop-orders-5xx'
let world: ChaosWorld
let events: ChaosRunEvent[]

const runner = (writers: CloudWriters | undefined = world.cloud.writers) =>
  new ChaosRunner({
    readers: world.cloud.readers,
    writers,
    clock: world.clock,
    instance: 'ecs-reconciler',
    onRun: (e) => events.push(e),
  })
const at = (minutes: number, seconds = 0): void =>
  world.clock.advance((CLOUD_EPOCH + minutes * 60_000 + seconds * 1000 - world.clock.now()) / 1000)
const runs = (r: ChaosRunner) => r.status().find((s) => s.name === SCHEDULE)?.runs ?? []
const orders = async () => (await world.cloud.readers.ecs.describeServices('shop', ['orders']))[0]

beforeEach(async () => {
  events = []
  world = await chaosWorld()
  const results = await world.apply()
  expect(results.filter((r) => r.status !== 'succeeded')).toEqual([])
  expect(world.clock.now()).toBeLessThan(CLOUD_EPOCH + 5 * 60_000)
}, 60_000)
afterEach(async () => world.close())

describe('chaos runner on the local cloud', () => {
  it('starts the due slot once, stops an orders task, follows the run to completed; the service recovers', async () => {
    const r = runner()
    await r.tick(world.env())
    expect(runs(r)).toEqual([])
    expect(r.status()[0]?.nextRun?.utc).toBe('2026-01-01T00:05:00.000Z')
    at(5, 2)
    await r.tick(world.env())
    await r.tick(world.env())
    const [run] = runs(r)
    expect(run).toMatchObject({ slot: '2026-01-01T00:05:00Z', outcome: 'started' })
    expect(events.filter((e) => e.outcome === 'started')).toHaveLength(1)
    world.clock.advance(1)
    expect(await orders()).toMatchObject({ runningCount: 1, desiredCount: 2 })
    at(10, 30)
    await r.tick(world.env())
    expect(runs(r).find((x) => x.slot === '2026-01-01T00:05:00Z')).toMatchObject({
      outcome: 'completed',
      experimentId: run?.experimentId,
    })
    expect(await orders()).toMatchObject({ runningCount: 2, desiredCount: 2 })
    const experiments = await r.experimentsOf(SCHEDULE)
    expect(experiments.map((e) => e.tags?.['ecs-reconciler:chaos-target'])).toContain('Service/shop/orders')
  })

  it('exactly once across a restart: a start whose answer was lost is found again by its tags', async () => {
    const real = world.cloud.writers!
    const losing: CloudWriters = {
      ...real,
      fis: Object.assign(Object.create(real.fis) as CloudWriters['fis'], {
        startExperiment: async (...args: Parameters<CloudWriters['fis']['startExperiment']>) => {
          await real.fis.startExperiment(...args)
          throw new Error('the daemon died before recording the start')
        },
      }),
    }
    const crashed = runner(losing)
    at(5, 1)
    await crashed.tick(world.env())
    expect(runs(crashed)).toEqual([])
    expect(crashed.status()[0]?.error).toMatch(/died/)
    const restarted = runner()
    await restarted.tick(world.env())
    await restarted.tick(world.env())
    const experiments = await restarted.experimentsOf(SCHEDULE)
    expect(experiments).toHaveLength(1)
    expect(runs(restarted)).toEqual([
      expect.objectContaining({
        slot: '2026-01-01T00:05:00Z',
        outcome: 'started',
        experimentId: experiments[0]?.id,
      }),
    ])
    // The crashed one, ticking again (a second replica), finds the slot's run instead of starting one.
    await runner().tick(world.env())
    expect(await restarted.experimentsOf(SCHEDULE)).toHaveLength(1)
  })

  it.each([
    [
      'suspended',
      {
        edit: (f: string, t: string) =>
          chaosEvery5Minutes(f, t)
            .replace('requireSteadyState: true', 'requireSteadyState: true\n  ')
            .replace('spec:\n  schedule', 'spec:\n  suspend: true\n  schedule'),
      },
      /suspended/,
    ],
    [
      'freeze-window',
      {
        edit: (f: string, t: string) =>
          f.endsWith('cluster.yaml')
            ? t.replace(
                '  containerInsights: enabled',
                '  containerInsights: enabled\n  freezeWindows:\n    - start: "2026-01-01T00:00:00Z"\n      end: "2026-01-02T00:00:00Z"',
              )
            : chaosEvery5Minutes(f, t),
      },
      /frozen/,
    ],
    [
      'blackout-window',
      {
        edit: (f: string, t: string) =>
          chaosEvery5Minutes(f, t)
            .replace('"2027-11-22T00:00:00Z"', '"2025-12-31T00:00:00Z"')
            .replace('"2027-11-29T00:00:00Z"', '"2026-01-02T00:00:00Z"'),
      },
      /blackout/,
    ],
    [
      'deployment-in-flight',
      { env: { changeInFlight: (id: string) => id === 'Service/shop/orders' } },
      /being applied/,
    ],
    [
      'target-status',
      { env: { reconcilerStatus: (id: string) => (id === 'Service/shop/orders' ? 'backoff' : 'synced') } },
      /backoff/,
    ],
  ] as const)(
    'a %s guardrail holds the slot, recorded as skipped with its reason',
    async (guardrail, how, reason) => {
      if ('edit' in how) world.set = (await import('../../support/manifests.js')).loadExample(how.edit).set
      const r = runner()
      at(5, 1)
      await r.tick(world.env('env' in how ? how.env : {}))
      expect(runs(r)).toEqual([
        expect.objectContaining({ outcome: 'skipped', guardrail, reason: expect.stringMatching(reason) }),
      ])
      expect(r.status()[0]?.heldBy).toMatchObject({ guardrail })
      expect(await r.experimentsOf(SCHEDULE)).toEqual([])
    },
  )

  it('max-concurrent then not-steady: the next slot is held while the first run goes on, then by the unsteady target', async () => {
    const r = runner()
    at(5, 1)
    await r.tick(world.env())
    at(10, 0)
    await r.tick(world.env())
    expect(runs(r)[0]).toMatchObject({
      slot: '2026-01-01T00:10:00Z',
      outcome: 'skipped',
      guardrail: 'max-concurrent',
    })
    // A task stopped by hand leaves orders below its desired count at the next slot.
    at(14, 58)
    await r.tick(world.env())
    const [task] = await world.cloud.readers.ecs.listTasks('shop', 'orders')
    const ecs = await import('@aws-sdk/client-ecs')
    const client = new ecs.ECSClient({
      endpoint: world.server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    })
    await client.send(new ecs.StopTaskCommand({ cluster: 'shop', task: task?.arn ?? '' }))
    client.destroy()
    at(15, 1)
    await r.tick(world.env())
    expect(runs(r)[0]).toMatchObject({
      slot: '2026-01-01T00:15:00Z',
      outcome: 'skipped',
      guardrail: 'not-steady',
    })
  })

  it('a slot past its starting deadline is recorded missed, never started late', async () => {
    const r = runner()
    await r.tick(world.env())
    at(10, 30)
    await r.tick(world.env())
    expect(runs(r).map((x) => [x.slot, x.outcome])).toEqual([
      ['2026-01-01T00:10:00Z', 'started'],
      ['2026-01-01T00:05:00Z', 'missed'],
    ])
  })

  it('a stop condition firing ends the run stopped, with the alarm named', async () => {
    const r = runner()
    at(5, 1)
    await r.tick(world.env())
    at(6, 0)
    world.server.setAlarm(ALARM, true)
    await r.tick(world.env())
    expect(runs(r)[0]).toMatchObject({ outcome: 'stopped', reason: expect.stringContaining(ALARM) })
    expect(events.map((e) => e.outcome)).toEqual(['started', 'stopped'])
  })

  it('a deployment of the target preempts the running experiment (preempted-by-deployment)', async () => {
    const r = runner()
    at(5, 1)
    await r.tick(world.env())
    const results = await world.apply((f, t) =>
      chaosEvery5Minutes(f, t).replace('orders:1.4.2', 'orders:1.4.3'),
    )
    expect(results.find((x) => x.id === 'Service/shop/orders')).toMatchObject({ status: 'succeeded' })
    await r.tick(world.env())
    expect(runs(r).find((x) => x.slot === '2026-01-01T00:05:00Z')).toMatchObject({
      outcome: 'preempted-by-deployment',
    })
  })
})
