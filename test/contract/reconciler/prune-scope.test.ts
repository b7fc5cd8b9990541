/**
 * Prune scope (docs/reconciling.md): an instance owns one manifest set, and its candidates are the
 * resources of every kind tagged with that instance in the region — services in any cluster, found
 * through their tags (Resource Groups Tagging API GetResources), not only the clusters the manifests
 * name. Another instance's resources, and untagged ones, are never candidates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TAG_MANAGED_BY, TAG_RESOURCE } from '../../../src/reconciler/ownership.js'
import { settleConsistency } from '../../support/local-cloud.js'
import { applyExample, startHarness, type Harness } from '../../support/reconciler-harness.js'

let h: Harness

async function strayService(cluster: string, name: string, owner: string | undefined): Promise<void> {
  const ecs = h.cloud.writers!.ecs
  const td = await ecs.registerTaskDefinition(
    {
      family: name,
      cpu: '256',
      memory: '512',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      containerDefinitions: [{ name: 'app', image: 'busybox' }],
    },
    {},
  )
  const tags = owner ? { [TAG_MANAGED_BY]: owner, [TAG_RESOURCE]: `Service/${name}` } : {}
  await ecs.createService({
    cluster,
    serviceName: name,
    taskDefinition: td.arn,
    desiredCount: 0,
    launchType: 'FARGATE',
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
    tags,
  })
}

beforeAll(async () => {
  h = await startHarness()
  expect(await applyExample(h)).toEqual([])
  await h.cloud.writers!.ecs.createCluster({ name: 'elsewhere' })
  await strayService('elsewhere', 'forgotten', 'ecs-reconciler')
  await strayService('elsewhere', 'theirs', 'another-team')
  await strayService('shop', 'handmade', undefined)
  await settleConsistency()
}, 60_000)

afterAll(() => h.close())

describe('prune scope', () => {
  it('finds our services in clusters the manifests do not name, and nobody else’s', async () => {
    const plan = await h.plan(undefined, { prune: true })
    expect(plan.prune.candidates).toEqual(['Service/elsewhere/forgotten'])
    expect(plan.actions.filter((a) => a.action === 'delete').map((a) => a.id)).toEqual([
      'Service/elsewhere/forgotten',
    ])
  })

  it('warns about it without --prune', async () => {
    const plan = await h.plan()
    expect(plan.actions.filter((a) => a.action === 'delete')).toEqual([])
    expect(plan.warnings.join('\n')).toContain('Service/elsewhere/forgotten')
  })
})
