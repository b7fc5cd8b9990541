/** The AWS adapters against the local cloud: fewest calls, caching, translation, and the read-only guard. */
import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Semaphore } from '../../../src/shared/concurrency.js'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import { installMiddleware } from '../../../src/cloud/aws/middleware.js'
import { CallCounter } from '../../../src/cloud/aws/call-stats.js'
import { CloudError, type Cloud } from '../../../src/cloud/ports/index.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { clientConfig } from '../../support/local-cloud.js'

let server: LocalCloud
let cloud: Cloud
beforeEach(async () => {
  server = await startLocalCloud({
    clock: 'manual',
    timing: { taskStartSeconds: 5, drainSeconds: 5, namespaceCreateSeconds: 1 },
  })
  cloud = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
})
afterEach(async () => {
  cloud.close()
  await server.close()
})

const TD = {
  family: 'web',
  cpu: '256',
  memory: '512',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  containerDefinitions: [
    {
      name: 'app',
      image: 'nginx:1',
      portMappings: [{ name: 'http', containerPort: 80, appProtocol: 'http' }],
      environment: [{ name: 'A', value: '1' }],
    },
  ],
}

describe('ECS adapter', () => {
  it('reads 120 services with 2 ListServices and 12 DescribeServices calls', async () => {
    const w = cloud.writers!
    await w.ecs.createCluster({ name: 'big' })
    const td = await w.ecs.registerTaskDefinition(TD, {})
    for (let i = 0; i < 120; i++) {
      await w.ecs.createService({
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
        cluster: 'big',
        serviceName: `s${i}`,
        taskDefinition: td.arn,
        desiredCount: 0,
        tags: {},
      })
    }
    const before = server.requestCount()
    const arns = await cloud.readers.ecs.listServiceArns('big')
    const services = await cloud.readers.ecs.describeServices('big', arns)
    const after = server.requestCount()
    expect(services).toHaveLength(120)
    expect((after['ECS.ListServices'] ?? 0) - (before['ECS.ListServices'] ?? 0)).toBe(2)
    expect((after['ECS.DescribeServices'] ?? 0) - (before['ECS.DescribeServices'] ?? 0)).toBe(12)
  })

  it('caches task definitions by ARN: a second describe makes no call', async () => {
    const td = await cloud.writers!.ecs.registerTaskDefinition(TD, { k: 'v' })
    expect(td.revision).toBe(1)
    const fresh = createAwsCloud({ readOnly: true, endpoint: server.endpoint, region: 'us-east-1' })
    const first = await fresh.readers.ecs.describeTaskDefinition(td.arn)
    const second = await fresh.readers.ecs.describeTaskDefinition(td.arn)
    expect(second).toBe(first)
    expect(first?.tags).toEqual({ k: 'v' })
    expect(first?.containerDefinitions[0]?.portMappings?.[0]).toMatchObject({
      name: 'http',
      appProtocol: 'http',
      hostPort: 80,
      protocol: 'tcp',
    })
    expect(fresh.stats.snapshot()['ECS.DescribeTaskDefinition']).toEqual({ ok: 1 })
    expect(await fresh.readers.ecs.describeTaskDefinition('ghost')).toBeUndefined()
    fresh.close()
  })

  it('returns Service Connect from the primary deployment, tags, and omits unknown services', async () => {
    const w = cloud.writers!
    const { operationId } = await w.cloudMap.createHttpNamespace('shop', 'the shop', { team: 'a' })
    server.advance(2)
    expect((await cloud.readers.cloudMap.getOperation(operationId)).status).toBe('SUCCESS')
    await w.ecs.createCluster({ name: 'shop', capacityProviders: ['FARGATE'], tags: { t: '1' } })
    const td = await w.ecs.registerTaskDefinition(TD, {})
    await w.ecs.createService({
      cluster: 'shop',
      serviceName: 'web',
      taskDefinition: td.arn,
      desiredCount: 1,
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
      tags: { owner: 'me' },
      serviceConnectConfiguration: {
        enabled: true,
        namespace: 'shop',
        services: [{ portName: 'http', discoveryName: 'web', clientAliases: [{ port: 80, dnsName: 'web' }] }],
      },
    })
    const [svc, ...rest] = await cloud.readers.ecs.describeServices('shop', ['web', 'ghost'])
    expect(rest).toEqual([])
    expect(svc?.tags).toEqual({ owner: 'me' })
    expect(svc?.deployments[0]?.serviceConnectConfiguration?.services?.[0]).toEqual({
      portName: 'http',
      discoveryName: 'web',
      clientAliases: [{ port: 80, dnsName: 'web' }],
    })
    const namespaces = await cloud.readers.cloudMap.listNamespaces()
    expect(namespaces.map((n) => [n.name, n.tags])).toEqual([['shop', { team: 'a' }]])
    expect(await cloud.readers.cloudMap.listServiceNames(namespaces[0]!.id)).toEqual(['web'])
    expect((await cloud.readers.ecs.describeClusters(['shop', 'nope'])).get('shop')?.tags).toEqual({ t: '1' })
  })

  it('translates SDK errors into CloudError with the AWS code', async () => {
    const err = await cloud
      .writers!.ecs.updateService({ cluster: 'nope', service: 'x' })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CloudError)
    expect(err).toMatchObject({
      awsCode: 'ClusterNotFoundException',
      operation: 'ECS.UpdateService',
      retryable: false,
      httpStatus: 400,
    })
    expect(cloud.stats.snapshot()['ECS.UpdateService']).toEqual({ ClusterNotFoundException: 1 })
  })
})

