/**
 * Two daemons on one manifest set, one local cloud and one lease table (dynalite on 127.0.0.1):
 * exactly one reconciles; a leader whose lease calls hang stops starting writes before the other
 * can take the lease, the other takes over and converges, and no write of the old leader lands
 * after the new leader's first write; a stopped leader hands over at once.
 */
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DynamoLeaseStore } from '../../../src/cloud/aws/dynamodb-lease.js'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import { isReadOperation } from '../../../src/cloud/aws/middleware.js'
import { startDaemon, type RunningDaemon } from '../../../src/daemon/daemon.js'
import { DirectorySource } from '../../../src/daemon/sources/directory.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { systemClock } from '../../../src/shared/clock.js'
import { workspaceWithExample } from '../../support/cli.js'
import { parsePrometheus, until } from '../../support/daemon.js'
import { startDynalite, startFaultProxy, type FaultProxy, type LocalDynamo } from '../../support/dynalite.js'

const TABLE = 'ecs-reconciler-leases'
const DURATION_MS = 1_500
const RENEW_MS = 500
const ws = workspaceWithExample()

interface Write {
  readonly who: string
  readonly op: string
  readonly start: number
  readonly end: number
}
interface Replica {
  readonly name: string
  readonly daemon: RunningDaemon
  readonly proxy: FaultProxy
  readonly lines: Record<string, unknown>[]
  stopped: boolean
}

let cloud: LocalCloud
let dynamo: LocalDynamo
const writes: Write[] = []
const replicas: Replica[] = []

async function startReplica(name: string): Promise<Replica> {
  const proxy = await startFaultProxy(dynamo.endpoint)
  const lines: Record<string, unknown>[] = []
  const logger = pino(
    { level: 'info' },
    new Writable({
      write: (chunk: Buffer, _e, done) => (
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>),
        done()
      ),
    }),
  )
  const daemon = await startDaemon({
    source: new DirectorySource(ws.manifests, undefined, 100),
    openCloud: (onCall) => {
      const aws = createAwsCloud({
        readOnly: false,
        endpoint: cloud.endpoint,
        region: 'us-east-1',
        onCall: (service, operation, code, durationMs, attempt) => {
          const now = performance.now()
          if (!isReadOperation(operation)) {
            writes.push({ who: name, op: `${service}.${operation}`, start: now - durationMs, end: now })
          }
          onCall(service, operation, code, durationMs, attempt)
        },
      })
      return Promise.resolve({ cloud: aws, pollMs: 100, close: () => Promise.resolve(aws.close()) })
    },
    logger,
    clock: systemClock,
    listen: { host: '127.0.0.1', port: 0 },
    intervalMs: 2_000,
    backoff: { baseMs: 500, maxMs: 5_000 },
    settings: {
      instance: 'ecs-reconciler',
      defaultCluster: 'default',
      revision: undefined,
      dryRun: false,
      prune: false,
      adopt: false,
      maxDeletes: 5,
      force: false,
      allowReplace: false,
      // The fixtures name roles and secrets no test creates; verify has tests of its own.
      verify: false,
      timeoutMs: 30_000,
      pollMs: 100,
      concurrency: 8,
    },
    lease: {
      openStore: (region) =>
        new DynamoLeaseStore({ table: TABLE, region, endpoint: proxy.endpoint, requestTimeoutMs: 400 }),
      name: 'shop',
      holder: name,
      durationMs: DURATION_MS,
      renewMs: RENEW_MS,
    },
  })
  const replica = { name, daemon, proxy, lines, stopped: false }
  replicas.push(replica)
  return replica
}

interface Status {
  role: string
  leader: string | null
  lease: { epoch: number | null }
  lastPass: { outcome: string; finishedAt: string } | null
  resources: { id: string; status: string; error?: string }[]
}
const status = async (r: Replica): Promise<Status> =>
  (await fetch(`${r.daemon.url}/status`)).json() as Promise<Status>
const metrics = async (r: Replica) => parsePrometheus(await (await fetch(`${r.daemon.url}/metrics`)).text())
const transition = (r: Replica, reason: string) => r.lines.find((l) => l['transition'] === reason)
const edit = ws.edit

beforeAll(async () => {
  // Rollouts take a couple of seconds, longer than a lease: a pass outlives a leader that stops renewing.
  cloud = await startLocalCloud({
    timing: { taskStartSeconds: 1, drainSeconds: 0.3, namespaceCreateSeconds: 0.1 },
  })
  dynamo = await startDynalite()
  await dynamo.createLeaseTable(TABLE)
})

afterAll(async () => {
  for (const r of replicas) if (!r.stopped) await r.daemon.stop()
  for (const r of replicas) await r.proxy.close()
  await cloud.close()
  await dynamo.close()
  ws.cleanup()
})

