/**
 * Chaos runs stay exactly once per slot across a failover: two daemons with a lease (dynalite on
 * 127.0.0.1) run the shop example's schedule every five minutes on one local cloud and a driven
 * clock. The leader is cut off from DynamoDB a few seconds before one slot and stopped (a graceful
 * step-down) a few seconds before the next; every slot gets exactly one StartExperiment on the wire
 * and one experiment in FIS, and no replica reports a slot missed that the other ran. The leaders
 * also keep the last decided slot in the lease table (`<lease>/chaos-decided/<schedule>`).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import { DynamoLeaseStore } from '../../../src/cloud/aws/dynamodb-lease.js'
import { TAG_CHAOS_SCHEDULE, TAG_CHAOS_SLOT } from '../../../src/chaos/slot-identity.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { CLOUD_EPOCH, chaosEvery5Minutes } from '../../support/chaos-world.js'
import { workspaceWithExample } from '../../support/cli.js'
import { parsePrometheus, until } from '../../support/daemon.js'
import { DrivenClock, driveUntil } from '../../support/driven-clock.js'
import { startDynalite, type LocalDynamo } from '../../support/dynalite.js'
import { startLeasedReplica, type LeasedReplica } from '../../support/leased-replica.js'

const TABLE = 'ecs-reconciler-leases'
const SCHEDULE = 'orders-resilience'
const ws = workspaceWithExample()

type Replica = LeasedReplica
interface Status {
  role: string
  lastPass: { outcome: string } | null
  chaos: { name: string; runs: { slot: string; outcome: string }[] }[]
}

let server: LocalCloud
let clock: DrivenClock
let dynamo: LocalDynamo
const replicas: Replica[] = []

async function startReplica(name: string): Promise<Replica> {
  const replica = await startLeasedReplica({
    name,
    manifests: ws.manifests,
    cloudEndpoint: server.endpoint,
    dynamoEndpoint: dynamo.endpoint,
    table: TABLE,
    lease: { name: 'shop', durationMs: 2_000, renewMs: 500 },
    clock,
    pollMs: 1000,
    intervalMs: 60_000,
    backoff: { baseMs: 10_000, maxMs: 60_000 },
    settings: {},
  })
  replicas.push(replica)
  return replica
}

const status = async (r: Replica): Promise<Status> =>
  (await fetch(`${r.daemon.url}/status`)).json() as Promise<Status>
const slotAt = (minutes: number) =>
  new Date(CLOUD_EPOCH + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
/** Experiments FIS holds for the schedule, by slot (read straight from the local cloud). */
async function experimentsBySlot(): Promise<Map<string, string[]>> {
  const fis = createAwsCloud({ readOnly: true, endpoint: server.endpoint, region: 'us-east-1' })
  try {
    const found = await fis.readers.fis.listExperimentsTagged({ [TAG_CHAOS_SCHEDULE]: SCHEDULE })
    const out = new Map<string, string[]>()
    for (const e of found) {
      const slot = e.tags?.[TAG_CHAOS_SLOT] ?? '?'
      out.set(slot, [...(out.get(slot) ?? []), e.id])
    }
    return out
  } finally {
    fis.close()
  }
}
/** StartExperiment requests on the wire, per slot, with who sent them. */
const startsBySlot = () => {
  const out = new Map<string, string[]>()
  for (const r of replicas) {
    for (const q of r.cloudProxy.requests.filter((x) => x.operation === 'POST /experiments')) {
      const slot = (q.body['tags'] as Record<string, string> | undefined)?.[TAG_CHAOS_SLOT] ?? '?'
      out.set(slot, [...(out.get(slot) ?? []), r.name])
    }
  }
  return out
}
const hasExperiment = (slot: string) => async () => ((await experimentsBySlot()).has(slot) ? true : undefined)
/** Drives the clock to `seconds` before the slot `minutes` after the epoch. */
const driveTo = (minutes: number, secondsBefore: number) => {
  const target = CLOUD_EPOCH + minutes * 60_000 - secondsBefore * 1000
  return driveUntil(
    clock,
    `the clock to reach ${secondsBefore} s before ${slotAt(minutes)}`,
    () => Promise.resolve(clock.now() >= target ? true : undefined),
    3600,
  )
}

