/** Local cloud conformance for ECS, through @aws-sdk/client-ecs (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/Welcome.html). */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionFamiliesCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  PutClusterCapacityProvidersCommand,
  RegisterTaskDefinitionCommand,
  StopTaskCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateClusterCommand,
  UpdateServiceCommand,
  DeleteClusterCommand,
} from '@aws-sdk/client-ecs'
import {
  CreateHttpNamespaceCommand,
  ListServicesCommand as ListSdServicesCommand,
} from '@aws-sdk/client-servicediscovery'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { errorOf, FARGATE_TASK, startWithClients, type Clients } from '../../support/local-cloud.js'

let c: Clients
beforeEach(async () => {
  c = await startWithClients()
  await c.ecs.send(
    new CreateClusterCommand({
      clusterName: 'shop',
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      tags: [{ key: 'team', value: 'a' }],
    }),
  )
})
afterEach(async () => c.close())

const network = { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } }
const describeOne = async (name: string) =>
  (await c.ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: [name], include: ['TAGS'] })))
    .services?.[0]

async function namespace(name = 'shop'): Promise<void> {
  await c.sd.send(new CreateHttpNamespaceCommand({ Name: name }))
  c.cloud.advance(10)
}

describe('clusters', () => {
  it('create, describe with tags and settings, MISSING for unknown, update, capacity providers, delete', async () => {
    const out = await c.ecs.send(
      new DescribeClustersCommand({ clusters: ['shop', 'nope'], include: ['TAGS', 'SETTINGS'] }),
    )
    expect(out.clusters?.[0]).toMatchObject({
      clusterName: 'shop',
      status: 'ACTIVE',
      clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/shop',
      tags: [{ key: 'team', value: 'a' }],
    })
    expect(out.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/nope', reason: 'MISSING' },
    ])
    await c.ecs.send(
      new UpdateClusterCommand({
        cluster: 'shop',
        settings: [{ name: 'containerInsights', value: 'enabled' }],
      }),
    )
    await c.ecs.send(
      new PutClusterCapacityProvidersCommand({
        cluster: 'shop',
        capacityProviders: ['FARGATE'],
        defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
      }),
    )
    const after = (
      await c.ecs.send(new DescribeClustersCommand({ clusters: ['shop'], include: ['SETTINGS'] }))
    ).clusters?.[0]
    expect(after?.settings).toEqual([{ name: 'containerInsights', value: 'enabled' }])
    expect(after?.defaultCapacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE', weight: 1, base: 0 },
    ])
    const bad = await errorOf(
      c.ecs.send(
        new PutClusterCapacityProvidersCommand({
          cluster: 'shop',
          capacityProviders: ['FARGATE'],
          defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
        }),
      ),
    )
    expect(bad.name).toBe('InvalidParameterException')
    await c.ecs.send(new DeleteClusterCommand({ cluster: 'shop' }))
    expect(
      (await c.ecs.send(new DescribeClustersCommand({ clusters: ['shop'] }))).failures?.[0]?.reason,
    ).toBe('MISSING')
  })
  it('a service in an unknown cluster is ClusterNotFoundException', async () => {
    const td = await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
    const err = await errorOf(
      c.ecs.send(
        new CreateServiceCommand({
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
          cluster: 'nope',
          serviceName: 'a',
          taskDefinition: td.taskDefinition?.taskDefinitionArn,
          desiredCount: 1,
        }),
      ),
    )
    expect(err.name).toBe('ClusterNotFoundException')
  })
})

