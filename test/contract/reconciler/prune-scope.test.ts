/**
 * Prune scope (product.md §2): an instance owns one manifest set, and its candidates are the
 * resources of every kind tagged with that instance in the region — services in any cluster, found
 * through their tags (Resource Groups Tagging API GetResources), not only the clusters the manifests
 * name. Another instance's resources, and untagged ones, are never candidates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { Cloud } from '../../../src/cloud/ports/index.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { executePlan } from '../../../src/reconciler/execute/executor.js'
import { TAG_MANAGED_BY, TAG_RESOURCE } from '../../../src/reconciler/ownership.js'
import { planPass } from '../../../src/reconciler/pass.js'
import { systemClock } from '../../../src/shared/clock.js'
import { loadExample } from '../../support/manifests.js'

const OPTIONS = { instance: 'ecs-reconciler', revision: 'r1', prune: false, adopt: false, maxDeletes: 5, force: false, manifestsFailed: false }

let server: LocalCloud
let cloud: Cloud

async function strayService(cluster: string, name: string, owner: string | undefined): Promise<void> {
  const ecs = cloud.writers!.ecs
  const td = await ecs.registerTaskDefinition({ family: name, cpu: '256', memory: '512', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], containerDefinitions: [{ name: 'app', image: 'busybox' }] }, {})
  const tags = owner ? { [TAG_MANAGED_BY]: owner, [TAG_RESOURCE]: `Service/${name}` } : {}
  await ecs.createService({ cluster, serviceName: name, taskDefinition: td.arn, desiredCount: 0, launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } }, tags })
}

beforeAll(async () => {
  server = await startLocalCloud({ timing: { taskStartSeconds: 0.1, drainSeconds: 0.1, namespaceCreateSeconds: 0.05 } })
  cloud = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
  const { set, graph } = loadExample()
  const { plan } = await planPass(set, graph, cloud.readers, OPTIONS)
  const results = await executePlan(plan, { readers: cloud.readers, writers: cloud.writers!, clock: systemClock, wait: true, timeoutMs: 30_000, pollMs: 50, concurrency: 8, allowReplace: false })
  expect(results.filter((r) => r.status !== 'succeeded')).toEqual([])
  await cloud.writers!.ecs.createCluster({ name: 'elsewhere' })
  await strayService('elsewhere', 'forgotten', 'ecs-reconciler')
  await strayService('elsewhere', 'theirs', 'another-team')
  await strayService('shop', 'handmade', undefined)
}, 60_000)

afterAll(async () => {
  cloud.close()
  await server.close()
})

describe('prune scope', () => {
  it('finds our services in clusters the manifests do not name, and nobody else’s', async () => {
    const { set, graph } = loadExample()
    const { plan } = await planPass(set, graph, cloud.readers, { ...OPTIONS, prune: true })
    expect(plan.prune.candidates).toEqual(['Service/elsewhere/forgotten'])
    expect(plan.actions.filter((a) => a.action === 'delete').map((a) => a.id)).toEqual(['Service/elsewhere/forgotten'])
  })

  it('warns about it without --prune', async () => {
    const { set, graph } = loadExample()
    const { plan } = await planPass(set, graph, cloud.readers, OPTIONS)
    expect(plan.actions.filter((a) => a.action === 'delete')).toEqual([])
    expect(plan.warnings.join('\n')).toContain('Service/elsewhere/forgotten')
  })
})
