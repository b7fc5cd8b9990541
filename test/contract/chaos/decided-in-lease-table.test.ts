/**
 * With a lease table, the chaos scheduler keeps each schedule's last decided slot there too (beside
 * the tag on the schedule's FIS template), and a new leader reads it: a slot held back during a
 * rollout is not started late by the replica that takes over, even when the template's tag is gone
 * (removed by hand, or by a tag policy). Local cloud on a driven clock for ECS and FIS; the lease
 * table in dynalite, through the daemon's DynamoDB store. DynamoDB behaviour relied on: a
 * conditional UpdateItem applies only when its condition holds
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ChaosRunEvent, DecidedSlotStore } from '../../../src/chaos/runner.js'
import { slotLabel, TAG_CHAOS_DECIDED } from '../../../src/chaos/slot-identity.js'
import { DynamoLeaseStore } from '../../../src/cloud/aws/dynamodb-lease.js'
import { decidedSlotsIn } from '../../../src/daemon/high-availability.js'
import {
  atMinute,
  chaosRunner,
  chaosWorld,
  scheduleTemplate,
  type ChaosWorld,
} from '../../support/chaos-world.js'
import { startDynalite, type LocalDynamo } from '../../support/dynalite.js'

const SCHEDULE = 'orders-resilience'
const TABLE = 'ecs-reconciler-leases'
let dynamo: LocalDynamo
let store: DynamoLeaseStore
let world: ChaosWorld
let events: ChaosRunEvent[] = []
let lease = 0

beforeAll(async () => {
  dynamo = await startDynalite()
  await dynamo.createLeaseTable(TABLE)
  store = new DynamoLeaseStore({
    table: TABLE,
    region: 'us-east-1',
    endpoint: dynamo.endpoint,
    requestTimeoutMs: 2_000,
  })
})
afterAll(async () => {
  store.close()
  await dynamo.close()
})
afterEach(async () => world.close())

/** One replica's scheduler; `decided` is the lease table's record of decided slots (absent: no table). */
const replica = (decided?: DecidedSlotStore) => chaosRunner(world, (e) => events.push(e), decided)
const at = (minutes: number, seconds = 0): void => atMinute(world, minutes, seconds)
const template = () => scheduleTemplate(world, SCHEDULE)
const started = () => events.filter((e) => e.outcome === 'started').map((e) => new Date(e.slot).toISOString())
const ordersInFlight = { changeInFlight: (id: string) => id === 'Service/shop/orders' }

/**
 * The example applied; the first leader holds the 00:05 slot back during a rollout; then the tag on
 * the template is removed. Returns the lease table's record of this run (a fresh lease name).
 */
async function heldBackThenUntagged(): Promise<DecidedSlotStore> {
  events = []
  world = await chaosWorld()
  expect((await world.apply()).filter((r) => r.status !== 'succeeded')).toEqual([])
  const decided = decidedSlotsIn(store, `shop-${(lease += 1)}`)
  at(5, 1)
  await replica(decided).tick(world.env(ordersInFlight))
  expect(events.map((e) => e.outcome)).toEqual(['skipped'])
  expect(await decided.read(SCHEDULE)).toBe(Date.parse('2026-01-01T00:05:00Z'))
  const tagged = await template()
  expect(tagged?.tags[TAG_CHAOS_DECIDED]).toBe('2026-01-01T00:05:00Z')
  await world.cloud.writers!.fis.untagExperimentTemplate(tagged!, [TAG_CHAOS_DECIDED])
  expect((await template())?.tags[TAG_CHAOS_DECIDED]).toBeUndefined()
  return decided
}

describe('the decided slot in the lease table', () => {
  it('a new leader does not start late the slot its predecessor held back, though the template lost its tag', async () => {
    const decided = await heldBackThenUntagged()
    // The other replica leads 9 s later, inside the 30 s starting deadline, with the rollout over.
    const next = replica(decided)
    at(5, 10)
    await next.tick(world.env())
    expect(started()).toEqual([])
    expect(await next.experimentsOf(SCHEDULE)).toEqual([])
    expect(next.status()[0]?.lastHandledSlot).toBe(slotLabel(Date.parse('2026-01-01T00:05:00Z')))
    // The next slot runs on time, and the record moves on with it (the tag is written again too).
    at(10, 1)
    await next.tick(world.env())
    expect(started()).toEqual(['2026-01-01T00:10:00.000Z'])
    expect(await decided.read(SCHEDULE)).toBe(Date.parse('2026-01-01T00:10:00Z'))
    expect((await template())?.tags[TAG_CHAOS_DECIDED]).toBe('2026-01-01T00:10:00Z')
  })

  it('without a lease table the tag is the only record: with it gone, the held-back slot starts late', async () => {
    // Why the lease table keeps it too: the same history, read by a replica that has only the tag.
    await heldBackThenUntagged()
    at(5, 10)
    await replica().tick(world.env())
    expect(started()).toEqual(['2026-01-01T00:05:00.000Z'])
  })
})
