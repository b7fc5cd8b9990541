/**
 * ECS behaviours the reconciler depends on, as the ECS API reference documents them
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/), run against the target of this run.
 */
import {
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TaskDefinitionContent } from '../../src/cloud/ports/index.js'
import { taskDefinitionView } from '../../src/reconciler/kinds/service/normalise.js'
import { motoGap, openTarget, rejectionOf, uniqueName, type Target } from './target.js'

let t: Target
beforeAll(async () => {
  t = await openTarget()
})
afterAll(async () => {
  await t?.close()
})

function fargateTask(family: string): TaskDefinitionContent {
  return {
    family,
    cpu: '256',
    memory: '512',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    containerDefinitions: [
      {
        name: 'app',
        image: 'public.ecr.aws/nginx/nginx:1.27',
        portMappings: [{ name: 'http', containerPort: 80, appProtocol: 'http' }],
      },
    ],
  }
}

/** A cluster, a task definition and the awsvpc network a Fargate service needs. */
async function fixture(base: string) {
  const cluster = uniqueName(base)
  await t.cloud.writers!.ecs.createCluster({ name: cluster })
  const td = await t.cloud.writers!.ecs.registerTaskDefinition(fargateTask(uniqueName(base)), {})
  const net = await t.network()
  const networkConfiguration = {
    awsvpcConfiguration: {
      subnets: net.subnets,
      securityGroups: net.securityGroups,
      assignPublicIp: 'DISABLED' as const,
    },
  }
  return { cluster, td, networkConfiguration }
}

describe('clusters', () => {
  // API_CreateCluster.html, API_DescribeClusters.html ("failures" lists clusters that were not found, reason MISSING).
  it('creates a cluster with tags; DescribeClusters returns it with its tags and reports unknown names as MISSING failures', async () => {
    const name = uniqueName('conf-cluster')
    const created = await t.cloud.writers!.ecs.createCluster({ name, tags: { team: 'a' } })
    expect(created.name).toBe(name)
    expect(created.arn).toMatch(new RegExp(`^arn:aws:ecs:${t.region}:\\d{12}:cluster/${name}$`))
    const found = await t.cloud.readers.ecs.describeClusters([name, `${name}-ghost`])
    expect([...found.keys()]).toEqual([name])
    expect(found.get(name)?.tags).toEqual({ team: 'a' })
    const raw = await t.ecs.send(new DescribeClustersCommand({ clusters: [name, `${name}-ghost`] }))
    expect(raw.clusters?.map((c) => [c.clusterName, c.status])).toEqual([[name, 'ACTIVE']])
    expect(raw.failures?.map((f) => f.reason)).toEqual(['MISSING'])
    expect(raw.failures?.[0]?.arn).toContain(`${name}-ghost`)
  })

  // API_UpdateCluster.html: settings (containerInsights) are replaced; API_DescribeClusters.html include SETTINGS returns them.
  it('updates the containerInsights setting', async () => {
    const name = uniqueName('conf-settings')
    await t.cloud.writers!.ecs.createCluster({ name })
    const updated = await t.cloud.writers!.ecs.updateCluster({ name, containerInsights: 'enabled' })
    expect(updated.name).toBe(name)
    const raw = await t.ecs.send(new DescribeClustersCommand({ clusters: [name], include: ['SETTINGS'] }))
    expect(raw.clusters?.[0]?.settings).toEqual([{ name: 'containerInsights', value: 'enabled' }])
  })

  // API_DeleteCluster.html: the response carries the cluster with status INACTIVE; the reconciler then treats it as absent.
  it('deletes a cluster: it comes back INACTIVE and the adapter no longer finds it', async () => {
    const name = uniqueName('conf-delete')
    await t.cloud.writers!.ecs.createCluster({ name })
    const out = await t.ecs.send(new DeleteClusterCommand({ cluster: name }))
    expect(out.cluster?.status).toBe('INACTIVE')
    expect((await t.cloud.readers.ecs.describeClusters([name])).size).toBe(0)
  })
})

