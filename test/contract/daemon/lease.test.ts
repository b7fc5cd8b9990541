/**
 * The DynamoDB lease store and the leader elector against dynalite (a DynamoDB implementation with
 * conditional expressions) on 127.0.0.1. What DynamoDB guarantees (one winner per conditional
 * write on an item, ConditionalCheckFailedException otherwise) is https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html.
 */
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DynamoLeaseStore } from '../../../src/cloud/aws/dynamodb-lease.js'
import { LeaderElector, type LeaseTransition } from '../../../src/daemon/leader.js'
import { ReconcilerError } from '../../../src/shared/errors.js'
import { startDynalite, startFaultProxy, type FaultProxy, type LocalDynamo } from '../../support/dynalite.js'
import { until } from '../../support/daemon.js'

const TABLE = 'ecs-reconciler-leases'
const quiet = pino({ level: 'silent' }, new Writable({ write: (_c, _e, cb) => cb() }))
let dynamo: LocalDynamo
const stores: DynamoLeaseStore[] = []
const proxies: FaultProxy[] = []
const storeAt = (endpoint: string, table = TABLE): DynamoLeaseStore => {
  const store = new DynamoLeaseStore({ table, region: 'us-east-1', endpoint, requestTimeoutMs: 400 })
  stores.push(store)
  return store
}

beforeAll(async () => {
  dynamo = await startDynalite()
  await dynamo.createLeaseTable(TABLE)
})

afterAll(async () => {
  for (const s of stores) s.close()
  for (const p of proxies) await p.close()
  await dynamo.close()
})

