/**
 * CreateService members a manifest passes through as the API spells them (serviceRegistries, EBS
 * volumeConfigurations, vpcLatticeConfigurations, availabilityZoneRebalancing, enableECSManagedTags,
 * deploymentController: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html),
 * round-tripped on the local cloud through real SDK clients: a service that has them → `import` → the
 * manifests validate and plan no change → `apply` to an empty cloud makes a service that has them too →
 * taking some away plans an update that removes them (UpdateService: "You can remove existing
 * serviceRegistries by passing an empty list", https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActualService, Cloud } from '../../../src/cloud/ports/index.js'
import { readLiveSystem } from '../../../src/import/live.js'
import { renderImport } from '../../../src/import/render-import.js'
import { validateFiles } from '../../../src/manifest/validate.js'
import { planPass } from '../../../src/reconciler/pass.js'
import { until } from '../../support/poll.js'
import {
  applyPlan,
  ROUND_TRIP_OPTIONS,
  startRoundTripClouds,
  type RoundTripClouds,
} from '../../support/round-trip-clouds.js'

const ROLE = 'arn:aws:iam::123456789012:role/ecsInfrastructureRole'
const REGISTRY = 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-0123456789abcdef'
const TARGET_GROUP = 'arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-0123456789abcdef0'

const MEMBERS = {
  serviceRegistries: [{ registryArn: REGISTRY, containerName: 'app', containerPort: 80 }],
  volumeConfigurations: [
    {
      name: 'data',
      managedEBSVolume: { roleArn: ROLE, sizeInGiB: 30, volumeType: 'gp3', encrypted: true },
    },
  ],
  vpcLatticeConfigurations: [{ roleArn: ROLE, targetGroupArn: TARGET_GROUP, portName: 'http' }],
  availabilityZoneRebalancing: 'DISABLED',
  enableECSManagedTags: true,
  propagateTags: 'SERVICE',
  deploymentController: { type: 'ECS' },
}

let clouds: RoundTripClouds
let sourceCloud: Cloud
let emptyCloud: Cloud

beforeAll(async () => {
  clouds = await startRoundTripClouds('shop')
  sourceCloud = clouds.source
  emptyCloud = clouds.empty
})

afterAll(async () => {
  await clouds.close()
})

async function createSourceService(): Promise<void> {
  const w = sourceCloud.writers!.ecs
  const registered = await w.registerTaskDefinition(
    {
      family: 'orders',
      cpu: '256',
      memory: '512',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      volumes: [{ name: 'data', configuredAtLaunch: true }],
      containerDefinitions: [
        {
          name: 'app',
          image: 'public.ecr.aws/nginx/nginx:1.27',
          portMappings: [{ name: 'http', containerPort: 80 }],
          mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }],
        },
      ],
    },
    {},
  )
  await w.createService({
    cluster: 'shop',
    serviceName: 'orders',
    taskDefinition: registered.arn,
    desiredCount: 1,
    launchType: 'FARGATE',
    networkConfiguration: {
      awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'], assignPublicIp: 'DISABLED' },
    },
    tags: {},
    ...MEMBERS,
  })
}

/** What DescribeServices reports of the members: on the service, and on its primary deployment. */
function membersOf(service: ActualService | undefined) {
  const primary = service?.deployments.find((d) => d.status === 'PRIMARY')
  return {
    serviceRegistries: service?.serviceRegistries,
    availabilityZoneRebalancing: service?.availabilityZoneRebalancing,
    enableECSManagedTags: service?.enableECSManagedTags,
    deploymentController: service?.deploymentController,
    volumeConfigurations: primary?.volumeConfigurations,
    vpcLatticeConfigurations: primary?.vpcLatticeConfigurations,
  }
}

const describeOrders = async (cloud: Cloud) =>
  (await cloud.readers.ecs.describeServices('shop', ['orders']))[0]

describe('CreateService members under their API names', () => {
  it('import → no change → apply to an empty cloud → taking some away removes them', async () => {
    await createSourceService()
    const live = await until('the service to be listed', async () => {
      const system = await readLiveSystem(sourceCloud.readers, { clusters: ['shop'], includeChaos: false })
      return system.services.some((s) => s.service.name === 'orders') ? system : undefined
    })
    const imported = renderImport(live, { namespaces: [], includeChaos: false, source: 'the local cloud' })
    expect(imported.leftOut).toEqual([])
    const files = imported.files.map((f) => ({ file: f.path, text: f.text }))
    const serviceFile = files.find((f) => f.text.includes('kind: Service'))!
    for (const member of ['serviceRegistries', 'volumeConfigurations', 'vpcLatticeConfigurations']) {
      expect(serviceFile.text).toContain(`${member}:`)
    }
    expect(serviceFile.text).toContain('availabilityZoneRebalancing: DISABLED')
    expect(serviceFile.text).toContain('enableECSManagedTags: true')
    // ECS is the default controller: the manifest says nothing of it.
    expect(serviceFile.text).not.toContain('deploymentController')
    const result = validateFiles(files)
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([])

    const adopting = (
      await planPass(result.set, result.graph, sourceCloud.readers, { ...ROUND_TRIP_OPTIONS, adopt: true })
    ).plan
    const service = adopting.actions.find((a) => a.id === 'Service/shop/orders')
    expect(service?.diff.filter((c) => !c.path.startsWith('tags'))).toEqual([])

    const fresh = await planPass(result.set, result.graph, emptyCloud.readers, {
      ...ROUND_TRIP_OPTIONS,
      adopt: false,
    })
    await applyPlan(emptyCloud, fresh.plan)
    expect(membersOf(await describeOrders(emptyCloud))).toEqual(membersOf(await describeOrders(sourceCloud)))

    const trimmed = validateFiles(
      files.map((f) =>
        f === serviceFile
          ? {
              ...f,
              text: f.text
                .replace(/^ {2}serviceRegistries:\n(?: {4}.*\n)+/m, '')
                .replace(/^ {2}enableECSManagedTags: true\n/m, ''),
            }
          : f,
      ),
    )
    expect(trimmed.issues.filter((i) => i.severity === 'error')).toEqual([])
    const removing = (
      await planPass(trimmed.set, trimmed.graph, emptyCloud.readers, { ...ROUND_TRIP_OPTIONS, adopt: false })
    ).plan
    const update = removing.actions.find((a) => a.id === 'Service/shop/orders')
    expect(update?.action).toBe('update')
    expect(update?.diff.map((c) => c.path.split('.')[0]).sort()).toEqual([
      'enableECSManagedTags',
      'serviceRegistries',
    ])
    await applyPlan(emptyCloud, removing)
    const after = membersOf(await describeOrders(emptyCloud))
    expect(after.serviceRegistries ?? []).toEqual([])
    expect(after.enableECSManagedTags).toBe(false)
    expect(after.volumeConfigurations).toEqual(MEMBERS.volumeConfigurations)

    const settled = (
      await planPass(trimmed.set, trimmed.graph, emptyCloud.readers, { ...ROUND_TRIP_OPTIONS, adopt: false })
    ).plan
    expect(settled.actions.find((a) => a.id === 'Service/shop/orders')?.diff).toEqual([])
  }, 60_000)
})
