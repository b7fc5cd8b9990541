/**
 * A cold plan (fresh clients, nothing cached) reads no task definition for a service whose
 * `ecs-reconciler:task-definition` tag records, for the revision its primary deployment runs, the
 * content the manifest renders; a revision changed behind our back is still read and shown.
 * Revisions are immutable (RegisterTaskDefinition API reference), so a revision and a content hash
 * recorded together stay true.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import { TAG_CONTENT_HASH, TAG_TASK_DEFINITION } from '../../../src/reconciler/ownership.js'
import { planPass } from '../../../src/reconciler/pass.js'
import { countChanges, type Plan } from '../../../src/reconciler/plan/types.js'
import { settleConsistency } from '../../support/local-cloud.js'
import { loadExample } from '../../support/manifests.js'
import {
  applyExample,
  PLAN_OPTIONS as OPTIONS,
  startHarness,
  type Harness,
} from '../../support/reconciler-harness.js'

let h: Harness

const freshCloud = () => createAwsCloud({ readOnly: true, endpoint: h.server.endpoint, region: 'us-east-1' })

async function coldPlan(): Promise<{ plan: Plan; describes: number }> {
  const cold = freshCloud()
  try {
    const { set, graph } = loadExample()
    const { plan } = await planPass(set, graph, cold.readers, OPTIONS)
    return { plan, describes: cold.stats.snapshot()['ECS.DescribeTaskDefinition']?.['ok'] ?? 0 }
  } finally {
    cold.close()
  }
}

beforeAll(async () => {
  h = await startHarness()
  expect(await applyExample(h)).toEqual([])
}, 60_000)

afterAll(() => h.close())

describe('cold pass', () => {
  it('records the revision and its content hash on services and revisions it registers', async () => {
    const [ledger] = await h.cloud.readers.ecs.describeServices('shop', ['ledger'])
    const revision = await h.cloud.readers.ecs.describeTaskDefinition(ledger!.taskDefinition)
    expect(ledger?.tags[TAG_TASK_DEFINITION]).toBe(
      `${ledger!.taskDefinition.split('/').pop()!}@${revision!.tags[TAG_CONTENT_HASH]!}`,
    )
  })

  it('reads no task definition when nothing drifted', async () => {
    const { plan, describes } = await coldPlan()
    expect(countChanges(plan)).toBe(0)
    expect(describes).toBe(0)
  })

  it('reads and shows a revision someone changed behind our back', async () => {
    const [ledger] = await h.cloud.readers.ecs.describeServices('shop', ['ledger'])
    const current = await h.cloud.readers.ecs.describeTaskDefinition(ledger!.taskDefinition)
    const { arn: _arn, revision: _rev, status: _status, tags: _tags, ...content } = current!
    const hacked = await h.cloud.writers!.ecs.registerTaskDefinition(
      {
        ...content,
        containerDefinitions: content.containerDefinitions.map((c) => ({
          ...c,
          image: 'evil/ledger:latest',
        })),
      },
      {},
    )
    await h.cloud.writers!.ecs.updateService({
      cluster: 'shop',
      service: 'ledger',
      taskDefinition: hacked.arn,
    })
    await settleConsistency()

    const { plan, describes } = await coldPlan()
    expect(describes).toBe(1)
    const action = plan.actions.find((a) => a.name === 'ledger')
    expect(action?.action).toBe('update')
    expect(action?.diff.map((c) => c.path)).toEqual(['taskDefinition.containers.app.image'])
  })
})