beforeAll(async () => {
  const chaosFile = join(ws.manifests, 'chaos.yaml')
  // Runs of one minute (over before the next slot), and a deadline long enough for a takeover.
  const text = chaosEvery5Minutes('chaos.yaml', readFileSync(chaosFile, 'utf8'))
    .replace('startingDeadlineSeconds: 30', 'startingDeadlineSeconds: 240')
    .replace('duration: PT5M', 'duration: PT1M')
  writeFileSync(chaosFile, text)
  server = await startLocalCloud({
    clock: 'manual',
    timing: { taskStartSeconds: 5, drainSeconds: 5, namespaceCreateSeconds: 1 },
  })
  clock = new DrivenClock(server)
  dynamo = await startDynalite()
  await dynamo.createLeaseTable(TABLE)
}, 60_000)

afterAll(async () => {
  for (const r of replicas) await r.close()
  await server?.close()
  await dynamo?.close()
  ws.cleanup()
})

describe('chaos across a failover', () => {
  it('chaos runs stay exactly once per slot across a failover', async () => {
    const a = await startReplica('replica-a')
    await until(
      'replica-a to lead',
      async () => ((await status(a)).role === 'leader' ? true : undefined),
      20_000,
    )
    const b = await startReplica('replica-b')
    await until(
      'replica-b to follow',
      async () => ((await status(b)).role === 'follower' ? true : undefined),
      20_000,
    )
    await driveUntil(clock, 'the 00:05 slot to start under replica-a', hasExperiment(slotAt(5)), 900)

    // 1. The leader is cut off from DynamoDB 3 s before 00:10: it may start that slot before its
    //    lease runs out, or leave it to replica-b; either way the slot runs once.
    await driveTo(10, 3)
    a.dynamoProxy.mode = 'hang'
    await driveUntil(clock, 'the 00:10 slot to start', hasExperiment(slotAt(10)), 600, 60)
    await until(
      'replica-b to lead',
      async () => ((await status(b)).role === 'leader' ? true : undefined),
      20_000,
    )
    a.dynamoProxy.mode = 'pass'
    await until(
      'replica-a to follow',
      async () => ((await status(a)).role === 'follower' ? true : undefined),
      20_000,
    )

    // 2. replica-b runs two slots, then steps down (SIGTERM's path: release) 2 s before 00:25;
    //    replica-a, which last ran chaos before 00:15, takes over.
    await driveUntil(clock, 'the 00:20 slot to start under replica-b', hasExperiment(slotAt(20)), 900)
    await driveTo(25, 2)
    await b.daemon.stop()
    b.stopped = true
    await until(
      'replica-a to lead again',
      async () => ((await status(a)).role === 'leader' ? true : undefined),
      20_000,
    )
    await driveUntil(clock, 'the 00:25 slot to start', hasExperiment(slotAt(25)), 600)
    await driveUntil(clock, 'the 00:30 slot to start', hasExperiment(slotAt(30)), 600)

    const slots = [5, 10, 15, 20, 25, 30].map(slotAt)
    const experiments = await experimentsBySlot()
    expect([...experiments.keys()].sort()).toEqual(slots)
    for (const slot of slots) expect(experiments.get(slot), slot).toHaveLength(1)
    const starts = startsBySlot()
    for (const slot of slots) expect(starts.get(slot), `StartExperiment requests for ${slot}`).toHaveLength(1)
    expect([15, 20].map((m) => starts.get(slotAt(m)))).toEqual([['replica-b'], ['replica-b']])
    expect([25, 30].map((m) => starts.get(slotAt(m)))).toEqual([['replica-a'], ['replica-a']])
    // Nobody reports a slot missed that the other ran.
    for (const r of [a, b]) {
      expect(
        r.lines.filter((l) => String(l['msg']).includes('missed its starting deadline')),
        r.name,
      ).toEqual([])
    }
    const runs = (await status(a)).chaos.find((c) => c.name === SCHEDULE)?.runs ?? []
    expect(runs.filter((r) => r.outcome === 'missed')).toEqual([])
    expect(
      parsePrometheus(await (await fetch(`${a.daemon.url}/metrics`)).text()).get(
        `ecs_reconciler_chaos_runs_total{schedule="${SCHEDULE}",outcome="missed"}`,
      ),
    ).toBe(0)
    // The daemon keeps the last decided slot beside its lease, for whichever replica leads next.
    const table = new DynamoLeaseStore({
      table: TABLE,
      region: 'us-east-1',
      endpoint: dynamo.endpoint,
      requestTimeoutMs: 2_000,
    })
    try {
      const mark = await table.readMark(`shop/chaos-decided/${SCHEDULE}`)
      expect(mark).toBeGreaterThanOrEqual(Date.parse(slotAt(30)))
    } finally {
      table.close()
    }
  }, 300_000)
})
