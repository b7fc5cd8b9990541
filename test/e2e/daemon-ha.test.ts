/**
 * End to end: `run --lease-table` processes against one standalone local cloud (AWS_ENDPOINT_URL)
 * and dynalite (AWS_ENDPOINT_URL_DYNAMODB), as on Fargate at desiredCount 2: one leads, one follows;
 * kill -9 of the leader is taken over once its lease has run out, SIGTERM releases the lease for the
 * follower at once, and a missing table is a clear start-up error.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DynamoLeaseStore } from '../../src/cloud/aws/dynamodb-lease.js'
import type { LeaseRecord } from '../../src/cloud/ports/index.js'
import { runCli, workspaceWithExample } from '../support/cli.js'
import { startDaemon, until, type DaemonProcess } from '../support/daemon.js'
import { startDynalite, type LocalDynamo } from '../support/dynalite.js'
import { startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud-process.js'

const TABLE = 'ecs-reconciler-leases'
const DURATION_MS = 1_500
const RENEW_MS = 500
const ws = workspaceWithExample()
let cloud: LocalCloudProcess | undefined
let dynamo: LocalDynamo
let env: Record<string, string> = {}
const daemons: DaemonProcess[] = []
const args = () => [
  ws.manifests,
  '--lease-table',
  TABLE,
  '--lease-duration',
  `${DURATION_MS}ms`,
  '--lease-renew',
  `${RENEW_MS}ms`,
  '--interval',
  '2s',
  '--poll-interval',
  '100ms',
  '--debounce',
  '100ms',
]

interface HaStatus {
  role: string
  leader: string | null
  since: string | null
  lease: { name: string; holder: string; epoch: number | null }
  lastPass: { outcome: string } | null
  resources: { status: string }[]
}
const haStatus = async (d: DaemonProcess): Promise<HaStatus> =>
  JSON.parse((await d.get('/status')).text) as HaStatus
const start = async (): Promise<DaemonProcess> => {
  const d = await startDaemon(args(), env)
  daemons.push(d)
  return d
}
/** The lease as the table holds it, read beside the replicas. */
async function leaseRecord(name: string): Promise<LeaseRecord | undefined> {
  const store = new DynamoLeaseStore({
    table: TABLE,
    region: 'us-east-1',
    endpoint: dynamo.endpoint,
    requestTimeoutMs: 5_000,
  })
  try {
    return await store.read(name)
  } finally {
    store.close()
  }
}
const leads = async (d: DaemonProcess): Promise<HaStatus | undefined> => {
  const s = await haStatus(d)
  return s.role === 'leader' ? s : undefined
}

beforeAll(async () => {
  dynamo = await startDynalite()
  await dynamo.createLeaseTable(TABLE)
  cloud = await startLocalCloudProcess(join(ws.dir, 'cloud.json'))
  env = { ...cloud.env, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint }
}, 30_000)

afterAll(async () => {
  for (const d of daemons) if (d.child.exitCode === null && d.child.signalCode === null) await d.stop()
  await cloud?.stop()
  await dynamo?.close()
  ws.cleanup()
})

describe('ecs-reconciler run --lease-table (two replicas)', () => {
  it('refuses to start when the lease table does not exist, saying how to create it', async () => {
    const r = await runCli(
      ['run', ws.manifests, '--listen', '127.0.0.1:0', '--lease-table', 'no-such-table'],
      { env, timeoutMs: 20_000 },
    )
    expect(r.code).toBe(1)
    const text = r.stdout + r.stderr
    expect(text).toContain('lease table no-such-table not found in us-east-1')
    expect(text).toContain('manifests/deploy/lease-table.json')
    expect(text).not.toMatch(/\n\s+at /)
  })

  it('refuses --shards without --lease-table, saying why', async () => {
    const r = await runCli(['run', ws.manifests, '--listen', '127.0.0.1:0', '--shards', '4'], {
      env,
      timeoutMs: 20_000,
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('--shards 4 needs --lease-table')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('one leads and converges, the other follows; kill -9 of the leader is taken over once its lease runs out', async () => {
    const a = await start()
    await until(
      'replica a to lead and converge',
      async () => {
        const s = await leads(a)
        return s?.lastPass?.outcome === 'success' ? s : undefined
      },
      30_000,
    )
    const b = await start()
    const following = await until('replica b to follow', async () => {
      const s = await haStatus(b)
      return s.role === 'follower' && s.leader ? s : undefined
    })
    const leaderId = (await haStatus(a)).lease.holder
    expect(following.leader).toBe(leaderId)
    expect(following.since).not.toBeNull()
    expect(following.lastPass).toBeNull()
    expect(b.logs().some((l) => l.msg === 'pass started')).toBe(false)

    await a.stop('SIGKILL')
    const left = await leaseRecord(following.lease.name)
    expect(left).toMatchObject({ holder: leaderId, epoch: 1 })
    const took = await until('replica b to take over', () => leads(b), 10_000)
    expect(took.lease.epoch).toBe(2)
    // Never two leaders: nothing released the lease, so b took it only once a's term had run out.
    const taken = await leaseRecord(following.lease.name)
    expect(taken).toMatchObject({ holder: took.lease.holder, epoch: 2 })
    expect(taken?.acquiredAtMs).toBeGreaterThan(left?.expiresAtMs ?? Infinity)
    await until(
      'replica b to converge',
      async () => {
        const s = await haStatus(b)
        return s.lastPass?.outcome === 'success' && s.resources.every((r) => r.status === 'synced')
          ? true
          : undefined
      },
      20_000,
    )
    expect(b.logs().some((l) => l['transition'] === 'acquired')).toBe(true)
  }, 60_000)

  it('SIGTERM on the leader hands the lease over: released at once, not left to expire', async () => {
    const b = daemons[1]!
    const c = await start()
    const following = await until('replica c to follow', async () => {
      const s = await haStatus(c)
      return s.role === 'follower' ? s : undefined
    })
    const stopped = await b.stop('SIGTERM')
    expect(stopped.code).toBe(0)
    expect(b.logs().some((l) => l['transition'] === 'released')).toBe(true)
    // Free in the table as b exits (or c's already): c need not wait for b's term to run out.
    const record = await leaseRecord(following.lease.name)
    const released =
      record?.holder === following.lease.holder
        ? record.epoch === 3
        : record?.epoch === 2 && record.expiresAtMs === 0
    expect(released, JSON.stringify(record)).toBe(true)
    const took = await until('replica c to lead', () => leads(c), 10_000)
    expect(took.lease).toMatchObject({ holder: following.lease.holder, epoch: 3 })
  }, 30_000)
})