describe('DynamoLeaseStore', () => {
  it('has one holder at a time, raises the epoch on every acquisition and keeps it across a release', async () => {
    const store = storeAt(dynamo.endpoint)
    const t = 1_000_000
    const a = await store.acquire('store-case', 'a', { nowMs: t, expiresAtMs: t + 30_000, freeBeforeMs: t })
    expect(a).toMatchObject({
      acquired: true,
      lease: { holder: 'a', epoch: 1, expiresAtMs: t + 30_000, acquiredAtMs: t },
    })
    // Still held: another holder is refused and told who holds it.
    const b = await store.acquire('store-case', 'b', {
      nowMs: t + 1,
      expiresAtMs: t + 30_001,
      freeBeforeMs: t + 1,
    })
    expect(b).toEqual({ acquired: false, current: expect.objectContaining({ holder: 'a', epoch: 1 }) })
    expect(await store.renew('store-case', 'a', 1, t + 40_000)).toBe(true)
    expect(await store.renew('store-case', 'b', 1, t + 40_000)).toBe(false)
    // Expired: the next taker wins with a higher epoch; the old holder's renew and release no longer apply.
    const later = t + 50_000
    const b2 = await store.acquire('store-case', 'b', {
      nowMs: later,
      expiresAtMs: later + 30_000,
      freeBeforeMs: later,
    })
    expect(b2).toMatchObject({ acquired: true, lease: { holder: 'b', epoch: 2 } })
    expect(await store.renew('store-case', 'a', 1, later + 60_000)).toBe(false)
    expect(await store.release('store-case', 'a', 1)).toBe(false)
    expect(await store.read('store-case')).toMatchObject({
      holder: 'b',
      epoch: 2,
      expiresAtMs: later + 30_000,
    })
    // Released: free at once for anyone, and the epoch goes on rising.
    expect(await store.release('store-case', 'b', 2)).toBe(true)
    expect(await store.read('store-case')).toMatchObject({ holder: 'b', epoch: 2, expiresAtMs: 0 })
    const a3 = await store.acquire('store-case', 'a', {
      nowMs: later + 1,
      expiresAtMs: later + 30_001,
      freeBeforeMs: later + 1,
    })
    expect(a3).toMatchObject({ acquired: true, lease: { holder: 'a', epoch: 3 } })
  })

  it('lets exactly one of many simultaneous takers win', async () => {
    const store = storeAt(dynamo.endpoint)
    const now = Date.now()
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store.acquire('race-case', `taker-${i}`, {
          nowMs: now,
          expiresAtMs: now + 30_000,
          freeBeforeMs: now,
        }),
      ),
    )
    expect(results.filter((r) => r.acquired)).toHaveLength(1)
  })

  it('lists the leases under a prefix, every page, and nothing else', async () => {
    const store = storeAt(dynamo.endpoint)
    const t = 2_000_000
    for (let i = 0; i < 30; i++) {
      await store.acquire(`list-case/members/r${String(i).padStart(2, '0')}`, `r${i}`, {
        nowMs: t,
        expiresAtMs: t + i,
        freeBeforeMs: t,
      })
    }
    await store.acquire('list-case/shard-0', 'r0', { nowMs: t, expiresAtMs: t, freeBeforeMs: t })
    await store.acquire('other/members/x', 'x', { nowMs: t, expiresAtMs: t, freeBeforeMs: t })
    const members = await store.list('list-case/members/')
    expect(members.map((m) => m.name)).toEqual(
      Array.from({ length: 30 }, (_, i) => `list-case/members/r${String(i).padStart(2, '0')}`),
    )
    expect(members[3]).toMatchObject({ holder: 'r3', epoch: 1, expiresAtMs: t + 3 })
    expect(await store.list('nothing-here/')).toEqual([])
  })

  it('keeps marks beside the leases: a mark only rises, and is never listed as a lease', async () => {
    const store = storeAt(dynamo.endpoint)
    expect(await store.readMark('mark-case/chaos-decided/s')).toBeUndefined()
    await store.raiseMark('mark-case/chaos-decided/s', 300_000)
    // A replica that decided an older slot later writes nothing over it.
    await store.raiseMark('mark-case/chaos-decided/s', 240_000)
    expect(await store.readMark('mark-case/chaos-decided/s')).toBe(300_000)
    await store.raiseMark('mark-case/chaos-decided/s', 600_000)
    expect(await store.readMark('mark-case/chaos-decided/s')).toBe(600_000)
    const t = 3_000_000
    await store.acquire('mark-case/members/r0', 'r0', { nowMs: t, expiresAtMs: t + 1, freeBeforeMs: t })
    expect((await store.list('mark-case/members/')).map((m) => m.name)).toEqual(['mark-case/members/r0'])
  })

  it('reports a missing table as a clear NOT_FOUND error naming the table and the fix', async () => {
    const store = storeAt(dynamo.endpoint, 'no-such-table')
    const err = await store.read('x').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ReconcilerError)
    expect((err as ReconcilerError).code).toBe('NOT_FOUND')
    expect((err as ReconcilerError).message).toBe('lease table no-such-table not found in us-east-1')
    expect((err as ReconcilerError).hint).toContain('manifests/deploy/lease-table.json')
  })
})

