/**
 * Chaos decisions survive the daemon: a slot held back or missed is recorded on the schedule's FIS
 * template (the decided-slot tag), so a restarted daemon or a new leader neither starts it late nor
 * reports it again, and a schedule does not call the slots before its template existed "missed".
 * Local cloud on a driven clock, real FIS and ECS adapters. FIS behaviour relied on: templates carry
 * tags set with TagResource (https://docs.aws.amazon.com/fis/latest/APIReference/API_TagResource.html)
 * and report their creationTime (https://docs.aws.amazon.com/fis/latest/APIReference/API_ExperimentTemplate.html).
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { ChaosRunEvent } from '../../../src/chaos/runner.js'
import { TAG_CHAOS_DECIDED } from '../../../src/chaos/slot-identity.js'
import { planPass } from '../../../src/reconciler/pass.js'
import {
  CLOUD_EPOCH,
  atMinute,
  chaosEvery5Minutes,
  chaosRunner,
  chaosWorld,
  scheduleTemplate,
  type ChaosWorld,
} from '../../support/chaos-world.js'
import { loadExample } from '../../support/manifests.js'
import { PLAN_OPTIONS } from '../../support/reconciler-harness.js'

const SCHEDULE = 'orders-resilience'
let world: ChaosWorld
let events: ChaosRunEvent[] = []
afterEach(async () => world.close())

const runner = () => chaosRunner(world, (e) => events.push(e))
const at = (minutes: number, seconds = 0): void => atMinute(world, minutes, seconds)
const template = () => scheduleTemplate(world, SCHEDULE)
const started = () => events.filter((e) => e.outcome === 'started').map((e) => new Date(e.slot).toISOString())
const ordersInFlight = { changeInFlight: (id: string) => id === 'Service/shop/orders' }

async function appliedWorld(edit = chaosEvery5Minutes): Promise<void> {
  events = []
  world = await chaosWorld(edit)
  const results = await world.apply()
  expect(results.filter((r) => r.status !== 'succeeded')).toEqual([])
}

describe('chaos decisions across a restart', () => {
  it('a slot held back during a rollout is not started late by the restarted daemon; the next slot runs on time', async () => {
    await appliedWorld()
    const before = runner()
    at(5, 1)
    await before.tick(world.env(ordersInFlight))
    expect(events.map((e) => e.outcome)).toEqual(['skipped'])
    expect((await template())?.tags[TAG_CHAOS_DECIDED]).toBe('2026-01-01T00:05:00Z')

    // Restarted 9 s later, inside the 30 s deadline, with the rollout over.
    const after = runner()
    at(5, 10)
    await after.tick(world.env())
    expect(await after.experimentsOf(SCHEDULE)).toEqual([])
    expect(after.status()[0]?.lastHandledSlot).toBe('2026-01-01T00:05:00Z')
    at(10, 1)
    await after.tick(world.env())
    expect(started()).toEqual(['2026-01-01T00:10:00.000Z'])
  })

  it('a leader taking over again learns what the other leader held back meanwhile', async () => {
    await appliedWorld()
    const first = runner()
    at(4, 0)
    await first.tick(world.env())
    // It loses the lease; the other replica holds the 00:05 slot back during a rollout.
    at(5, 1)
    await runner().tick(world.env(ordersInFlight))
    // The first one leads again within the deadline: it reads the decisions again, and starts nothing.
    first.recoverAgain()
    at(5, 20)
    await first.tick(world.env())
    expect(started()).toEqual([])
    expect(await first.experimentsOf(SCHEDULE)).toEqual([])
  })

  it('the decided-slot tag is bookkeeping: the reconciler neither removes it nor sees drift', async () => {
    await appliedWorld()
    at(5, 1)
    await runner().tick(world.env(ordersInFlight))
    expect((await template())?.tags[TAG_CHAOS_DECIDED]).toBe('2026-01-01T00:05:00Z')
    const loaded = loadExample(chaosEvery5Minutes)
    const { plan } = await planPass(loaded.set, loaded.graph, world.cloud.readers, PLAN_OPTIONS)
    expect(plan.actions.find((a) => a.id === `ChaosSchedule/${SCHEDULE}`)?.action).toBe('noop')
  })
})

describe('a new schedule', () => {
  it('does not report the slots before its template existed as missed', async () => {
    // Every minute, with an hour's starting deadline: without the template's creation time every
    // slot of the hour before the first tick would count as missed.
    const everyMinute = (f: string, t: string): string =>
      chaosEvery5Minutes(f, t)
        .replace('schedule: "*/5 * * * *"', 'schedule: "* * * * *"')
        .replace('startingDeadlineSeconds: 30', 'startingDeadlineSeconds: 3600')
    events = []
    world = await chaosWorld(everyMinute)
    at(30, 0)
    expect((await world.apply()).filter((r) => r.status !== 'succeeded')).toEqual([])
    const created = Date.parse((await template())?.creationTime ?? '')
    expect(created).toBeGreaterThanOrEqual(CLOUD_EPOCH + 30 * 60_000)
    world.clock.advance(150)
    await runner().tick(world.env())
    const missed = events.filter((e) => e.outcome === 'missed')
    expect(missed.every((e) => e.slot > created)).toBe(true)
    expect(missed.length).toBeLessThanOrEqual(2)
    expect(started()).toHaveLength(1)
  })
})
