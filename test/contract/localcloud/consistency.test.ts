/**
 * Eventual consistency in the local cloud (issue 11). The ECS API follows an eventual consistency
 * model: a command's result may not be visible at once to the commands after it (ECS API reference,
 * RunTask, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html); Application
 * Auto Scaling likewise after RegisterScalableTarget (aws-facts §6). With `consistencyLagMs`, reads
 * within the lag after a write see the state before it; writes act on the current state.
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  ListServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FARGATE_TASK, startWithClients, type Clients } from '../../support/local-cloud.js'

let c: Clients
afterEach(async () => c.close())

const network = { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } }
const describeWeb = async () =>
  c.ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: ['web'] }))

describe('with a consistency lag of 500 ms', () => {
  beforeEach(async () => {
    c = await startWithClients({ consistencyLagMs: 500 })
  })

  it('a created cluster and service are MISSING until the lag has passed, then visible', async () => {
    await c.ecs.send(new CreateClusterCommand({ clusterName: 'shop' }))
    expect(
      (await c.ecs.send(new DescribeClustersCommand({ clusters: ['shop'] }))).failures?.[0]?.reason,
    ).toBe('MISSING')
    // Writes act on the current state: a service can be created in the cluster no reader sees yet.
    await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
    await c.ecs.send(
      new CreateServiceCommand({
        cluster: 'shop',
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 1,
        networkConfiguration: network,
      }),
    )
    c.cloud.advance(0.5)
    expect(
      (await c.ecs.send(new DescribeClustersCommand({ clusters: ['shop'] }))).clusters?.[0]?.clusterName,
    ).toBe('shop')
    await c.ecs.send(
      new CreateServiceCommand({
        cluster: 'shop',
        serviceName: 'api',
        taskDefinition: 'web:1',
        desiredCount: 1,
        networkConfiguration: network,
      }),
    )
    c.cloud.advance(0.4)
    const within = await c.ecs.send(
      new DescribeServicesCommand({ cluster: 'shop', services: ['web', 'api'] }),
    )
    expect(within.services?.map((s) => s.serviceName)).toEqual(['web'])
    expect(within.failures?.map((f) => f.reason)).toEqual(['MISSING'])
    expect((await c.ecs.send(new ListServicesCommand({ cluster: 'shop' }))).serviceArns).toHaveLength(1)
    c.cloud.advance(0.1)
    expect(
      (await c.ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: ['web', 'api'] }))).services,
    ).toHaveLength(2)
    expect((await c.ecs.send(new ListServicesCommand({ cluster: 'shop' }))).serviceArns).toHaveLength(2)
  })

  it('an update shows the previous state within the lag; a second write inside it restarts the lag', async () => {
    await c.ecs.send(new CreateClusterCommand({ clusterName: 'shop' }))
    await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
    await c.ecs.send(
      new CreateServiceCommand({
        cluster: 'shop',
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 1,
        networkConfiguration: network,
      }),
    )
    c.cloud.advance(1)
    await c.ecs.send(new UpdateServiceCommand({ cluster: 'shop', service: 'web', desiredCount: 2 }))
    expect((await describeWeb()).services?.[0]?.desiredCount).toBe(1)
    c.cloud.advance(0.3)
    await c.ecs.send(new UpdateServiceCommand({ cluster: 'shop', service: 'web', desiredCount: 3 }))
    c.cloud.advance(0.3)
    expect((await describeWeb()).services?.[0]?.desiredCount).toBe(1)
    c.cloud.advance(0.2)
    expect((await describeWeb()).services?.[0]?.desiredCount).toBe(3)
  })
})

it('without a lag (the default) reads see every write at once', async () => {
  c = await startWithClients()
  await c.ecs.send(new CreateClusterCommand({ clusterName: 'shop' }))
  await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
  await c.ecs.send(
    new CreateServiceCommand({
      cluster: 'shop',
      serviceName: 'web',
      taskDefinition: 'web:1',
      desiredCount: 1,
      networkConfiguration: network,
    }),
  )
  expect((await describeWeb()).services?.[0]?.serviceName).toBe('web')
})