describe('LeaderElector', () => {
  const DURATION = 900
  const RENEW = 300
  const elector = (
    name: string,
    holder: string,
    endpoint: string,
    log: { who: string; reason: LeaseTransition; at: number }[],
    onTransition?: (reason: LeaseTransition) => void,
  ) =>
    new LeaderElector({
      store: storeAt(endpoint),
      name,
      holder,
      durationMs: DURATION,
      renewMs: RENEW,
      logger: quiet,
      onTransition: (reason) => {
        log.push({ who: holder, reason, at: performance.now() })
        onTransition?.(reason)
      },
    })

  it('elects one leader, and hands over at once when it stops (release)', async () => {
    const log: { who: string; reason: LeaseTransition; at: number }[] = []
    const a = elector('handover', 'a', dynamo.endpoint, log)
    await a.start()
    const b = elector('handover', 'b', dynamo.endpoint, log)
    await b.start()
    expect(a.leadership).toMatchObject({ role: 'leader', leader: 'a', epoch: 1 })
    expect(b.leadership).toMatchObject({ role: 'follower', leader: 'a', holder: 'b' })
    expect(b.fence()).toContain('not the leader')
    await a.stop()
    await until('b to lead', () => (b.isLeader() ? true : undefined), 5_000)
    expect(b.leadership).toMatchObject({ role: 'leader', leader: 'b', epoch: 2 })
    expect(log.map((l) => `${l.who}:${l.reason}`)).toEqual(['a:acquired', 'a:released', 'b:acquired'])
    await b.stop()
  })

  it('a leader whose renewals hang steps down before any other replica can take the lease', async () => {
    const log: { who: string; reason: LeaseTransition; at: number }[] = []
    const proxy = await startFaultProxy(dynamo.endpoint)
    proxies.push(proxy)
    const a = elector('fenced', 'a', proxy.endpoint, log)
    await a.start()
    // The safety property is "never two leaders at one instant": asked at the very moment b's term
    // begins, a must already say it does not lead. (When a's expiry timer fires and logs does not
    // matter — on a loaded machine timers fire late, but a's answer is from its monotonic clock.)
    let aLeadingWhenBTook: boolean | undefined
    const b = elector('fenced', 'b', dynamo.endpoint, log, (reason) => {
      if (reason === 'acquired') aLeadingWhenBTook = a.isLeader()
    })
    await b.start()
    const signal = a.termSignal()
    expect(signal?.aborted).toBe(false)
    proxy.mode = 'hang'
    await until('b to lead', () => (b.isLeader() ? true : undefined), 10_000)
    expect(aLeadingWhenBTook).toBe(false)
    expect(log.find((l) => l.who === 'a' && l.reason === 'expired')).toBeDefined()
    expect(signal?.aborted).toBe(true)
    expect(a.isLeader()).toBe(false)
    proxy.mode = 'pass'
    await a.stop()
    await b.stop()
  })

  it('a leader that finds its lease taken (lost) stops leading', async () => {
    const log: { who: string; reason: LeaseTransition; at: number }[] = []
    const a = elector('taken', 'a', dynamo.endpoint, log)
    await a.start()
    // Someone with a fast clock takes it: simulate by writing a takeover straight into the table.
    const thief = storeAt(dynamo.endpoint)
    const far = Date.now() + 60_000
    expect(
      (await thief.acquire('taken', 'thief', { nowMs: far, expiresAtMs: far + 60_000, freeBeforeMs: far }))
        .acquired,
    ).toBe(true)
    await until('a to notice', () => (log.some((l) => l.reason === 'lost') ? true : undefined), 5_000)
    expect(a.isLeader()).toBe(false)
    expect(a.leadership).toMatchObject({ role: 'follower', leader: 'thief', epoch: 2 })
    await a.stop()
  })

  it('takes a free lease only when admitted, holds the reservation until the term is recorded, and hands it back on request', async () => {
    const log: { who: string; reason: LeaseTransition; at: number }[] = []
    let allow = false
    let asked = 0
    const reservations: string[] = []
    const a = new LeaderElector({
      store: storeAt(dynamo.endpoint),
      name: 'admitted',
      holder: 'a',
      durationMs: DURATION,
      renewMs: RENEW,
      logger: quiet,
      admit: () => {
        asked++
        if (!allow) return undefined
        reservations.push('taken')
        return () => reservations.push(a.isLeader() ? 'given-up-after-term' : 'given-up-without-term')
      },
      onTransition: (reason) => log.push({ who: 'a', reason, at: performance.now() }),
    })
    await a.start()
    // Refused at start and at two more polls of the free lease: it never takes it.
    await until('a to ask twice more', () => (asked >= 3 ? true : undefined), 5_000)
    expect(a.isLeader()).toBe(false)
    expect(log).toEqual([])
    allow = true
    await until('a to lead once admitted', () => (a.isLeader() ? true : undefined), 5_000)
    expect(reservations).toEqual(['taken', 'given-up-after-term'])
    // Handed back: released at once (another replica may take it), and not taken again while not admitted.
    allow = false
    await a.handBack()
    expect(a.isLeader()).toBe(false)
    expect(log.map((l) => l.reason)).toEqual(['acquired', 'released'])
    const b = elector('admitted', 'b', dynamo.endpoint, log)
    await b.start()
    expect(b.leadership).toMatchObject({ role: 'leader', epoch: 2 })
    await until('a to see b lead', () => (a.leadership.leader === 'b' ? true : undefined), 5_000)
    expect(a.leadership).toMatchObject({ role: 'follower', leader: 'b' })
    await a.stop()
    await b.stop()
  })
})
