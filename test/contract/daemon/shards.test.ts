/**
 * `run --shards 6` with three replicas on one manifest set, one local cloud and one lease table
 * (dynalite on 127.0.0.1): each owns two shards; every write to a cluster comes from the owner of
 * that cluster's shard; prune deletes only in the owner's shards; when one replica dies the other
 * two take three each once its leases expire, and a new replica makes them hand one back each.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shardOfKey } from '../../../src/daemon/shard-assignment.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { systemClock } from '../../../src/shared/clock.js'
import { parsePrometheus, until } from '../../support/daemon.js'
import { startDynalite, type LocalDynamo } from '../../support/dynalite.js'
import { startLeasedReplica, type LeasedReplica } from '../../support/leased-replica.js'
import { clusterYaml, serviceYaml } from '../../support/multi-cluster.js'
import { clusterOfRequest } from '../../support/recording-proxy.js'

const TABLE = 'ecs-reconciler-leases'
const SHARDS = 6
// Generous for three daemons, a local cloud and dynalite sharing one busy event loop.
const DURATION_MS = 3_000
const RENEW_MS = 1_000
/** One cluster per shard (FNV-1a of the name modulo 6: west 0, delta 1, north 2, blue 3, south 4, alpha 5). */
const CLUSTERS = ['west', 'delta', 'north', 'blue', 'south', 'alpha']
const dir = mkdtempSync(join(tmpdir(), 'shards-'))

type Replica = LeasedReplica
interface Status {
  ready: boolean
  shards: {
    count: number
    replicas: number
    share: number
    owned: number[]
    leases: { shard: number; role: string; leader: string | null; epoch: number | null }[]
  }
  lastPass: { outcome: string } | null
  resources: { id: string; status: string }[]
}

let cloud: LocalCloud
let dynamo: LocalDynamo
const replicas: Replica[] = []
const goneServices: string[] = []

function writeManifests(image: string, without: readonly string[] = []): void {
  for (const c of CLUSTERS) {
    const services = [`${c}-api`, `${c}-worker`].filter((s) => !without.includes(s))
    writeFileSync(
      join(dir, `${c}.yaml`),
      [
        clusterYaml(c),
        ...services.map((name) =>
          serviceYaml({ name, cluster: c, image: `public.ecr.aws/demo/${name}:${image}` }),
        ),
      ].join('---\n'),
    )
  }
}

async function startReplica(name: string): Promise<Replica> {
  const replica = await startLeasedReplica({
    name,
    manifests: dir,
    cloudEndpoint: cloud.endpoint,
    dynamoEndpoint: dynamo.endpoint,
    table: TABLE,
    lease: { name: 'fleet', durationMs: DURATION_MS, renewMs: RENEW_MS, shards: SHARDS },
    clock: systemClock,
    pollMs: 100,
    intervalMs: 1_500,
    backoff: { baseMs: 300, maxMs: 2_000 },
    settings: { prune: true, maxDeletes: 1, timeoutMs: 30_000, concurrency: 8 },
  })
  replicas.push(replica)
  return replica
}

const status = async (r: Replica): Promise<Status> =>
  (await fetch(`${r.daemon.url}/status`)).json() as Promise<Status>
const owned = async (r: Replica): Promise<number[]> => (await status(r)).shards.owned
const metric = async (r: Replica, name: string) =>
  parsePrometheus(await (await fetch(`${r.daemon.url}/metrics`)).text()).get(name)
/** Every replica in `live` owns `each` shards and together they own all six. */
const balanced = (live: readonly Replica[], each: number) => async () => {
  const all = await Promise.all(live.map(owned))
  return all.every((o) => o.length === each) && new Set(all.flat()).size === SHARDS ? all : undefined
}
/** ECS writes naming a cluster, per replica, since index `from` of each replica's log. */
const writesSince = (marks: Map<Replica, number>) =>
  replicas.flatMap((r) =>
    r.cloudProxy.requests
      .slice(marks.get(r) ?? 0)
      .filter((q) => /^(Create|Update|Delete|Tag|Untag|Put|Register|Deregister)/.test(q.operation))
      .map((q) => ({ who: r, operation: q.operation, cluster: clusterOfRequest(q.body), body: q.body })),
  )
const mark = () => new Map(replicas.map((r) => [r, r.cloudProxy.requests.length]))
const converged = async (live: readonly Replica[], ids: readonly string[]) => {
  const all = await Promise.all(live.map(status))
  const synced = new Set(
    all.flatMap((s) => s.resources.filter((r) => r.status === 'synced').map((r) => r.id)),
  )
  return ids.every((id) => synced.has(id)) && all.every((s) => s.lastPass?.outcome === 'success')
    ? true
    : undefined
}
const serviceIds = (without: readonly string[] = []) =>
  CLUSTERS.flatMap((c) =>
    [`${c}-api`, `${c}-worker`].filter((s) => !without.includes(s)).map((s) => `Service/${c}/${s}`),
  )

beforeAll(async () => {
  expect(CLUSTERS.map((c) => shardOfKey(c, SHARDS))).toEqual([0, 1, 2, 3, 4, 5])
  writeManifests('1.0.0')
  cloud = await startLocalCloud({
    timing: { taskStartSeconds: 0.3, drainSeconds: 0.1, namespaceCreateSeconds: 0.1 },
  })
  dynamo = await startDynalite()
  await dynamo.createLeaseTable(TABLE)
})