describe('task definitions', () => {
  // API_RegisterTaskDefinition.html: each registration of a family is the next revision, starting at 1.
  // API_DescribeTaskDefinition.html: include TAGS returns the tags.
  it('registers revisions 1 and 2 of a family and reads one back with its tags', async () => {
    const family = uniqueName('conf-td')
    const first = await t.cloud.writers!.ecs.registerTaskDefinition(fargateTask(family), {
      owner: 'conformance',
    })
    const second = await t.cloud.writers!.ecs.registerTaskDefinition(
      { ...fargateTask(family), cpu: '512', memory: '1024' },
      {},
    )
    expect([first.revision, second.revision]).toEqual([1, 2])
    expect(first.arn).toMatch(new RegExp(`:task-definition/${family}:1$`))
    const raw = await t.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: first.arn, include: ['TAGS'] }),
    )
    expect(raw.taskDefinition?.family).toBe(family)
    expect(raw.taskDefinition?.cpu).toBe('256')
    expect(raw.taskDefinition?.status).toBe('ACTIVE')
    expect(raw.tags).toEqual([{ key: 'owner', value: 'conformance' }])
    // A family without a revision means its latest ACTIVE revision.
    const latest = await t.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: family }))
    expect(latest.taskDefinition?.revision).toBe(2)
  })

  // API_PortMapping.html: a containerPortRange "FIRST-LAST" is given without hostPort; ECS sets the host ports.
  it('registers a port range beside a single port, and the adapter reads both back as given', async () => {
    const family = uniqueName('conf-ports')
    const base = fargateTask(family)
    const [container] = base.containerDefinitions
    const registered = await t.cloud.writers!.ecs.registerTaskDefinition(
      {
        ...base,
        containerDefinitions: [
          { ...container!, portMappings: [{ containerPortRange: '8000-8010' }, { containerPort: 9000 }] },
        ],
      },
      {},
    )
    const read = await t.cloud.readers.ecs.describeTaskDefinition(registered.arn)
    const ports = read?.containerDefinitions[0]?.portMappings ?? []
    expect(ports.map((p) => p.containerPortRange ?? p.containerPort)).toEqual(['8000-8010', 9000])
    expect(taskDefinitionView(read!)).toEqual(
      taskDefinitionView({
        ...base,
        containerDefinitions: [
          { ...container!, portMappings: [{ containerPortRange: '8000-8010' }, { containerPort: 9000 }] },
        ],
      }),
    )
  })

  // API_ListTaskDefinitions.html: familyPrefix is "the full family name" — it limits the list to revisions of that family.
  it('ListTaskDefinitions with familyPrefix lists the revisions of that family only', async () => {
    const family = uniqueName('conf-fam')
    await t.cloud.writers!.ecs.registerTaskDefinition(fargateTask(family), {})
    await t.cloud.writers!.ecs.registerTaskDefinition(fargateTask(`${family}-api`), {})
    const out = await t.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family }))
    expect(out.taskDefinitionArns?.map((arn) => arn.split('/').pop())).toEqual([`${family}:1`])
  })

  // API_DeregisterTaskDefinition.html: the revision becomes INACTIVE, stays describable, and leaves the ACTIVE list.
  it('deregisters a revision: INACTIVE, still describable, no longer listed as ACTIVE', async () => {
    const family = uniqueName('conf-dereg')
    const td = await t.cloud.writers!.ecs.registerTaskDefinition(fargateTask(family), {})
    await t.cloud.writers!.ecs.deregisterTaskDefinition(td.arn)
    const raw = await t.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: td.arn }))
    expect(raw.taskDefinition?.status).toBe('INACTIVE')
    const active = await t.ecs.send(
      new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE' }),
    )
    expect(active.taskDefinitionArns ?? []).toEqual([])
    const inactive = await t.ecs.send(
      new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'INACTIVE' }),
    )
    expect(inactive.taskDefinitionArns).toEqual([td.arn])
  })

  // API_TagResource.html, API_UntagResource.html, API_ListTagsForResource.html (task definition ARNs are taggable).
  it('tags and untags a task definition revision', async () => {
    const td = await t.cloud.writers!.ecs.registerTaskDefinition(fargateTask(uniqueName('conf-tdtags')), {
      a: '1',
    })
    await t.cloud.writers!.ecs.tagResource(td.arn, { b: '2', a: 'changed' })
    await t.cloud.writers!.ecs.untagResource(td.arn, ['b'])
    const out = await t.ecs.send(new ListTagsForResourceCommand({ resourceArn: td.arn }))
    expect(out.tags).toEqual([{ key: 'a', value: 'changed' }])
  })
})

