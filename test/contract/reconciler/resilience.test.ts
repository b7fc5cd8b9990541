/**
 * Resilience of a pass against the local cloud: a task definition that cannot be read makes only its
 * service unknown; a create whose response was lost succeeds on the SDK's retry (CreateService
 * `clientToken`, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/ECS_Idempotency.html); a
 * run killed between RegisterTaskDefinition and CreateService leaves no second revision behind; old
 * revisions of ours are retired (docs/reconciling.md).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { Cloud, CloudWriters } from '../../../src/cloud/ports/index.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { executePlan } from '../../../src/reconciler/execute/executor.js'
import type { ActionResult } from '../../../src/reconciler/execute/types.js'
import { TAG_CONTENT_HASH, TAG_MANAGED_BY } from '../../../src/reconciler/ownership.js'
import { planPass } from '../../../src/reconciler/pass.js'
import type { PlanOptions } from '../../../src/reconciler/plan/build-plan.js'
import { countChanges, type Plan } from '../../../src/reconciler/plan/types.js'
import { systemClock } from '../../../src/shared/clock.js'
import { settleConsistency } from '../../support/local-cloud.js'
import { startLossyProxy, type LossyProxy } from '../../support/lossy-proxy.js'
import { loadExample } from '../../support/manifests.js'

const OPTIONS: PlanOptions = {
  instance: 'ecs-reconciler',
  revision: 'r1',
  prune: false,
  adopt: false,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}
const TIMING = { taskStartSeconds: 0.05, drainSeconds: 0.05, namespaceCreateSeconds: 0.05 }

let server: LocalCloud | undefined
let proxy: LossyProxy | undefined
const clouds: Cloud[] = []

afterEach(async () => {
  for (const c of clouds.splice(0)) c.close()
  await proxy?.close()
  await server?.close()
  proxy = undefined
  server = undefined
})

async function start(): Promise<LocalCloud> {
  server = await startLocalCloud({ timing: TIMING })
  return server
}

function cloudAt(endpoint: string, readOnly = false): Cloud {
  const cloud = createAwsCloud({ readOnly, endpoint, region: 'us-east-1' })
  clouds.push(cloud)
  return cloud
}

const withImage = (service: string, image: string) => (file: string, text: string) =>
  file.endsWith(`${service}.yaml`)
    ? text.replace(/image: public\.ecr\.aws\/shop\/[a-z]+:[0-9.]+/, `image: ${image}`)
    : text

async function apply(
  cloud: Cloud,
  edit?: (file: string, text: string) => string,
  options: Partial<PlanOptions> = {},
  writers?: CloudWriters,
): Promise<{ plan: Plan; results: ActionResult[] }> {
  const { set, graph } = loadExample(edit)
  const { plan } = await planPass(set, graph, cloud.readers, { ...OPTIONS, ...options })
  const results = await executePlan(plan, {
    readers: cloud.readers,
    writers: writers ?? cloud.writers!,
    clock: systemClock,
    wait: true,
    timeoutMs: 30_000,
    pollMs: 20,
    concurrency: 8,
    allowReplace: false,
  })
  return { plan, results }
}

const failures = (results: readonly ActionResult[]) =>
  results.filter((r) => r.status !== 'succeeded').map((r) => `${r.id}: ${r.error ?? r.status}`)

describe('a task definition that cannot be read', () => {
  it('makes only its service unknown: it is not touched, what depends on it is held, and the rest of the pass goes on', async () => {
    // Every DescribeTaskDefinition of a payments revision fails, whatever the retries (a targeted fault).
    server = await startLocalCloud({
      timing: TIMING,
      faults: { failRequests: [{ operation: 'DescribeTaskDefinition', match: 'task-definition/payments:' }] },
    })
    expect(failures((await apply(cloudAt(server.endpoint))).results)).toEqual([])
    const edit = (f: string, t: string) =>
      withImage('orders', 'public.ecr.aws/shop/orders:1.5.0')(
        f,
        withImage('ledger', 'public.ecr.aws/shop/ledger:1.5.0')(
          f,
          withImage('payments', 'public.ecr.aws/shop/payments:1.5.0')(f, t),
        ),
      )
    const check = cloudAt(server.endpoint, true)
    const before = new Map(
      (await check.readers.ecs.describeServices('shop', ['payments', 'orders'])).map((s) => [
        s.name,
        s.taskDefinition,
      ]),
    )

    // A fresh cloud (nothing cached), two attempts a call so the permanent fault is given up on quickly.
    const cold = createAwsCloud({
      readOnly: false,
      endpoint: server.endpoint,
      region: 'us-east-1',
      maxAttempts: 2,
    })
    clouds.push(cold)
    const { plan, results } = await apply(cold, edit)
    const payments = plan.actions.find((a) => a.id === 'Service/shop/payments')
    expect(payments).toMatchObject({
      action: 'unknown',
      diff: [],
      error: expect.stringMatching(/^could not read task definition payments:1: .*ThrottlingException/),
    })
    expect(plan.actions.find((a) => a.id === 'Service/shop/ledger')?.action).toBe('update')
    // orders depends on payments: skipped, not updated on a guess.
    const byId = new Map(results.map((r) => [r.id, r]))
    expect(byId.get('Service/shop/payments')).toMatchObject({ status: 'unknown', error: payments?.error })
    expect(byId.get('Service/shop/orders')).toMatchObject({
      status: 'skipped',
      error: 'Service payments is unknown in this pass (its state could not be read)',
    })
    expect(byId.get('Service/shop/ledger')?.status).toBe('succeeded')

    const after = new Map(
      (await check.readers.ecs.describeServices('shop', ['payments', 'orders', 'ledger'])).map((s) => [
        s.name,
        s.taskDefinition,
      ]),
    )
    expect(after.get('payments')).toBe(before.get('payments'))
    expect(after.get('orders')).toBe(before.get('orders'))
    expect(
      (await check.readers.ecs.describeTaskDefinition(after.get('ledger')!))?.containerDefinitions[0]?.image,
    ).toBe('public.ecr.aws/shop/ledger:1.5.0')
  }, 60_000)
})

describe('idempotent writes', () => {
  it('a create whose response was lost succeeds on the retry, with no duplicate', async () => {
    const local = await start()
    proxy = await startLossyProxy(local.endpoint, { operation: 'CreateService', count: 1 })
    const cloud = cloudAt(proxy.endpoint)
    const { results } = await apply(cloud)
    expect(failures(results)).toEqual([])
    // Four services, one of whose creates reached ECS twice (the retry of a lost answer).
    expect(proxy.seen('CreateService')).toBe(5)
    const check = cloudAt(local.endpoint, true)
    expect((await check.readers.ecs.listServiceArns('shop')).length).toBe(4)
    for (const family of ['ledger', 'payments', 'orders', 'storefront']) {
      expect((await check.readers.ecs.listTaskDefinitionRevisions(family)).length).toBe(1)
    }
  }, 60_000)

  it('a register whose response was lost leaves one revision per content, reused instead of registered again', async () => {
    const local = await start()
    // Each family's first RegisterTaskDefinition happens upstream, but its answer is lost (a 5xx).
    proxy = await startLossyProxy(local.endpoint, { operation: 'RegisterTaskDefinition', count: 4 })
    const { results } = await apply(cloudAt(proxy.endpoint))
    expect(failures(results)).toEqual([])
    // No blind SDK retry of a register: each of the four families was registered exactly once.
    expect(proxy.seen('RegisterTaskDefinition')).toBe(4)
    await settleConsistency()
    const check = cloudAt(local.endpoint, true)
    for (const family of ['ledger', 'payments', 'orders', 'storefront']) {
      expect((await check.readers.ecs.listTaskDefinitionRevisions(family)).map((r) => r.revision)).toEqual([
        1,
      ])
    }
  }, 60_000)

  it('with write responses dropped on the wire (connection closed after the write), every content is registered once', async () => {
    server = await startLocalCloud({ timing: TIMING, faults: { seed: 7, dropWriteResponseRate: 0.3 } })
    const cloud = cloudAt(server.endpoint)
    const first = await apply(cloud)
    expect(failures(first.results)).toEqual([])
    const second = await apply(cloud, withImage('ledger', 'public.ecr.aws/shop/ledger:1.5.0'))
    expect(failures(second.results)).toEqual([])
    // The fault did hit registers (seeded, so always the same ones); each hit was a write that happened.
    expect(server.droppedResponses()['ECS.RegisterTaskDefinition']).toBeGreaterThan(0)
    expect(server.requestCount()['ECS.RegisterTaskDefinition']).toBe(5)
    await settleConsistency()
    const check = cloudAt(server.endpoint, true)
    for (const family of ['payments', 'orders', 'storefront']) {
      expect((await check.readers.ecs.listTaskDefinitionRevisions(family)).length, family).toBe(1)
    }
    const ledger = await check.readers.ecs.listTaskDefinitionRevisions('ledger')
    const hashes = ledger.map((r) => r.tags[TAG_CONTENT_HASH])
    expect(hashes).toHaveLength(2)
    expect(new Set(hashes).size).toBe(2)
  }, 60_000)

  it('a run killed between RegisterTaskDefinition and CreateService registers no second revision when rerun', async () => {
    const local = await start()
    const cloud = cloudAt(local.endpoint)
    // The process dies right after registering: CreateService never reaches ECS.
    const killed: CloudWriters = {
      ...cloud.writers!,
      ecs: Object.assign(Object.create(cloud.writers!.ecs) as CloudWriters['ecs'], {
        createService: () => Promise.reject(new Error('killed')),
      }),
    }
    const first = await apply(cloud, undefined, {}, killed)
    expect(first.results.filter((r) => r.kind === 'Service').every((r) => r.status !== 'succeeded')).toBe(
      true,
    )
    // A restarted process comes back after the registration has become visible.
    await settleConsistency()
    const check = cloudAt(local.endpoint, true)
    const registered = await check.readers.ecs.listTaskDefinitionRevisions('ledger')
    expect(registered.map((r) => r.revision)).toEqual([1])

    const again = await apply(cloudAt(local.endpoint))
    expect(failures(again.results)).toEqual([])
    const after = cloudAt(local.endpoint, true)
    for (const family of ['ledger', 'payments', 'orders', 'storefront']) {
      expect((await after.readers.ecs.listTaskDefinitionRevisions(family)).map((r) => r.revision)).toEqual([
        1,
      ])
    }
    const [ledger] = await after.readers.ecs.describeServices('shop', ['ledger'])
    expect(ledger?.taskDefinition).toBe(registered[0]?.arn)
  }, 60_000)
})

describe('task-definition retention', () => {
  it('deregisters our revisions beyond --keep-revisions that no deployment uses, and nothing else', async () => {
    const local = await start()
    const cloud = cloudAt(local.endpoint)
    expect(failures((await apply(cloud)).results)).toEqual([])
    const current = await cloud.readers.ecs.describeTaskDefinition('ledger')
    const { arn: _arn, revision: _revision, status: _status, tags: _tags, ...content } = current!
    // Revisions 2–6: ours, older content; 7: registered by someone else.
    for (let i = 2; i <= 6; i++) {
      await cloud.writers!.ecs.registerTaskDefinition(content, {
        [TAG_MANAGED_BY]: 'ecs-reconciler',
        [TAG_CONTENT_HASH]: `old-${i}`,
      })
    }
    await cloud.writers!.ecs.registerTaskDefinition(content, { team: 'someone-else' })
    // A new image: revision 8, which the service then runs.
    await settleConsistency()
    const edit = withImage('ledger', 'public.ecr.aws/shop/ledger:2.0.0')
    expect(failures((await apply(cloud, edit)).results)).toEqual([])

    const { set, graph } = loadExample(edit)
    const { plan } = await planPass(set, graph, cloudAt(local.endpoint, true).readers, {
      ...OPTIONS,
      keepRevisions: 3,
    })
    const retired = plan.actions.filter((a) => a.kind === 'TaskDefinitionRevision')
    // Revision 1's and 8's deployments completed: the two newest completed revisions are always kept
    // (rollback's targets), whatever --keep-revisions says.
    expect(retired.map((a) => [a.id, a.action])).toEqual(
      [2, 3, 4].map((n) => [`TaskDefinitionRevision/ledger:${n}`, 'delete']),
    )
    expect(countChanges(plan)).toBe(3)
    expect(plan.prune.requested).toBe(false)

    const { results } = await apply(cloud, edit, { keepRevisions: 3 })
    expect(failures(results)).toEqual([])
    await settleConsistency()
    const left = await cloudAt(local.endpoint, true).readers.ecs.listTaskDefinitionRevisions('ledger')
    expect(left.map((r) => r.revision)).toEqual([1, 5, 6, 7, 8])
    const { plan: after } = await planPass(set, graph, cloudAt(local.endpoint, true).readers, {
      ...OPTIONS,
      keepRevisions: 3,
    })
    expect(countChanges(after)).toBe(0)
  }, 60_000)
})
