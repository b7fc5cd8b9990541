/**
 * The tagging reader against the local cloud: finds this instance's resources by tag across
 * clusters through GetResources
 * (https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html),
 * pages at 100, is a read for the read-only guard, and translates errors.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import { CloudError, type Cloud } from '../../../src/cloud/ports/index.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true'

const OWNER = 'ecs-reconciler:managed-by'
const serviceArn = (cluster: string, name: string): string =>
  `arn:aws:ecs:us-east-1:123456789012:service/${cluster}/${name}`

const TD = {
  family: 'web',
  cpu: '256',
  memory: '512',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  containerDefinitions: [{ name: 'app', image: 'nginx:1' }],
}

let server: LocalCloud
let cloud: Cloud
beforeEach(async () => {
  server = await startLocalCloud({
    clock: 'manual',
    timing: { taskStartSeconds: 5, drainSeconds: 5, namespaceCreateSeconds: 1 },
  })
  cloud = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
  const w = cloud.writers!
  for (const name of ['blue', 'green']) await w.ecs.createCluster({ name, tags: { [OWNER]: 'a' } })
})
afterEach(async () => {
  cloud.close()
  await server.close()
})

async function services(
  cluster: string,
  names: readonly string[],
  tags: Record<string, string>,
): Promise<void> {
  const w = cloud.writers!
  const td = await w.ecs.registerTaskDefinition(TD, { [OWNER]: 'a' })
  for (const serviceName of names) {
    await w.ecs.createService({
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
      cluster,
      serviceName,
      taskDefinition: td.arn,
      desiredCount: 0,
      tags,
    })
  }
}

const calls = (before: Record<string, number>): number =>
  (server.requestCount()['ResourceGroupsTaggingAPI.GetResources'] ?? 0) -
  (before['ResourceGroupsTaggingAPI.GetResources'] ?? 0)

describe('tagging reader', () => {
  it("finds exactly one instance's services, in every cluster, with all their tags", async () => {
    await services('blue', ['api'], { [OWNER]: 'a', 'ecs-reconciler:resource': 'Service/api' })
    await services('green', ['worker'], { [OWNER]: 'a', 'ecs-reconciler:resource': 'Service/worker' })
    await services('green', ['other'], { [OWNER]: 'b', 'ecs-reconciler:resource': 'Service/other' })
    const found = await cloud.readers.tagging.findTagged(OWNER, 'a', ['ecs:service'])
    expect(found.sort((x, y) => x.arn.localeCompare(y.arn))).toEqual([
      { arn: serviceArn('blue', 'api'), tags: { [OWNER]: 'a', 'ecs-reconciler:resource': 'Service/api' } },
      {
        arn: serviceArn('green', 'worker'),
        tags: { [OWNER]: 'a', 'ecs-reconciler:resource': 'Service/worker' },
      },
    ])
    expect((await cloud.readers.tagging.findTagged(OWNER, 'b', ['ecs:service'])).map((r) => r.arn)).toEqual([
      serviceArn('green', 'other'),
    ])
  })

  it('follows the PaginationToken: 150 matches take two calls of 100', async () => {
    const names = Array.from({ length: 150 }, (_, i) => `s${i}`)
    await services('blue', names.slice(0, 75), { [OWNER]: 'a' })
    await services('green', names.slice(75), { [OWNER]: 'a' })
    const before = server.requestCount()
    const found = await cloud.readers.tagging.findTagged(OWNER, 'a', ['ecs:service'])
    expect(calls(before)).toBe(2)
    expect(new Set(found.map((r) => r.arn)).size).toBe(150)
    expect(found.map((r) => r.arn)).toContain(serviceArn('green', 's149'))
  })

  it('honours resource types; an empty list means every type', async () => {
    await services('blue', ['api'], { [OWNER]: 'a' })
    const arns = async (types: readonly string[]) =>
      (await cloud.readers.tagging.findTagged(OWNER, 'a', types)).map((r) => r.arn).sort()
    expect(await arns(['ecs:cluster'])).toEqual([
      'arn:aws:ecs:us-east-1:123456789012:cluster/blue',
      'arn:aws:ecs:us-east-1:123456789012:cluster/green',
    ])
    expect(await arns(['ecs:service', 'ecs:task-definition'])).toEqual([
      serviceArn('blue', 'api'),
      'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
    ])
    expect(await arns(['servicediscovery:namespace'])).toEqual([])
    expect(await arns([])).toHaveLength(4)
  })

  it('runs in read-only mode: GetResources is a read for the guard', async () => {
    await services('blue', ['api'], { [OWNER]: 'a' })
    const readOnly = createAwsCloud({ readOnly: true, endpoint: server.endpoint, region: 'us-east-1' })
    try {
      expect(
        (await readOnly.readers.tagging.findTagged(OWNER, 'a', ['ecs:service'])).map((r) => r.arn),
      ).toEqual([serviceArn('blue', 'api')])
      expect(readOnly.stats.snapshot()).toEqual({ 'ResourceGroupsTaggingAPI.GetResources': { ok: 1 } })
    } finally {
      readOnly.close()
    }
  })

  it('translates errors into CloudError: a refused parameter is terminal, a 5xx retryable', async () => {
    const refused = await cloud.readers.tagging
      .findTagged(OWNER, 'a', ['ecs:service:bad'])
      .catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(CloudError)
    expect(refused).toMatchObject({
      awsCode: 'InvalidParameterException',
      retryable: false,
      httpStatus: 400,
      operation: 'ResourceGroupsTaggingAPI.GetResources',
    })

    const failing = await startLocalCloud({ faults: { serverErrorRate: 1 } })
    const flaky = createAwsCloud({
      readOnly: true,
      endpoint: failing.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
    })
    try {
      const err = await flaky.readers.tagging.findTagged(OWNER, 'a', []).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(CloudError)
      expect(err).toMatchObject({
        retryable: true,
        httpStatus: 500,
        operation: 'ResourceGroupsTaggingAPI.GetResources',
      })
    } finally {
      flaky.close()
      await failing.close()
    }
  })

  it.each(['AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API', 'AWS_ENDPOINT_URL'])(
    'reaches an endpoint given only by %s (the SDK configuration chain)',
    async (variable) => {
      await services('blue', ['api'], { [OWNER]: 'a' })
      const saved = { ...process.env }
      Object.assign(process.env, {
        [variable]: server.endpoint,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      })
      const configured = createAwsCloud({ readOnly: true, region: 'us-east-1' })
      try {
        expect(
          (await configured.readers.tagging.findTagged(OWNER, 'a', ['ecs:service'])).map((r) => r.arn),
        ).toEqual([serviceArn('blue', 'api')])
      } finally {
        configured.close()
        for (const key of [variable, 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
          if (saved[key] === undefined) delete process.env[key]
          else process.env[key] = saved[key]
        }
      }
    },
  )
})

describe('findTagged with a second key', () => {
  it('asks 20 values a call (the limit per key) and returns only resources with both tags', async () => {
    const w = cloud.writers!
    const hashes = Array.from({ length: 45 }, (_, i) => `h${i}`)
    for (const [i, hash] of ['h3', 'h30', 'h44', 'h99'].entries()) {
      await w.ecs.registerTaskDefinition({ ...TD, family: `f${i}` }, { [OWNER]: 'a', hash })
    }
    await w.ecs.registerTaskDefinition({ ...TD, family: 'other' }, { [OWNER]: 'b', hash: 'h3' })
    const before = server.requestCount()
    const found = await cloud.readers.tagging.findTagged(OWNER, 'a', ['ecs:task-definition'], {
      key: 'hash',
      values: hashes,
    })
    expect(calls(before)).toBe(3)
    expect(found.map((r) => r.tags['hash']).sort()).toEqual(['h3', 'h30', 'h44'])
  })
})