describe('services', () => {
  // API_CreateService.html: a Fargate service with awsvpc networkConfiguration; API_DescribeServices.html include TAGS.
  it('creates a Fargate service with awsvpc networking and reads it back', async () => {
    const { cluster, td, networkConfiguration } = await fixture('conf-svc')
    const created = await t.cloud.writers!.ecs.createService({
      cluster,
      serviceName: 'web',
      taskDefinition: td.arn,
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration,
      tags: { app: 'web' },
    })
    expect(created.name).toBe('web')
    expect(created.status).toBe('ACTIVE')
    const [svc] = await t.cloud.readers.ecs.describeServices(cluster, ['web'])
    expect(svc).toMatchObject({
      name: 'web',
      status: 'ACTIVE',
      desiredCount: 2,
      taskDefinition: td.arn,
      launchType: 'FARGATE',
      tags: { app: 'web' },
    })
    expect(svc?.arn).toMatch(/^arn:aws:ecs:us-east-1:\d{12}:service\//)
    expect(svc?.networkConfiguration?.awsvpcConfiguration?.subnets).toEqual(
      networkConfiguration.awsvpcConfiguration.subnets,
    )
    expect(svc?.networkConfiguration?.awsvpcConfiguration?.securityGroups).toEqual(
      networkConfiguration.awsvpcConfiguration.securityGroups,
    )
    expect(svc?.deployments[0]).toMatchObject({ status: 'PRIMARY', taskDefinition: td.arn })
  })

  // API_DescribeServices.html: up to 10 services per call; names not found come back in failures[] with reason MISSING.
  it('DescribeServices of 10 names, 3 of them unknown: 7 services and 3 MISSING failures', async () => {
    const { cluster, td, networkConfiguration } = await fixture('conf-batch')
    for (let i = 0; i < 7; i++) {
      await t.cloud.writers!.ecs.createService({
        cluster,
        serviceName: `s${i}`,
        taskDefinition: td.arn,
        desiredCount: 0,
        launchType: 'FARGATE',
        networkConfiguration,
        tags: {},
      })
    }
    const names = [...Array.from({ length: 7 }, (_, i) => `s${i}`), 'ghost-1', 'ghost-2', 'ghost-3']
    const out = await t.ecs.send(new DescribeServicesCommand({ cluster, services: names }))
    expect(out.services?.map((s) => s.serviceName).sort()).toEqual(names.slice(0, 7))
    expect(out.failures?.map((f) => f.reason)).toEqual(['MISSING', 'MISSING', 'MISSING'])
    expect(out.failures?.map((f) => f.arn?.split('/').pop()).sort()).toEqual([
      'ghost-1',
      'ghost-2',
      'ghost-3',
    ])
    // The adapter batches by 10 and drops the failures.
    expect((await t.cloud.readers.ecs.describeServices(cluster, names)).map((s) => s.name).sort()).toEqual(
      names.slice(0, 7),
    )
  })

  motoGap(
    'DescribeServices accepts any number of services',
    'moto 5.2.5 moto/ecs/models.py:1681 describe_services (no count check)',
  )(
    // API_DescribeServices.html: "You may specify up to 10 services to describe in a single operation."
    'DescribeServices of 11 names is an InvalidParameterException',
    async () => {
      const { cluster } = await fixture('conf-eleven')
      const err = await rejectionOf(
        t.ecs.send(
          new DescribeServicesCommand({ cluster, services: Array.from({ length: 11 }, (_, i) => `s${i}`) }),
        ),
      )
      expect(err.name).toBe('InvalidParameterException')
    },
  )

  motoGap(
    'ListServices ignores maxResults and returns every ARN in one page',
    'moto 5.2.5 moto/ecs/responses.py:321 list_services (reads no maxResults/nextToken)',
  )(
    // API_ListServices.html: maxResults (1–100) bounds a page; nextToken fetches the next one.
    'ListServices pages by maxResults with nextToken',
    async () => {
      const { cluster, td, networkConfiguration } = await fixture('conf-pages')
      for (let i = 0; i < 12; i++) {
        await t.cloud.writers!.ecs.createService({
          cluster,
          serviceName: `p${String(i).padStart(2, '0')}`,
          taskDefinition: td.arn,
          desiredCount: 0,
          launchType: 'FARGATE',
          networkConfiguration,
          tags: {},
        })
      }
      const sizes: number[] = []
      const all: string[] = []
      let nextToken: string | undefined
      do {
        const out = await t.ecs.send(
          new ListServicesCommand({ cluster, maxResults: 5, ...(nextToken ? { nextToken } : {}) }),
        )
        sizes.push(out.serviceArns?.length ?? 0)
        all.push(...(out.serviceArns ?? []))
        nextToken = out.nextToken
      } while (nextToken)
      expect(sizes).toEqual([5, 5, 2])
      expect(new Set(all).size).toBe(12)
    },
  )

  // API_ListServices.html returns every service of the cluster; the adapter follows the pages (whatever their size).
  it('the adapter lists every service ARN of a cluster', async () => {
    const { cluster, td, networkConfiguration } = await fixture('conf-list')
    for (let i = 0; i < 3; i++) {
      await t.cloud.writers!.ecs.createService({
        cluster,
        serviceName: `l${i}`,
        taskDefinition: td.arn,
        desiredCount: 0,
        launchType: 'FARGATE',
        networkConfiguration,
        tags: {},
      })
    }
    const arns = await t.cloud.readers.ecs.listServiceArns(cluster)
    expect(arns.map((a) => a.split('/').pop()).sort()).toEqual(['l0', 'l1', 'l2'])
  })

  // API_UpdateService.html: desiredCount and taskDefinition change in place.
  it('updates desiredCount and task definition', async () => {
    const { cluster, td, networkConfiguration } = await fixture('conf-update')
    await t.cloud.writers!.ecs.createService({
      cluster,
      serviceName: 'web',
      taskDefinition: td.arn,
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration,
      tags: {},
    })
    const next = await t.cloud.writers!.ecs.registerTaskDefinition(
      { ...fargateTask(td.family), cpu: '512', memory: '1024' },
      {},
    )
    await t.cloud.writers!.ecs.updateService({
      cluster,
      service: 'web',
      desiredCount: 3,
      taskDefinition: next.arn,
    })
    const [svc] = await t.cloud.readers.ecs.describeServices(cluster, ['web'])
    expect(svc).toMatchObject({ desiredCount: 3, taskDefinition: next.arn })
  })

  motoGap(
    'deployments never progress: runningCount and rolloutState stay as created',
    'moto 5.2.5 moto/ecs/models.py:515 Service.__init__ (counts from MOTO_ECS_SERVICE_RUNNING, no lifecycle)',
  )(
    // API_Deployment.html: rolloutState moves from IN_PROGRESS to COMPLETED once the deployment reaches steady state.
    'a new service deployment reaches COMPLETED with every task running',
    async () => {
      const { cluster, td, networkConfiguration } = await fixture('conf-rollout')
      await t.cloud.writers!.ecs.createService({
        cluster,
        serviceName: 'web',
        taskDefinition: td.arn,
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration,
        tags: {},
      })
      // The local cloud's clock moves 60 s; its tasks start within 5 s (target.ts timing).
      t.settle()
      const [svc] = await t.cloud.readers.ecs.describeServices(cluster, ['web'])
      expect(svc?.runningCount).toBe(2)
      expect(svc?.deployments.map((d) => [d.status, d.rolloutState])).toEqual([['PRIMARY', 'COMPLETED']])
    },
  )

  motoGap(
    'Service Connect configuration is not stored',
    'moto 5.2.5 moto/ecs/responses.py:288 create_service (serviceConnectConfiguration is not read)',
  )(
    // API_CreateService.html serviceConnectConfiguration; API_Deployment.html carries it per deployment (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectConfiguration.html).
    'the primary deployment carries the Service Connect configuration',
    async () => {
      const { cluster, td, networkConfiguration } = await fixture('conf-sc')
      // CreateService checks that the namespace exists (API_CreateService.html, NamespaceNotFoundException).
      const namespace = uniqueName('conf-sc')
      await t.cloud.writers!.cloudMap.createHttpNamespace(namespace, undefined, {})
      t.settle()
      const serviceConnectConfiguration = {
        enabled: true,
        namespace,
        services: [{ portName: 'http', discoveryName: 'web', clientAliases: [{ port: 80, dnsName: 'web' }] }],
      }
      await t.cloud.writers!.ecs.createService({
        cluster,
        serviceName: 'web',
        taskDefinition: td.arn,
        desiredCount: 0,
        launchType: 'FARGATE',
        networkConfiguration,
        serviceConnectConfiguration,
        tags: {},
      })
      const [svc] = await t.cloud.readers.ecs.describeServices(cluster, ['web'])
      expect(svc?.deployments[0]?.serviceConnectConfiguration).toMatchObject({ enabled: true })
      expect(svc?.deployments[0]?.serviceConnectConfiguration?.services?.[0]).toMatchObject({
        portName: 'http',
        discoveryName: 'web',
      })
    },
  )

  motoGap(
    'deploymentConfiguration, healthCheckGracePeriodSeconds and capacityProviderStrategy are not stored (launchType reads EC2)',
    'moto 5.2.5 moto/ecs/models.py:1598 create_service (none of them is a parameter)',
  )(
    // API_CreateService.html: the service keeps the deployment circuit breaker, grace period and capacity provider strategy it was created with.
    'a service reads back its circuit breaker, grace period and capacity provider strategy',
    async () => {
      const { cluster, td, networkConfiguration } = await fixture('conf-settings')
      await t.cloud.writers!.ecs.putClusterCapacityProviders({
        name: cluster,
        capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
        defaultCapacityProviderStrategy: [],
      })
      const capacityProviderStrategy = [
        { capacityProvider: 'FARGATE', weight: 1, base: 1 },
        { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 },
      ]
      await t.ecs.send(
        new CreateServiceCommand({
          cluster,
          serviceName: 'web',
          taskDefinition: td.arn,
          desiredCount: 0,
          capacityProviderStrategy,
          networkConfiguration,
          healthCheckGracePeriodSeconds: 30,
          deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
        }),
      )
      const out = await t.ecs.send(new DescribeServicesCommand({ cluster, services: ['web'] }))
      const svc = out.services?.[0]
      expect(svc?.deploymentConfiguration?.deploymentCircuitBreaker).toEqual({ enable: true, rollback: true })
      expect(svc?.healthCheckGracePeriodSeconds).toBe(30)
      expect(svc?.capacityProviderStrategy).toEqual(capacityProviderStrategy)
      expect(svc?.launchType).toBeUndefined()
    },
  )

  // API_TagResource.html / API_UntagResource.html / API_ListTagsForResource.html on a service ARN.
  it('tags and untags a service', async () => {
    const { cluster, td, networkConfiguration } = await fixture('conf-svctags')
    const svc = await t.cloud.writers!.ecs.createService({
      cluster,
      serviceName: 'web',
      taskDefinition: td.arn,
      desiredCount: 0,
      launchType: 'FARGATE',
      networkConfiguration,
      tags: { a: '1' },
    })
    await t.cloud.writers!.ecs.tagResource(svc.arn, { b: '2' })
    await t.cloud.writers!.ecs.untagResource(svc.arn, ['a'])
    const out = await t.ecs.send(new ListTagsForResourceCommand({ resourceArn: svc.arn }))
    expect(out.tags).toEqual([{ key: 'b', value: '2' }])
    const [described] = await t.cloud.readers.ecs.describeServices(cluster, ['web'])
    expect(described?.tags).toEqual({ b: '2' })
  })

  // API_DeleteService.html: a deleted service is DRAINING, then INACTIVE; it is "no longer visible in ... the ListServices
  // API operation" but can still be viewed with DescribeServices.
  it('deletes a service with force: DescribeServices still shows it, no longer ACTIVE', async () => {
    const { cluster, td, networkConfiguration } = await fixture('conf-delsvc')
    await t.cloud.writers!.ecs.createService({
      cluster,
      serviceName: 'web',
      taskDefinition: td.arn,
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration,
      tags: {},
    })
    await t.cloud.writers!.ecs.deleteService(cluster, 'web')
    const out = await t.ecs.send(new DescribeServicesCommand({ cluster, services: ['web'] }))
    expect(['DRAINING', 'INACTIVE']).toContain(out.services?.[0]?.status)
  })

  motoGap(
    'ListServices still lists deleted (INACTIVE) services',
    'moto 5.2.5 moto/ecs/models.py:1656 list_services (no status filter)',
  )(
    // API_DeleteService.html: after DeleteService the service is no longer visible in ListServices.
    'a deleted service leaves ListServices',
    async () => {
      const { cluster, td, networkConfiguration } = await fixture('conf-dellist')
      await t.cloud.writers!.ecs.createService({
        cluster,
        serviceName: 'web',
        taskDefinition: td.arn,
        desiredCount: 0,
        launchType: 'FARGATE',
        networkConfiguration,
        tags: {},
      })
      await t.cloud.writers!.ecs.deleteService(cluster, 'web')
      expect(await t.cloud.readers.ecs.listServiceArns(cluster)).toEqual([])
    },
  )
})

describe('documented errors', () => {
  // API_DescribeServices.html / API_UpdateService.html / API_CreateService.html: ClusterNotFoundException for an unknown cluster.
  it('ClusterNotFoundException for an unknown cluster', async () => {
    const cluster = uniqueName('conf-nocluster')
    expect(
      (await rejectionOf(t.ecs.send(new DescribeServicesCommand({ cluster, services: ['web'] })))).name,
    ).toBe('ClusterNotFoundException')
    expect(
      (await rejectionOf(t.ecs.send(new UpdateServiceCommand({ cluster, service: 'web', desiredCount: 1 }))))
        .name,
    ).toBe('ClusterNotFoundException')
    expect((await rejectionOf(t.ecs.send(new ListServicesCommand({ cluster })))).name).toBe(
      'ClusterNotFoundException',
    )
    const err = await rejectionOf(
      t.cloud.writers!.ecs.updateService({ cluster, service: 'web', desiredCount: 1 }),
    )
    expect(err).toMatchObject({ awsCode: 'ClusterNotFoundException', httpStatus: 400 })
  })

  // API_UpdateService.html / API_DeleteService.html: ServiceNotFoundException for a service that does not exist.
  it('ServiceNotFoundException for an unknown service', async () => {
    const { cluster } = await fixture('conf-nosvc')
    expect(
      (
        await rejectionOf(
          t.ecs.send(new UpdateServiceCommand({ cluster, service: 'ghost', desiredCount: 1 })),
        )
      ).name,
    ).toBe('ServiceNotFoundException')
    expect(
      (await rejectionOf(t.ecs.send(new DeleteServiceCommand({ cluster, service: 'ghost' })))).name,
    ).toBe('ServiceNotFoundException')
  })

  // API_DeleteService.html: a REPLICA service must be scaled to 0 first unless force is set (InvalidParameterException).
  it('InvalidParameterException when deleting a scaled-up service without force', async () => {
    const { cluster, td, networkConfiguration } = await fixture('conf-noforce')
    await t.cloud.writers!.ecs.createService({
      cluster,
      serviceName: 'web',
      taskDefinition: td.arn,
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration,
      tags: {},
    })
    const err = await rejectionOf(t.ecs.send(new DeleteServiceCommand({ cluster, service: 'web' })))
    expect(err.name).toBe('InvalidParameterException')
  })

  motoGap(
    'launchType and capacityProviderStrategy are accepted together',
    'moto 5.2.5 moto/ecs/models.py:1598 create_service (capacityProviderStrategy is not read)',
  )(
    // API_CreateService.html: "If a launchType is specified, the capacityProviderStrategy parameter must be omitted."
    'InvalidParameterException when both launchType and capacityProviderStrategy are given',
    async () => {
      const { cluster, td, networkConfiguration } = await fixture('conf-both')
      const err = await rejectionOf(
        t.ecs.send(
          new CreateServiceCommand({
            cluster,
            serviceName: 'web',
            taskDefinition: td.arn,
            desiredCount: 0,
            launchType: 'FARGATE',
            capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
            networkConfiguration,
          }),
        ),
      )
      expect(err.name).toBe('InvalidParameterException')
    },
  )

  // API_DescribeTaskDefinition.html: an unknown task definition is a ClientException; the adapter reads it as absent.
  it('an unknown task definition is a ClientException, and absent to the adapter', async () => {
    const family = uniqueName('conf-notd')
    const err = await rejectionOf(
      t.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: `${family}:1` })),
    )
    expect(err.name).toBe('ClientException')
    expect(await t.cloud.readers.ecs.describeTaskDefinition(`${family}:1`)).toBeUndefined()
  })
})
