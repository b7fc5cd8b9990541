/**
 * Resilience of a pass against the local cloud: a task definition that cannot be read makes only its
 * service unknown; a create whose response was lost succeeds on the SDK's retry (CreateService
 * `clientToken`, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/ECS_Idempotency.html); a
 * run killed between RegisterTaskDefinition and CreateService leaves no second revision behind; old
 * revisions of ours are retired (product.md §2).
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

const OPTIONS: PlanOptions = { instance: 'ecs-reconciler', revision: 'r1', prune: false, adopt: false, maxDeletes: 5, force: false, manifestsFailed: false }
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

const withImage = (service: string, image: string) => (file: string, text: string) => (file.endsWith(`${service}.yaml`) ? text.replace(/image: public\.ecr\.aws\/shop\/[a-z]+:[0-9.]+/, `image: ${image}`) : text)

async function apply(cloud: Cloud, edit?: (file: string, text: string) => string, options: Partial<PlanOptions> = {}, writers?: CloudWriters): Promise<{ plan: Plan; results: ActionResult[] }> {
  const { set, graph } = loadExample(edit)
  const { plan } = await planPass(set, graph, cloud.readers, { ...OPTIONS, ...options })
  const results = await executePlan(plan, { readers: cloud.readers, writers: writers ?? cloud.writers!, clock: systemClock, wait: true, timeoutMs: 30_000, pollMs: 20, concurrency: 8, allowReplace: false })
  return { plan, results }
}

const failures = (results: readonly ActionResult[]) => results.filter((r) => r.status !== 'succeeded').map((r) => `${r.id}: ${r.error ?? r.status}`)

describe('a task definition that cannot be read', () => {
  it('makes only its service unknown: it is not touched, and the rest of the pass goes on', async () => {
    const local = await start()
    expect(failures((await apply(cloudAt(local.endpoint))).results)).toEqual([])
    const edit = (f: string, t: string) => withImage('payments', 'public.ecr.aws/shop/payments:1.5.0')(f, withImage('ledger', 'public.ecr.aws/shop/ledger:1.5.0')(f, t))

    // A fresh cloud (nothing cached) whose reads of ledger's revision fail after the SDK's retries.
    const cold = cloudAt(local.endpoint)
    const [ledgerBefore] = await cold.readers.ecs.describeServices('shop', ['ledger'])
    const describe = cold.readers.ecs.describeTaskDefinition.bind(cold.readers.ecs)
    cold.readers.ecs.describeTaskDefinition = async (arn) => {
      if (arn === ledgerBefore!.taskDefinition) throw Object.assign(new Error('ECS.DescribeTaskDefinition: ThrottlingException: Rate exceeded'), { awsCode: 'ThrottlingException' })
      return describe(arn)
    }
    const { plan, results } = await apply(cold, edit)
    const ledger = plan.actions.find((a) => a.id === 'Service/shop/ledger')
    expect(ledger).toMatchObject({ action: 'noop', diff: [] })
    expect(ledger?.reasons).toEqual([expect.stringMatching(/^unknown: DescribeTaskDefinition ledger:1: .*ThrottlingException/)])
    expect(plan.warnings).toContainEqual(expect.stringContaining('Service shop/ledger: state unknown, left untouched in this pass'))
    expect(plan.actions.find((a) => a.id === 'Service/shop/payments')?.action).toBe('update')
    expect(failures(results)).toEqual([])

    const [ledgerAfter] = await cold.readers.ecs.describeServices('shop', ['ledger'])
    const [paymentsAfter] = await cold.readers.ecs.describeServices('shop', ['payments'])
    expect(ledgerAfter?.taskDefinition).toBe(ledgerBefore!.taskDefinition)
    expect((await cold.readers.ecs.describeTaskDefinition(paymentsAfter!.taskDefinition))?.containerDefinitions[0]?.image).toBe('public.ecr.aws/shop/payments:1.5.0')
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
    for (const family of ['ledger', 'payments', 'orders', 'storefront']) expect((await check.readers.ecs.listTaskDefinitionRevisions(family)).length).toBe(1)
  }, 60_000)

  it('a run killed between RegisterTaskDefinition and CreateService registers no second revision when rerun', async () => {
    const local = await start()
    const cloud = cloudAt(local.endpoint)
    // The process dies right after registering: CreateService never reaches ECS.
    const killed: CloudWriters = { ...cloud.writers!, ecs: Object.assign(Object.create(cloud.writers!.ecs) as CloudWriters['ecs'], { createService: () => Promise.reject(new Error('killed')) }) }
    const first = await apply(cloud, undefined, {}, killed)
    expect(first.results.filter((r) => r.kind === 'Service').every((r) => r.status !== 'succeeded')).toBe(true)
    // A restarted process comes back after the registration has become visible.
    await settleConsistency()
    const check = cloudAt(local.endpoint, true)
    const registered = await check.readers.ecs.listTaskDefinitionRevisions('ledger')
    expect(registered.map((r) => r.revision)).toEqual([1])

    const again = await apply(cloudAt(local.endpoint))
    expect(failures(again.results)).toEqual([])
    const after = cloudAt(local.endpoint, true)
    for (const family of ['ledger', 'payments', 'orders', 'storefront']) expect((await after.readers.ecs.listTaskDefinitionRevisions(family)).map((r) => r.revision)).toEqual([1])
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
    for (let i = 2; i <= 6; i++) await cloud.writers!.ecs.registerTaskDefinition(content, { [TAG_MANAGED_BY]: 'ecs-reconciler', [TAG_CONTENT_HASH]: `old-${i}` })
    await cloud.writers!.ecs.registerTaskDefinition(content, { team: 'someone-else' })
    // A new image: revision 8, which the service then runs.
    await settleConsistency()
    const edit = withImage('ledger', 'public.ecr.aws/shop/ledger:2.0.0')
    expect(failures((await apply(cloud, edit)).results)).toEqual([])

    const { set, graph } = loadExample(edit)
    const { plan } = await planPass(set, graph, cloudAt(local.endpoint, true).readers, { ...OPTIONS, keepRevisions: 3 })
    const retired = plan.actions.filter((a) => a.kind === 'TaskDefinitionRevision')
    expect(retired.map((a) => [a.id, a.action])).toEqual([1, 2, 3, 4].map((n) => [`TaskDefinitionRevision/ledger:${n}`, 'delete']))
    expect(countChanges(plan)).toBe(4)
    expect(plan.prune.requested).toBe(false)

    const { results } = await apply(cloud, edit, { keepRevisions: 3 })
    expect(failures(results)).toEqual([])
    await settleConsistency()
    const left = await cloudAt(local.endpoint, true).readers.ecs.listTaskDefinitionRevisions('ledger')
    expect(left.map((r) => r.revision)).toEqual([5, 6, 7, 8])
    const { plan: after } = await planPass(set, graph, cloudAt(local.endpoint, true).readers, { ...OPTIONS, keepRevisions: 3 })
    expect(countChanges(after)).toBe(0)
  }, 60_000)
})