describe('task definitions', () => {
  it('revisions per family, immutable, normalised as ECS echoes them', async () => {
    const one = await c.ecs.send(
      new RegisterTaskDefinitionCommand({
        ...FARGATE_TASK,
        cpu: '0.25 vCPU',
        memory: '1 GB',
        tags: [{ key: 'k', value: 'v' }],
      }),
    )
    const two = await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
    expect(one.taskDefinition?.revision).toBe(1)
    expect(two.taskDefinition?.taskDefinitionArn).toBe(
      'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
    )
    const first = await c.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1', include: ['TAGS'] }),
    )
    expect(first.taskDefinition).toMatchObject({ cpu: '256', memory: '1024', status: 'ACTIVE' })
    expect(first.tags).toEqual([{ key: 'k', value: 'v' }])
    expect(first.taskDefinition?.containerDefinitions?.[0]).toMatchObject({
      cpu: 0,
      essential: true,
      environment: [],
      mountPoints: [],
      portMappings: [{ name: 'http', containerPort: 80, hostPort: 80, protocol: 'tcp', appProtocol: 'http' }],
    })
    const latest = await c.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' }))
    expect(latest.taskDefinition?.revision).toBe(2)
    expect(latest.tags).toBeUndefined()
    expect(
      (await c.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'web' }))).taskDefinitionArns,
    ).toHaveLength(2)
    expect((await c.ecs.send(new ListTaskDefinitionFamiliesCommand({}))).families).toEqual(['web'])
  })
  it('invalid Fargate sizes and non-awsvpc modes are ClientException', async () => {
    expect(
      (
        await errorOf(
          c.ecs.send(new RegisterTaskDefinitionCommand({ ...FARGATE_TASK, cpu: '256', memory: '4096' })),
        )
      ).name,
    ).toBe('ClientException')
    expect(
      (
        await errorOf(
          c.ecs.send(new RegisterTaskDefinitionCommand({ ...FARGATE_TASK, networkMode: 'bridge' })),
        )
      ).name,
    ).toBe('ClientException')
    expect(
      (await errorOf(c.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'ghost' })))).name,
    ).toBe('ClientException')
  })
  it('deregister then delete (at most 10, INACTIVE first)', async () => {
    await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
    const active = await c.ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ['web:1'] }))
    expect(active.failures).toHaveLength(1)
    await c.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:1' }))
    const deleted = await c.ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ['web:1'] }))
    expect(deleted.taskDefinitions?.[0]?.status).toBe('DELETE_IN_PROGRESS')
    const tooMany = await errorOf(
      c.ecs.send(
        new DeleteTaskDefinitionsCommand({
          taskDefinitions: Array.from({ length: 11 }, (_, i) => `web:${i + 1}`),
        }),
      ),
    )
    expect(tooMany.name).toBe('InvalidParameterException')
  })
})