describe('two daemons with a lease', () => {
  let a: Replica
  let b: Replica

  it('exactly one reconciles; the other follows and says who leads', async () => {
    a = await startReplica('replica-a')
    b = await startReplica('replica-b')
    const leaderStatus = await until(
      'replica-a to converge',
      async () => {
        const s = await status(a)
        return s.lastPass?.outcome === 'success' ? s : undefined
      },
      40_000,
    )
    expect(leaderStatus).toMatchObject({ role: 'leader', leader: 'replica-a', lease: { epoch: 1 } })
    expect(leaderStatus.resources.every((r) => r.status === 'synced')).toBe(true)
    const follower = await status(b)
    expect(follower).toMatchObject({ role: 'follower', leader: 'replica-a', lastPass: null, resources: [] })
    expect((await fetch(`${b.daemon.url}/healthz`)).status).toBe(200)
    expect(writes.some((w) => w.who === 'replica-a')).toBe(true)
    expect(writes.filter((w) => w.who === 'replica-b')).toEqual([])
    expect((await metrics(a)).get('ecs_reconciler_leader{lease="shop"}')).toBe(1)
    expect((await metrics(b)).get('ecs_reconciler_leader{lease="shop"}')).toBe(0)
    expect(
      (await metrics(a)).get('ecs_reconciler_lease_transitions_total{lease="shop",reason="acquired"}'),
    ).toBe(1)
  }, 60_000)

  it('a leader whose lease calls hang stops writing before the other takes over, and the other converges', async () => {
    edit('ledger.yaml', 'ledger:1.4.2', 'ledger:1.4.3')
    edit('payments.yaml', 'payments:1.4.2', 'payments:1.4.3')
    edit('orders.yaml', 'orders:1.4.2', 'orders:1.4.3')
    const before = writes.length
    // The leader has started the change: cut it off from DynamoDB mid-pass.
    await until(
      'replica-a to start writing',
      () => (writes.slice(before).some((w) => w.who === 'replica-a') ? true : undefined),
      20_000,
    )
    a.proxy.mode = 'hang'
    const converged = await until(
      'replica-b to take over and converge',
      async () => {
        const s = await status(b)
        return s.role === 'leader' &&
          s.lastPass?.outcome === 'success' &&
          s.resources.every((r) => r.status === 'synced')
          ? s
          : undefined
      },
      40_000,
    )
    expect(converged).toMatchObject({ leader: 'replica-b', lease: { epoch: 2 } })
    // The old leader stepped down (its own clock) before the new one acquired.
    const stepped = transition(a, 'expired')
    const acquired = transition(b, 'acquired')
    expect(stepped && acquired && (stepped['time'] as number) <= (acquired['time'] as number)).toBe(true)
    // Fencing: every write of the old leader ended before the new leader's first write started.
    const firstOfB = Math.min(...writes.filter((w) => w.who === 'replica-b').map((w) => w.start))
    const lastOfA = Math.max(...writes.filter((w) => w.who === 'replica-a').map((w) => w.end))
    expect(lastOfA).toBeLessThan(firstOfB)
    // The old leader's pass skipped what it had not started, saying why.
    const skipped = a.lines.filter(
      (l) => l['status'] === 'skipped' && String(l['error']).includes('not the leader'),
    )
    expect(skipped.length).toBeGreaterThan(0)
    expect(await status(a)).toMatchObject({ role: 'follower' })
    expect(
      (await metrics(a)).get('ecs_reconciler_lease_transitions_total{lease="shop",reason="expired"}'),
    ).toBe(1)
    a.proxy.mode = 'pass'
  }, 60_000)

  it('a leader that stops releases the lease and the follower takes over', async () => {
    await until(
      'replica-a to follow replica-b',
      async () => ((await status(a)).leader === 'replica-b' ? true : undefined),
      10_000,
    )
    await b.daemon.stop()
    b.stopped = true
    expect(transition(b, 'released')).toBeDefined()
    // Released, not left to expire: free in the table at once (or replica-a's already).
    const table = new DynamoLeaseStore({
      table: TABLE,
      region: 'us-east-1',
      endpoint: dynamo.endpoint,
      requestTimeoutMs: 5_000,
    })
    const record = await table.read('shop').finally(() => table.close())
    const released =
      record?.holder === 'replica-b'
        ? record.expiresAtMs === 0
        : record?.holder === 'replica-a' && record.epoch === 3
    expect(released, JSON.stringify(record)).toBe(true)
    const s = await until(
      'replica-a to lead again',
      async () => {
        const st = await status(a)
        return st.role === 'leader' ? st : undefined
      },
      10_000,
    )
    expect(s.lease.epoch).toBe(3)
    // Never two leaders: replica-a took the lease after replica-b had let it go.
    expect(transition(a, 'acquired')).toBeDefined()
    expect(a.lines.filter((l) => l['transition'] === 'acquired').at(-1)?.['time']).toBeGreaterThanOrEqual(
      transition(b, 'released')?.['time'] as number,
    )
  }, 30_000)
})
