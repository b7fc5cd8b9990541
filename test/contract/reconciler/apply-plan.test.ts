/**
 * `applyPlan`, the one way `apply` and the daemon carry out a plan: with verify on, a service whose
 * execution role does not exist is held `blocked` and nothing is created; with verify off it is
 * created. On the embedded local cloud, through the real SDK clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { Cloud } from '../../../src/cloud/ports/index.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { validateFiles } from '../../../src/manifest/validate.js'
import { applyPlan } from '../../../src/reconciler/apply-plan.js'
import { planPass } from '../../../src/reconciler/pass.js'
import { systemClock } from '../../../src/shared/clock.js'
import { serviceManifest } from '../../support/manifests.js'
import { ROUND_TRIP_OPTIONS } from '../../support/round-trip-clouds.js'

let server: LocalCloud
let cloud: Cloud
beforeAll(async () => {
  // Reads right after the writes: no modelled consistency lag here.
  server = await startLocalCloud({
    timing: { taskStartSeconds: 0.05, drainSeconds: 0.05 },
    consistencyLagMs: 0,
  })
  cloud = createAwsCloud({
    readOnly: false,
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  })
})
afterAll(async () => {
  cloud.close()
  await server.close()
})

const SETTINGS = { wait: false, timeoutMs: 30_000, pollMs: 50, concurrency: 4, allowReplace: false }

async function applyService(name: string, verify: boolean) {
  const text = serviceManifest({
    task: 'executionRoleArn: arn:aws:iam::123456789012:role/no-such-role',
  })
    .replace('metadata: {name: web}', `metadata: {name: ${name}}`)
    // The local cloud's default VPC (docs/local-cloud.md): ECS refuses subnets that do not exist.
    .replace('subnets: [subnet-1]', 'subnets: [subnet-0a1b2c3d4e5f60001]')
  const cluster = 'apiVersion: ecs-reconciler/v1alpha1\nkind: Cluster\nmetadata: {name: default}\nspec: {}\n'
  const loaded = validateFiles([
    { file: 'cluster.yaml', text: cluster },
    { file: `${name}.yaml`, text },
  ])
  expect(loaded.ok).toBe(true)
  const { plan } = await planPass(loaded.set, loaded.graph, cloud.readers, {
    ...ROUND_TRIP_OPTIONS,
    adopt: false,
  })
  const results = await applyPlan(
    plan,
    loaded.set,
    { readers: cloud.readers, writers: cloud.writers!, account: cloud.account, region: cloud.region },
    { ...SETTINGS, verify },
    { clock: systemClock },
  )
  return results.find((r) => r.kind === 'Service')
}

describe('applyPlan', () => {
  it('holds a service whose execution role does not exist, with verify on, and creates nothing', async () => {
    const result = await applyService('held', true)
    expect(result?.status).toBe('blocked')
    expect(result?.verify?.map((c) => c.check)).toContain('execution role')
    expect(await cloud.readers.ecs.describeServices('default', ['held'])).toEqual([])
  })

  it('creates it with verify off', async () => {
    const result = await applyService('unchecked', false)
    expect(result?.status).toBe('succeeded')
    expect((await cloud.readers.ecs.describeServices('default', ['unchecked'])).map((s) => s.name)).toEqual([
      'unchecked',
    ])
  })
})