describe('services and deployments', () => {
  it('a deployment goes IN_PROGRESS → COMPLETED with running = desired, and echoes ECS defaults', async () => {
    const td = await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
    await c.ecs.send(
      new CreateServiceCommand({
        cluster: 'shop',
        serviceName: 'web',
        taskDefinition: 'web',
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: network,
        tags: [{ key: 'owner', value: 'me' }],
      }),
    )
    let svc = await describeOne('web')
    expect(svc).toMatchObject({
      status: 'ACTIVE',
      desiredCount: 2,
      runningCount: 0,
      pendingCount: 2,
      taskDefinition: td.taskDefinition?.taskDefinitionArn,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      propagateTags: 'NONE',
      enableExecuteCommand: false,
      schedulingStrategy: 'REPLICA',
      deploymentController: { type: 'ECS' },
      healthCheckGracePeriodSeconds: 0,
    })
    // 200/100 are documented defaults (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html); whether ECS echoes an unset circuit breaker as
    // {enable: false, rollback: false} is unverified (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html), so only the documented part is pinned.
    expect(svc?.deploymentConfiguration).toMatchObject({ maximumPercent: 200, minimumHealthyPercent: 100 })
    expect(svc?.networkConfiguration?.awsvpcConfiguration?.assignPublicIp).toBe('DISABLED')
    expect(svc?.deployments?.[0]).toMatchObject({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' })
    expect(svc?.tags).toEqual([{ key: 'owner', value: 'me' }])
    c.cloud.advance(11)
    svc = await describeOne('web')
    expect(svc).toMatchObject({ runningCount: 2, pendingCount: 0 })
    expect(svc?.deployments).toHaveLength(1)
    expect(svc?.deployments?.[0]?.rolloutState).toBe('COMPLETED')
  })

  it('an update to a new revision makes a new PRIMARY; the old one drains away once it completes', async () => {
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
    c.cloud.advance(11)
    await c.ecs.send(
      new RegisterTaskDefinitionCommand({
        ...FARGATE_TASK,
        containerDefinitions: [{ ...FARGATE_TASK.containerDefinitions[0]!, image: 'nginx:2' }],
      }),
    )
    await c.ecs.send(new UpdateServiceCommand({ cluster: 'shop', service: 'web', taskDefinition: 'web:2' }))
    let svc = await describeOne('web')
    expect(
      svc?.deployments?.map((d) => [d.status, d.taskDefinition?.split('/').pop(), d.rolloutState]),
    ).toEqual([
      ['PRIMARY', 'web:2', 'IN_PROGRESS'],
      ['ACTIVE', 'web:1', 'COMPLETED'],
    ])
    c.cloud.advance(11)
    svc = await describeOne('web')
    expect(svc?.deployments?.map((d) => d.taskDefinition?.split('/').pop())).toEqual(['web:2'])
    // desiredCount alone does not start a deployment
    await c.ecs.send(new UpdateServiceCommand({ cluster: 'shop', service: 'web', desiredCount: 3 }))
    expect((await describeOne('web'))?.deployments).toHaveLength(1)
  })

  it('circuit breaker: a failing image fails the deployment and rolls back to the last completed one', async () => {
    await c.close()
    c = await startWithClients({ faults: { failingImages: ['broken'] } })
    await c.ecs.send(new CreateClusterCommand({ clusterName: 'shop' }))
    await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
    await c.ecs.send(
      new CreateServiceCommand({
        cluster: 'shop',
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 2,
        networkConfiguration: network,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      }),
    )
    c.cloud.advance(11)
    await c.ecs.send(
      new RegisterTaskDefinitionCommand({
        ...FARGATE_TASK,
        containerDefinitions: [{ ...FARGATE_TASK.containerDefinitions[0]!, image: 'example/broken:1' }],
      }),
    )
    await c.ecs.send(new UpdateServiceCommand({ cluster: 'shop', service: 'web', taskDefinition: 'web:2' }))
    c.cloud.advance(25)
    const svc = await describeOne('web')
    const failed = svc?.deployments?.find((d) => d.taskDefinition?.endsWith('web:2'))
    const primary = svc?.deployments?.find((d) => d.status === 'PRIMARY')
    expect(failed?.rolloutState ?? 'gone').toMatch(/FAILED|gone/)
    expect(primary?.taskDefinition).toMatch(/web:1$/)
    c.cloud.advance(11)
    const settled = await describeOne('web')
    expect(settled?.deployments?.map((d) => [d.taskDefinition?.split('/').pop(), d.rolloutState])).toEqual([
      ['web:1', 'COMPLETED'],
    ])
    expect(settled?.runningCount).toBe(2)
    expect(settled?.events?.some((e) => /circuit breaker|failed/i.test(e.message ?? ''))).toBe(true)
  })

  it('a failing image leaves stopped tasks with stop code EssentialContainerExited, the reason and the exit code (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html)', async () => {
    await c.close()
    c = await startWithClients({ faults: { failingImages: ['broken'] } })
    await c.ecs.send(new CreateClusterCommand({ clusterName: 'shop' }))
    await c.ecs.send(
      new RegisterTaskDefinitionCommand({
        ...FARGATE_TASK,
        containerDefinitions: [{ ...FARGATE_TASK.containerDefinitions[0]!, image: 'example/broken:1' }],
      }),
    )
    await c.ecs.send(
      new CreateServiceCommand({
        cluster: 'shop',
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 1,
        networkConfiguration: network,
      }),
    )
    c.cloud.advance(11)
    const stopped = await c.ecs.send(
      new ListTasksCommand({ cluster: 'shop', serviceName: 'web', desiredStatus: 'STOPPED' }),
    )
    expect(stopped.taskArns?.length).toBeGreaterThan(0)
    const described = await c.ecs.send(
      new DescribeTasksCommand({ cluster: 'shop', tasks: stopped.taskArns ?? [] }),
    )
    const task = described.tasks?.[0]
    expect(task?.lastStatus).toBe('STOPPED')
    expect(task?.stopCode).toBe('EssentialContainerExited')
    expect(task?.stoppedReason).toBe('Essential container in task exited')
    const container = task?.containers?.find((x) => x.name === FARGATE_TASK.containerDefinitions[0]!.name)
    expect(container?.exitCode).toBe(1)
    expect(container?.lastStatus).toBe('STOPPED')
  })

  it('a task stopped with StopTask reports stop code UserInitiated and no exit code of its own', async () => {
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
    c.cloud.advance(11)
    const running = await c.ecs.send(new ListTasksCommand({ cluster: 'shop', serviceName: 'web' }))
    await c.ecs.send(
      new StopTaskCommand({ cluster: 'shop', task: running.taskArns?.[0] ?? '', reason: 'testing' }),
    )
    const stopped = await c.ecs.send(
      new DescribeTasksCommand({ cluster: 'shop', tasks: [running.taskArns?.[0] ?? ''] }),
    )
    expect(stopped.tasks?.[0]?.stopCode).toBe('UserInitiated')
    expect(stopped.tasks?.[0]?.stoppedReason).toBe('testing')
    expect(stopped.tasks?.[0]?.containers?.every((x) => x.exitCode === undefined)).toBe(true)
  })

  it('Service Connect: reported on the deployment, a Cloud Map service per endpoint, unknown port name refused', async () => {
    await namespace()
    await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
    const sc = {
      enabled: true,
      namespace: 'shop',
      services: [{ portName: 'http', discoveryName: 'web', clientAliases: [{ port: 80, dnsName: 'web' }] }],
    }
    await c.ecs.send(
      new CreateServiceCommand({
        cluster: 'shop',
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 1,
        networkConfiguration: network,
        serviceConnectConfiguration: sc,
      }),
    )
    const svc = await describeOne('web')
    expect(svc?.deployments?.[0]?.serviceConnectConfiguration).toMatchObject({
      enabled: true,
      services: sc.services,
    })
    expect(svc?.deployments?.[0]?.serviceConnectConfiguration?.namespace).toMatch(
      /^arn:aws:servicediscovery:us-east-1:123456789012:namespace\/ns-/,
    )
    expect(svc?.deployments?.[0]?.serviceConnectResources?.[0]?.discoveryName).toBe('web')
    const cm = await c.sd.send(new ListSdServicesCommand({}))
    expect(cm.Services?.map((s) => s.Name)).toEqual(['web'])
    const wrongPort = await errorOf(
      c.ecs.send(
        new CreateServiceCommand({
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
          cluster: 'shop',
          serviceName: 'b',
          taskDefinition: 'web:1',
          desiredCount: 1,
          serviceConnectConfiguration: { ...sc, services: [{ portName: 'grpc' }] },
        }),
      ),
    )
    expect(wrongPort.name).toBe('InvalidParameterException')
    const taken = await errorOf(
      c.ecs.send(
        new CreateServiceCommand({
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
          cluster: 'shop',
          serviceName: 'c',
          taskDefinition: 'web:1',
          desiredCount: 1,
          serviceConnectConfiguration: sc,
        }),
      ),
    )
    expect(taken.message).toContain('already used')
    const noNamespace = await errorOf(
      c.ecs.send(
        new CreateServiceCommand({
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
          cluster: 'shop',
          serviceName: 'd',
          taskDefinition: 'web:1',
          desiredCount: 1,
          serviceConnectConfiguration: { enabled: true, namespace: 'ghost' },
        }),
      ),
    )
    expect(noNamespace.name).toBe('NamespaceNotFoundException')
  })

  it('an awsvpc task definition without networkConfiguration is refused (CreateService API reference: "required for task definitions that use the awsvpc network mode")', async () => {
    await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
    const refused = await errorOf(
      c.ecs.send(
        new CreateServiceCommand({
          cluster: 'shop',
          serviceName: 'bare',
          taskDefinition: 'web:1',
          desiredCount: 0,
        }),
      ),
    )
    expect(refused.name).toBe('InvalidParameterException')
    expect(refused.message).toMatch(/Network Configuration must be provided/)
  })

  it('DescribeServices: at most 10, MISSING for unknown; ListServices pages of up to 100 (default 10)', async () => {
    await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
    for (let i = 0; i < 23; i++) {
      await c.ecs.send(
        new CreateServiceCommand({
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
          cluster: 'shop',
          serviceName: `s${i}`,
          taskDefinition: 'web:1',
          desiredCount: 0,
        }),
      )
    }
    const eleven = await errorOf(
      c.ecs.send(
        new DescribeServicesCommand({
          cluster: 'shop',
          services: Array.from({ length: 11 }, (_, i) => `s${i}`),
        }),
      ),
    )
    expect(eleven.name).toBe('InvalidParameterException')
    const mixed = await c.ecs.send(
      new DescribeServicesCommand({ cluster: 'shop', services: ['s1', 'ghost'] }),
    )
    expect(mixed.services?.map((s) => s.serviceName)).toEqual(['s1'])
    expect(mixed.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:service/shop/ghost', reason: 'MISSING' },
    ])
    const pages: number[] = []
    let nextToken: string | undefined
    do {
      const page = await c.ecs.send(
        new ListServicesCommand({ cluster: 'shop', ...(nextToken ? { nextToken } : {}) }),
      )
      pages.push(page.serviceArns?.length ?? 0)
      nextToken = page.nextToken
    } while (nextToken)
    expect(pages).toEqual([10, 10, 3])
    expect(
      (await c.ecs.send(new ListServicesCommand({ cluster: 'shop', maxResults: 100 }))).serviceArns,
    ).toHaveLength(23)
    expect(
      (await errorOf(c.ecs.send(new ListServicesCommand({ cluster: 'shop', maxResults: 101 })))).name,
    ).toBe('InvalidParameterException')
  })

  it('delete: refused while scaled up unless forced; DRAINING (not listed) then INACTIVE; the name is reusable', async () => {
    await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
    await c.ecs.send(
      new CreateServiceCommand({
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
        cluster: 'shop',
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 1,
      }),
    )
    expect(
      (await errorOf(c.ecs.send(new DeleteServiceCommand({ cluster: 'shop', service: 'web' })))).name,
    ).toBe('InvalidParameterException')
    await c.ecs.send(new DeleteServiceCommand({ cluster: 'shop', service: 'web', force: true }))
    expect((await describeOne('web'))?.status).toBe('DRAINING')
    expect((await c.ecs.send(new ListServicesCommand({ cluster: 'shop' }))).serviceArns).toEqual([])
    expect(
      (
        await errorOf(
          c.ecs.send(new UpdateServiceCommand({ cluster: 'shop', service: 'web', desiredCount: 2 })),
        )
      ).name,
    ).toBe('ServiceNotActiveException')
    c.cloud.advance(31)
    expect((await describeOne('web'))?.status).toBe('INACTIVE')
    await c.ecs.send(
      new CreateServiceCommand({
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
        cluster: 'shop',
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 1,
      }),
    )
    expect((await describeOne('web'))?.status).toBe('ACTIVE')
    expect(
      (
        await errorOf(
          c.ecs.send(new UpdateServiceCommand({ cluster: 'shop', service: 'ghost', desiredCount: 1 })),
        )
      ).name,
    ).toBe('ServiceNotFoundException')
  })

  it('tasks: list, describe, stop; the service replaces a stopped task', async () => {
    await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
    await c.ecs.send(
      new CreateServiceCommand({
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
        cluster: 'shop',
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 2,
      }),
    )
    c.cloud.advance(11)
    const arns =
      (await c.ecs.send(new ListTasksCommand({ cluster: 'shop', serviceName: 'web' }))).taskArns ?? []
    expect(arns).toHaveLength(2)
    const described = await c.ecs.send(new DescribeTasksCommand({ cluster: 'shop', tasks: arns }))
    expect(described.tasks?.every((t) => t.lastStatus === 'RUNNING')).toBe(true)
    await c.ecs.send(new StopTaskCommand({ cluster: 'shop', task: arns[0] }))
    const now = await describeOne('web')
    expect(now).toMatchObject({ runningCount: 1, pendingCount: 1 })
    c.cloud.advance(11)
    expect(await describeOne('web')).toMatchObject({ runningCount: 2, pendingCount: 0 })
  })

  it('tags: tag, untag, list on services; unknown ARN is InvalidParameterException', async () => {
    await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
    const svc = await c.ecs.send(
      new CreateServiceCommand({
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
        cluster: 'shop',
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 0,
      }),
    )
    const arn = svc.service?.serviceArn
    await c.ecs.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
        ],
      }),
    )
    await c.ecs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a'] }))
    expect((await c.ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual([
      { key: 'b', value: '2' },
    ])
    expect(
      (
        await errorOf(
          c.ecs.send(
            new ListTagsForResourceCommand({
              resourceArn: 'arn:aws:ecs:us-east-1:123456789012:service/shop/ghost',
            }),
          ),
        )
      ).name,
    ).toBe('InvalidParameterException')
  })
})