afterAll(async () => {
  for (const r of replicas) await r.close()
  await cloud?.close()
  await dynamo?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('three replicas with --shards 6', () => {
  let a: Replica
  let b: Replica
  let c: Replica

  it('own two shards each and converge, each writing only to the clusters of its own shards', async () => {
    a = await startReplica('replica-a')
    b = await startReplica('replica-b')
    c = await startReplica('replica-c')
    const shares = await until('two shards each', balanced([a, b, c], 2), 30_000)
    await until('every service synced', () => converged([a, b, c], serviceIds()), 60_000)
    const ownerOf = new Map<number, Replica>()
    ;[a, b, c].forEach((r, i) => shares[i]?.forEach((s) => ownerOf.set(s, r)))

    // A change in every cluster: each is made by the owner of that cluster's shard, and only by it.
    const since = mark()
    writeManifests('1.1.0')
    await until(
      'the change to converge',
      async () => {
        const all = await Promise.all([a, b, c].map(status))
        return all.every((s) => s.lastPass?.outcome === 'success') &&
          writesSince(since).filter((w) => w.operation === 'UpdateService').length >= serviceIds().length
          ? true
          : undefined
      },
      60_000,
    )
    expect(await Promise.all([a, b, c].map(owned))).toEqual(shares)
    const writes = writesSince(since).filter((w) => w.cluster !== undefined)
    expect(new Set(writes.map((w) => w.cluster))).toEqual(new Set(CLUSTERS))
    for (const w of writes) {
      expect(`${w.operation} ${w.cluster} by ${w.who.name}`).toBe(
        `${w.operation} ${w.cluster} by ${ownerOf.get(shardOfKey(w.cluster as string, SHARDS))?.name}`,
      )
    }
    // Each service was updated exactly once (nobody else's pass touched it).
    const updates = writes
      .filter((w) => w.operation === 'UpdateService')
      .map((w) => `${w.cluster}/${String(w.body['service'])}`)
    expect(updates.sort()).toEqual(
      serviceIds()
        .map((id) => id.slice('Service/'.length))
        .sort(),
    )

    // A follower names a shard's leader from its last read of that lease; on a loaded machine a
    // late poll can leave that read looking expired for a moment, so wait for a view that names all.
    const s = await until(
      "a's view to name every shard's leader",
      async () => {
        const st = await status(a)
        return st.shards.leases.every((l) => l.leader !== null) ? st : undefined
      },
      15_000,
    )
    expect(s.shards).toMatchObject({ count: 6, replicas: 3, share: 2, owned: shares[0] })
    for (const l of s.shards.leases) expect(l.role).toBe(shares[0]?.includes(l.shard) ? 'leader' : 'follower')
    expect(
      s.resources.every((r) => shares[0]?.includes(shardOfKey(r.id.split('/')[1] as string, SHARDS))),
    ).toBe(true)
    expect(await metric(a, 'ecs_reconciler_shards_owned')).toBe(2)
    expect(a.lines.some((l) => String(l['msg']).startsWith('shards owned:'))).toBe(true)
  }, 120_000)

  it("prune deletes only in the owner's shards, and --max-deletes counts only those", async () => {
    // One service leaves a cluster of a's shards, one a cluster of b's: two deletes in all, one per
    // replica, each within --max-deletes 1 only because a replica counts its own shards' deletes.
    const shares = await Promise.all([a, b, c].map(owned))
    const clusterOf = (shard: number | undefined) =>
      CLUSTERS.find((cl) => shardOfKey(cl, SHARDS) === shard) as string
    const gone = [`${clusterOf(shares[0]?.[0])}-worker`, `${clusterOf(shares[1]?.[0])}-worker`]
    goneServices.push(...gone)
    const since = mark()
    writeManifests('1.1.0', gone)
    await until(
      'the pruned services to be deleted',
      () =>
        writesSince(since).filter((w) => w.operation === 'DeleteService').length >= gone.length
          ? true
          : undefined,
      40_000,
    )
    await until('every remaining service synced', () => converged([a, b, c], serviceIds(gone)), 40_000)
    expect(await Promise.all([a, b, c].map(owned))).toEqual(shares)
    const deletes = writesSince(since).filter((w) => w.operation === 'DeleteService')
    expect(deletes.map((d) => `${d.who.name} ${d.cluster}/${String(d.body['service'])}`).sort()).toEqual(
      [
        `replica-a ${gone[0]?.replace('-worker', '')}/${gone[0]}`,
        `replica-b ${gone[1]?.replace('-worker', '')}/${gone[1]}`,
      ].sort(),
    )
    for (const r of [a, b, c]) {
      expect(r.lines.filter((l) => String(l['msg']).startsWith('prune blocked'))).toEqual([])
    }
  }, 90_000)

  it('rebalance: when one dies the two others take three each once its leases expire; a new replica makes them hand one back each', async () => {
    // c dies: cut off from DynamoDB, it can renew neither its heartbeat nor its shards.
    c.dynamoProxy.mode = 'hang'
    await until('a and b to own three shards each', balanced([a, b], 3), 20_000)
    await until('c to own nothing', async () => ((await owned(c)).length === 0 ? true : undefined), 10_000)
    expect((await status(a)).shards).toMatchObject({ replicas: 2, share: 3 })
    expect(await metric(a, 'ecs_reconciler_shards_owned')).toBe(3)
    await until(
      'every service synced under the two',
      () => converged([a, b], serviceIds(goneServices)),
      40_000,
    )

    const d = await startReplica('replica-d')
    await until('two shards each again', balanced([a, b, d], 2), 20_000)
    const released = [a, b].map((r) => r.lines.filter((l) => l['transition'] === 'released').length)
    expect(released.every((n) => n >= 1)).toBe(true)
    expect(d.lines.filter((l) => l['transition'] === 'acquired')).toHaveLength(2)
  }, 90_000)
})