describe('scaling and FIS adapters', () => {
  it('register, read back and remove scaling; FIS template lifecycle', async () => {
    const w = cloud.writers!
    await w.ecs.createCluster({ name: 'shop' })
    const td = await w.ecs.registerTaskDefinition(TD, {})
    await w.ecs.createService({
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
      cluster: 'shop',
      serviceName: 'web',
      taskDefinition: td.arn,
      desiredCount: 1,
      tags: {},
    })
    const id = 'service/shop/web'
    await w.scaling.registerScalableTarget({ resourceId: id, minCapacity: 2, maxCapacity: 5 }, { a: 'b' })
    await w.scaling.putTargetTrackingPolicy(id, {
      policyName: 'web-cpu',
      targetValue: 60,
      predefinedMetricType: 'ECSServiceAverageCPUUtilization',
      scaleInCooldown: 300,
      scaleOutCooldown: 300,
      disableScaleIn: false,
    })
    await w.scaling.putScheduledAction(id, {
      name: 'peak',
      schedule: 'cron(0 6 27 11 ? 2026)',
      timezone: 'UTC',
      minCapacity: 4,
    })
    const state = (await cloud.readers.scaling.describeScaling([id, 'service/shop/none'])).get(id)
    expect(state?.target).toMatchObject({ minCapacity: 2, maxCapacity: 5 })
    expect(state?.policies).toEqual([
      {
        policyName: 'web-cpu',
        targetValue: 60,
        predefinedMetricType: 'ECSServiceAverageCPUUtilization',
        scaleInCooldown: 300,
        scaleOutCooldown: 300,
        disableScaleIn: false,
      },
    ])
    expect(state?.scheduledActions).toEqual([
      { name: 'peak', schedule: 'cron(0 6 27 11 ? 2026)', timezone: 'UTC', minCapacity: 4 },
    ])
    await w.scaling.deregisterScalableTarget(id)
    expect((await cloud.readers.scaling.describeScaling([id])).size).toBe(0)

    const content = {
      description: 'chaos',
      roleArn: 'arn:aws:iam::123456789012:role/fis',
      stopConditions: [{ source: 'none' }],
      targets: {
        tasks: {
          resourceType: 'aws:ecs:task',
          selectionMode: 'COUNT(1)',
          parameters: { cluster: 'shop', service: 'web' },
        },
      },
      actions: { stop: { actionId: 'aws:ecs:stop-task', targets: { Tasks: 'tasks' } } },
    }
    const created = await w.fis.createExperimentTemplate(content, {
      'ecs-reconciler:resource': 'ChaosSchedule/x',
    })
    const listed = await cloud.readers.fis.listExperimentTemplates()
    expect(listed.map((t) => [t.id, t.actions])).toEqual([[created.id, content.actions]])
    await w.fis.updateExperimentTemplate(created.id, { ...content, description: 'changed' })
    const experiment = await w.fis.startExperiment(created.id, {})
    expect((await cloud.readers.fis.listExperiments(created.id)).map((e) => e.id)).toEqual([experiment.id])
    // A slot's run: the clientToken makes a second start return the same experiment; tags find it again.
    const slotTags = {
      'ecs-reconciler:chaos-schedule': 'x',
      'ecs-reconciler:chaos-slot': '2026-01-01T00:00:00Z',
    }
    const slotRun = await w.fis.startExperiment(created.id, slotTags, 'ecsr-token-1')
    expect((await w.fis.startExperiment(created.id, slotTags, 'ecsr-token-1')).id).toBe(slotRun.id)
    expect(
      (await cloud.readers.fis.listExperimentsTagged({ 'ecs-reconciler:chaos-schedule': 'x' })).map((e) => [
        e.id,
        e.tags,
      ]),
    ).toEqual([[slotRun.id, slotTags]])
    const stopping = await w.fis.stopExperiment(slotRun.id)
    expect(stopping.status).toBe('stopping')
    expect(await cloud.readers.fis.getExperiment(slotRun.id)).toMatchObject({
      id: slotRun.id,
      status: 'stopped',
      templateId: created.id,
    })
    expect(await cloud.readers.fis.getExperiment('EXPnone')).toBeUndefined()
    await w.fis.deleteExperimentTemplate(created.id)
    expect(await cloud.readers.fis.listExperimentTemplates()).toEqual([])
  })
})

describe('read-only guard', () => {
  it('a read-only cloud has no writers', () => {
    const readOnly = createAwsCloud({ readOnly: true, endpoint: server.endpoint, region: 'us-east-1' })
    expect(readOnly.writers).toBeUndefined()
    readOnly.close()
  })
  it('the middleware refuses a mutating command before it is sent, and lets reads through', async () => {
    const client = new ECSClient(clientConfig(server.endpoint))
    const counter = new CallCounter()
    installMiddleware(client.middlewareStack, 'ECS', {
      readOnly: true,
      counter,
      onCall: undefined,
      inFlight: new Semaphore(8),
    })
    const err = await client
      .send(new CreateClusterCommand({ clusterName: 'sneaky' }))
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CloudError)
    expect((err as CloudError).awsCode).toBe('ReadOnlyViolation')
    expect(server.requestCount()['ECS.CreateCluster']).toBeUndefined()
    const readOnly = createAwsCloud({ readOnly: true, endpoint: server.endpoint, region: 'us-east-1' })
    await readOnly.readers.ecs.describeClusters(['x'])
    expect(server.requestCount()['ECS.DescribeClusters']).toBe(1)
    expect(counter.snapshot()).toEqual({ 'ECS.CreateCluster': { ReadOnlyViolation: 1 } })
    readOnly.close()
    client.destroy()
  })
})
