/**
 * A service's monitoring is reported only by its service revision
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceRevision.html), never by
 * DescribeServices (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Service.html). A
 * pass reads revisions only for services whose manifest declares monitoring or that were last applied
 * with it, 20 a call (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceRevisions.html);
 * declaring, changing and removing it plan and apply the change, and then plan none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { CloudWriters, UpdateServiceInput } from '../../../src/cloud/ports/index.js'
import { TAG_MONITORING } from '../../../src/reconciler/ownership.js'
import { planPass } from '../../../src/reconciler/pass.js'
import { countChanges, type Plan } from '../../../src/reconciler/plan/types.js'
import { loadExample } from '../../support/manifests.js'
import {
  applyExample,
  PLAN_OPTIONS as OPTIONS,
  startHarness,
  type Harness,
} from '../../support/reconciler-harness.js'

let h: Harness

const monitoring = (seconds: number) => `  monitoring:
    metricConfigurations:
      - {metricNames: [CPUUtilization], resolutionSeconds: ${seconds}}
`
/** The example with ledger's manifest declaring `block` (nothing: unedited). */
const withLedger =
  (block: string) =>
  (file: string, text: string): string =>
    file.endsWith('ledger.yaml') ? text.replace('  desiredCount: 2\n', `  desiredCount: 2\n${block}`) : text

/** A plan from fresh clients (as `plan` makes it) and the DescribeServiceRevisions calls it made. */
async function coldPlan(
  edit?: (file: string, text: string) => string,
): Promise<{ plan: Plan; reads: number }> {
  const cold = createAwsCloud({ readOnly: true, endpoint: h.server.endpoint, region: 'us-east-1' })
  try {
    const { set, graph } = loadExample(edit)
    const { plan } = await planPass(set, graph, cold.readers, OPTIONS)
    return { plan, reads: cold.stats.snapshot()['ECS.DescribeServiceRevisions']?.['ok'] ?? 0 }
  } finally {
    cold.close()
  }
}

/** The writers, recording every UpdateService they send. */
function recording(): { writers: CloudWriters; updates: UpdateServiceInput[] } {
  const writers = h.cloud.writers!
  const updates: UpdateServiceInput[] = []
  const ecs = Object.create(writers.ecs) as CloudWriters['ecs']
  ecs.updateService = (input) => {
    updates.push(input)
    return writers.ecs.updateService(input)
  }
  return { writers: { ...writers, ecs }, updates }
}

const ledgerAction = (plan: Plan) => plan.actions.find((a) => a.id === 'Service/shop/ledger')

async function ledger() {
  const [service] = await h.cloud.readers.ecs.describeServices('shop', ['ledger'])
  const revisions = await h.cloud.readers.ecs.describeServiceRevisions(service?.currentServiceRevisions ?? [])
  const newest = [...revisions].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''))[0]
  return { tags: service?.tags ?? {}, monitoring: newest?.monitoring }
}

beforeAll(async () => {
  h = await startHarness()
  expect(await applyExample(h)).toEqual([])
}, 60_000)

afterAll(() => h.close())

describe('monitoring, read only where it was declared or applied', () => {
  it('a pass over services that never used monitoring makes no DescribeServiceRevisions call', async () => {
    const { plan, reads } = await coldPlan()
    expect(countChanges(plan)).toBe(0)
    expect(reads).toBe(0)
  })

  it('declaring it reads that one service revision and plans the change, which apply makes and marks', async () => {
    const { plan, reads } = await coldPlan(withLedger(monitoring(20)))
    expect(reads).toBe(1)
    expect(countChanges(plan)).toBe(1)
    expect(ledgerAction(plan)).toMatchObject({ action: 'update', diff: [{ path: 'monitoring' }] })
    const { writers, updates } = recording()
    expect((await h.execute(plan, { writers })).filter((r) => r.status !== 'succeeded')).toEqual([])
    // Only a new revision records it (service-revision.html): the change starts a deployment.
    expect(updates).toMatchObject([
      {
        service: 'ledger',
        forceNewDeployment: true,
        monitoring: { metricConfigurations: [{ metricNames: ['CPUUtilization'], resolutionSeconds: 20 }] },
      },
    ])
    const live = await ledger()
    expect(live.monitoring).toEqual({
      metricConfigurations: [{ metricNames: ['CPUUtilization'], resolutionSeconds: 20 }],
    })
    expect(live.tags[TAG_MONITORING]).toBeDefined()
    expect(countChanges((await coldPlan(withLedger(monitoring(20)))).plan)).toBe(0)
  }, 30_000)

  it('a metric written out at the default 60 s is no change; at 20 s it is', async () => {
    const both = (memory: number) => `  monitoring:
    metricConfigurations:
      - {metricNames: [CPUUtilization], resolutionSeconds: 20}
      - {metricNames: [MemoryUtilization], resolutionSeconds: ${memory}}
`
    expect(countChanges((await coldPlan(withLedger(both(60)))).plan)).toBe(0)
    const { plan } = await coldPlan(withLedger(both(20)))
    expect(ledgerAction(plan)?.diff.map((c) => c.path)).toEqual(['monitoring.MemoryUtilization'])
  })

  it('removing it from the manifest still reads the marked service and plans clearing it', async () => {
    const { plan, reads } = await coldPlan()
    expect(reads).toBe(1)
    expect(ledgerAction(plan)).toMatchObject({ action: 'update', diff: [{ path: 'monitoring' }] })
    const { writers, updates } = recording()
    expect((await h.execute(plan, { writers })).filter((r) => r.status !== 'succeeded')).toEqual([])
    // Omitted would mean "no change" (API_UpdateService): the clear is explicit.
    expect(updates).toMatchObject([
      { service: 'ledger', forceNewDeployment: true, monitoring: { metricConfigurations: [] } },
    ])
    const live = await ledger()
    expect(live.monitoring?.metricConfigurations ?? []).toEqual([])
    expect(live.tags[TAG_MONITORING]).toBeUndefined()
    const after = await coldPlan()
    expect(countChanges(after.plan)).toBe(0)
    expect(after.reads).toBe(0)
  }, 30_000)
})

describe('DescribeServiceRevisions batching', () => {
  it('reads 45 ARNs in three calls of at most 20', async () => {
    const cold = createAwsCloud({ readOnly: true, endpoint: h.server.endpoint, region: 'us-east-1' })
    try {
      const arns = Array.from(
        { length: 45 },
        (_, i) => `arn:aws:ecs:us-east-1:123456789012:service-revision/shop/none/${i}`,
      )
      expect(await cold.readers.ecs.describeServiceRevisions(arns)).toEqual([])
      expect(cold.stats.snapshot()['ECS.DescribeServiceRevisions']).toEqual({ ok: 3 })
    } finally {
      cold.close()
    }
  })
})
