/**
 * The ECS adapter's half of idempotent writes, against the local cloud: CreateService carries the
 * caller's clientToken, and a family's ACTIVE revisions are listed with their tags (to find an
 * identical revision by a content-hash tag, and the ones retention may deregister).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { Cloud, TaskDefinitionContent } from '../../../src/cloud/ports/index.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'

let server: LocalCloud
let cloud: Cloud
beforeEach(async () => {
  server = await startLocalCloud({ clock: 'manual' })
  cloud = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
})
afterEach(async () => {
  cloud.close()
  await server.close()
})

const td = (family: string, image = 'nginx:1'): TaskDefinitionContent => ({
  family,
  cpu: '256',
  memory: '512',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  containerDefinitions: [{ name: 'app', image }],
})

describe('CreateService with a clientToken', () => {
  it('a repeated create with the same token returns the first service instead of failing', async () => {
    const w = cloud.writers!
    await w.ecs.createCluster({ name: 'shop' })
    const revision = await w.ecs.registerTaskDefinition(td('web'), {})
    const input = {
      cluster: 'shop',
      serviceName: 'web',
      taskDefinition: revision.arn,
      desiredCount: 1,
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
      tags: { a: 'b' },
      clientToken: 'web-create-1',
    }
    const first = await w.ecs.createService(input)
    const again = await w.ecs.createService(input)
    expect(again.arn).toBe(first.arn)
    expect(await cloud.readers.ecs.listServiceArns('shop')).toEqual([first.arn])
    const changed = await w.ecs.createService({ ...input, desiredCount: 2 }).catch((e: unknown) => e)
    expect(changed).toMatchObject({ awsCode: 'InvalidParameterException' })
  })
})

describe('listTaskDefinitionRevisions', () => {
  it("lists exactly the family's ACTIVE revisions, oldest first, with their tags, across pages", async () => {
    const w = cloud.writers!
    for (let i = 1; i <= 103; i++) {
      await w.ecs.registerTaskDefinition(td('web', `nginx:${i}`), { 'ecs-reconciler:content-hash': `h${i}` })
    }
    await w.ecs.registerTaskDefinition(td('web-admin'), { other: 'family' })
    await w.ecs.deregisterTaskDefinition('arn:aws:ecs:us-east-1:123456789012:task-definition/web:2')
    const revisions = await cloud.readers.ecs.listTaskDefinitionRevisions('web')
    expect(revisions).toHaveLength(102)
    expect(revisions.map((r) => r.revision).slice(0, 3)).toEqual([1, 3, 4])
    expect(revisions[0]).toEqual({
      arn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
      revision: 1,
      tags: { 'ecs-reconciler:content-hash': 'h1' },
    })
    expect(revisions.at(-1)?.tags).toEqual({ 'ecs-reconciler:content-hash': 'h103' })
    expect(server.requestCount()['ECS.ListTaskDefinitions']).toBe(2)
    expect(await cloud.readers.ecs.listTaskDefinitionRevisions('nothing')).toEqual([])
    // A cloud that registered nothing reads the tags from ECS (DescribeTaskDefinition with TAGS).
    const fresh = createAwsCloud({ readOnly: true, endpoint: server.endpoint, region: 'us-east-1' })
    expect(await fresh.readers.ecs.listTaskDefinitionRevisions('web')).toEqual(revisions)
    fresh.close()
  })
})
