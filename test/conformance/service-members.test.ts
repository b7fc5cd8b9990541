/**
 * CreateService/UpdateService members the manifests pass through (serviceRegistries, enableECSManagedTags),
 * as the ECS API reference documents them, on the target of this run: DescribeServices reports what
 * CreateService was given (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html),
 * and UpdateService removes the registries with an empty list ("You can remove existing
 * serviceRegistries by passing an empty list",
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTarget, uniqueName, type Target } from './target.js'

let t: Target
beforeAll(async () => {
  t = await openTarget()
})
afterAll(async () => {
  await t?.close()
})

const REGISTRY = {
  registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-0123456789abcdef',
  containerName: 'app',
  containerPort: 80,
}

/** A Fargate service with one Cloud Map registry; its cluster and name. */
async function serviceWithRegistry(base: string) {
  const cluster = uniqueName(base)
  const w = t.cloud.writers!.ecs
  await w.createCluster({ name: cluster })
  const td = await w.registerTaskDefinition(
    {
      family: uniqueName(base),
      cpu: '256',
      memory: '512',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      containerDefinitions: [
        { name: 'app', image: 'public.ecr.aws/nginx/nginx:1.27', portMappings: [{ containerPort: 80 }] },
      ],
    },
    {},
  )
  const net = await t.network()
  await w.createService({
    cluster,
    serviceName: 'web',
    taskDefinition: td.arn,
    desiredCount: 0,
    launchType: 'FARGATE',
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: net.subnets,
        securityGroups: net.securityGroups,
        assignPublicIp: 'DISABLED',
      },
    },
    tags: {},
    serviceRegistries: [REGISTRY],
  })
  return cluster
}

const describeWeb = async (cluster: string) =>
  (await t.cloud.readers.ecs.describeServices(cluster, ['web']))[0]

describe('service members', () => {
  it('DescribeServices reports the service registry CreateService was given', async () => {
    const cluster = await serviceWithRegistry('conf-registry')
    expect((await describeWeb(cluster))?.serviceRegistries).toEqual([REGISTRY])
  })

  it('UpdateService with an empty serviceRegistries list removes the registry', async () => {
    const cluster = await serviceWithRegistry('conf-registry-rm')
    await t.cloud.writers!.ecs.updateService({ cluster, service: 'web', serviceRegistries: [] })
    expect((await describeWeb(cluster))?.serviceRegistries ?? []).toEqual([])
  })
})
