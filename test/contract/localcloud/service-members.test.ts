/**
 * The local cloud keeps and reports the CreateService/UpdateService members as ECS does: service
 * registries, AZ rebalancing and managed tags on the service; volume and VPC Lattice configurations on
 * the deployment (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Service.html,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html), and refuses what the
 * API reference says ECS refuses.
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { errorOf, FARGATE_TASK, startWithClients, type Clients } from '../../support/local-cloud.js'

let c: Clients
beforeEach(async () => {
  c = await startWithClients()
  await c.ecs.send(new CreateClusterCommand({ clusterName: 'shop', capacityProviders: ['FARGATE'] }))
  await c.ecs.send(
    new RegisterTaskDefinitionCommand({
      ...FARGATE_TASK,
      volumes: [{ name: 'data', configuredAtLaunch: true }],
    }),
  )
})
afterEach(async () => c.close())

const ROLE = 'arn:aws:iam::123456789012:role/ecsInfrastructureRole'
const REGISTRY = {
  registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-0123456789abcdef',
}
const VOLUME = { name: 'data', managedEBSVolume: { roleArn: ROLE, sizeInGiB: 30 } }
const create = (extra: Record<string, unknown> = {}) =>
  c.ecs.send(
    new CreateServiceCommand({
      cluster: 'shop',
      serviceName: 'web',
      taskDefinition: 'web:1',
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
      ...extra,
    }),
  )
const describeWeb = async () =>
  (await c.ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: ['web'] }))).services?.[0]

describe('CreateService members, as DescribeServices reports them', () => {
  it('registries, AZ rebalancing and managed tags on the service; the EBS volume on the deployment only', async () => {
    await create({
      serviceRegistries: [REGISTRY],
      enableECSManagedTags: true,
      volumeConfigurations: [VOLUME],
    })
    const live = await describeWeb()
    expect(live?.serviceRegistries).toEqual([REGISTRY])
    expect(live?.enableECSManagedTags).toBe(true)
    // "For create service requests, when no value is specified … Amazon ECS defaults the value to ENABLED."
    expect(live?.availabilityZoneRebalancing).toBe('ENABLED')
    expect(live).not.toHaveProperty('volumeConfigurations')
    expect(live?.deployments?.[0]?.volumeConfigurations).toEqual([VOLUME])
  })

  it('an empty list removes the registries (UpdateService: "You can remove existing serviceRegistries by passing an empty list")', async () => {
    await create({ serviceRegistries: [REGISTRY] })
    await c.ecs.send(new UpdateServiceCommand({ cluster: 'shop', service: 'web', serviceRegistries: [] }))
    expect((await describeWeb())?.serviceRegistries).toEqual([])
  })

  it('refuses a second registry: "Multiple service registries for each service isn\'t supported"', async () => {
    const err = await errorOf(create({ serviceRegistries: [REGISTRY, REGISTRY] }))
    expect(err.name).toBe('InvalidParameterException')
  })

  it('refuses a volume configuration that names no volume configured at launch (API_ServiceVolumeConfiguration)', async () => {
    const err = await errorOf(create({ volumeConfigurations: [{ ...VOLUME, name: 'logs' }] }))
    expect(err.name).toBe('InvalidParameterException')
    expect(err.message).toContain('logs')
  })
})
