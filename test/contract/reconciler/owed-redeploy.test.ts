/**
 * A client's redeploy after its backend's endpoints changed survives a run that stops before it: the
 * executor marks the client first, the next plan reads the mark, and a steady redeploy removes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { Cloud } from '../../../src/cloud/ports/index.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { executePlan } from '../../../src/reconciler/execute/executor.js'
import { TAG_REDEPLOY_PENDING } from '../../../src/reconciler/ownership.js'
import { planPass } from '../../../src/reconciler/pass.js'
import { countChanges, type Plan } from '../../../src/reconciler/plan/types.js'
import { systemClock } from '../../../src/shared/clock.js'
import { settleConsistency } from '../../support/local-cloud.js'
import { loadExample } from '../../support/manifests.js'

const OPTIONS = {
  instance: 'ecs-reconciler',
  revision: 'r1',
  prune: false,
  adopt: false,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}
const newEndpoint = (f: string, t: string) =>
  f.endsWith('ledger.yaml')
    ? t.replace(
        '          - port: 80\n            dnsName: ledger',
        '          - port: 8081\n            dnsName: ledger',
      )
    : t

let server: LocalCloud
let cloud: Cloud

async function plan(edit?: (f: string, t: string) => string): Promise<Plan> {
  const { set, graph } = loadExample(edit)
  return (await planPass(set, graph, cloud.readers, OPTIONS)).plan
}

/** One `apply` run; the next plan stands for a later run, once AWS's read-after-write lag has passed. */
async function execute(p: Plan, stopAfter?: string) {
  const interrupt = new AbortController()
  const results = await executePlan(p, {
    readers: cloud.readers,
    writers: cloud.writers!,
    clock: systemClock,
    signal: interrupt.signal,
    wait: true,
    timeoutMs: 30_000,
    pollMs: 50,
    concurrency: 8,
    allowReplace: false,
    onEvent: (e) => {
      if (e.type === 'action-done' && e.result.name === stopAfter) interrupt.abort()
    },
  })
  await settleConsistency()
  return results
}

async function storefrontTags(): Promise<Record<string, string>> {
  const [service] = await cloud.readers.ecs.describeServices('shop', ['storefront'])
  return service?.tags ?? {}
}

beforeAll(async () => {
  server = await startLocalCloud({
    timing: { taskStartSeconds: 0.1, drainSeconds: 0.1, namespaceCreateSeconds: 0.05 },
  })
  cloud = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
  const results = await execute(await plan())
  expect(results.every((r) => r.status === 'succeeded')).toBe(true)
}, 60_000)

afterAll(async () => {
  cloud.close()
  await server.close()
})

describe('owed redeploys', () => {
  it('a run interrupted after the backend changed leaves the client marked, and the next plan redeploys it', async () => {
    const first = await plan(newEndpoint)
    expect(first.actions.find((a) => a.name === 'storefront')?.action).toBe('redeploy')
    const results = await execute(first, 'ledger')
    expect(results.find((r) => r.name === 'ledger')?.status).toBe('succeeded')
    expect(results.find((r) => r.name === 'storefront')?.status).toBe('skipped')
    expect((await storefrontTags())[TAG_REDEPLOY_PENDING]).toBe('ledger')

    // The backend change is done: only the mark tells that storefront still needs new tasks.
    const next = await plan(newEndpoint)
    const storefront = next.actions.find((a) => a.name === 'storefront')
    expect(next.actions.filter((a) => a.action !== 'noop').map((a) => a.name)).toEqual(['storefront'])
    expect(storefront?.action).toBe('redeploy')
    expect(storefront?.reasons.join(' ')).toMatch(
      /still owed after the Service Connect endpoints of ledger changed/,
    )
    expect(storefront?.diff).toEqual([])

    const paid = await execute(next)
    expect(paid.map((r) => `${r.name}:${r.status}`)).toEqual(['storefront:succeeded'])
    expect((await storefrontTags())[TAG_REDEPLOY_PENDING]).toBeUndefined()
    expect(countChanges(await plan(newEndpoint))).toBe(0)
  }, 60_000)

  it('a run that completes leaves no mark behind', async () => {
    const back = await plan()
    expect(back.actions.find((a) => a.name === 'storefront')?.action).toBe('redeploy')
    const results = await execute(back)
    expect(results.every((r) => r.status === 'succeeded')).toBe(true)
    expect((await storefrontTags())[TAG_REDEPLOY_PENDING]).toBeUndefined()
    expect(countChanges(await plan())).toBe(0)
  }, 60_000)
})
