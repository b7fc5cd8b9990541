/**
 * The CreateService members passed through as the API spells them compare as ECS means them: what ECS
 * echoes by default is no change, and availabilityZoneRebalancing, whose default differs between a new
 * service (ENABLED) and one that never had it (DISABLED), is compared only when the manifest states it
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html).
 */
import { describe, expect, it } from 'vitest'
import type { ServiceSettings } from '../../../src/cloud/ports/index.js'
import { diffValues } from '../../../src/reconciler/diff/diff.js'
import { serviceView, type NormaliseContext } from '../../../src/reconciler/kinds/service/normalise.js'

const ctx: NormaliseContext = { namespaceName: (ref) => ref, autoscaled: false }
const view = (settings: ServiceSettings, c: NormaliseContext = ctx) =>
  serviceView({ taskDefinition: undefined, settings, tags: {}, scaling: undefined }, c)

const ROLE = 'arn:aws:iam::123456789012:role/ecsInfrastructureRole'

describe('service members as ECS means them', () => {
  it('an EBS volume ECS echoes with its default filesystem type is no change (API_ServiceManagedEBSVolumeConfiguration)', () => {
    const desired = {
      volumeConfigurations: [{ name: 'data', managedEBSVolume: { roleArn: ROLE, sizeInGiB: 30 } }],
    }
    const echoed = {
      volumeConfigurations: [
        { name: 'data', managedEBSVolume: { roleArn: ROLE, sizeInGiB: 30, filesystemType: 'xfs' } },
      ],
    }
    expect(view(echoed)).toEqual(view(desired))
    const bigger = {
      volumeConfigurations: [{ name: 'data', managedEBSVolume: { roleArn: ROLE, sizeInGiB: 40 } }],
    }
    expect(view(bigger)).not.toEqual(view(desired))
  })

  it('empty lists, the ECS controller and unset managed tags say nothing', () => {
    expect(
      view({
        serviceRegistries: [],
        vpcLatticeConfigurations: [],
        deploymentController: { type: 'ECS' },
        enableECSManagedTags: false,
      }),
    ).toEqual(view({}))
    expect(view({ deploymentController: { type: 'CODE_DEPLOY' } })).not.toEqual(view({}))
    expect(view({ enableECSManagedTags: true })).not.toEqual(view({}))
  })

  it('lifecycle hooks echoed with their documented defaults are no change (API_DeploymentLifecycleHook)', () => {
    const hook = {
      hookTargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:check',
      roleArn: ROLE,
      lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
    }
    const desired = { deploymentConfiguration: { strategy: 'BLUE_GREEN', lifecycleHooks: [hook] } }
    const echoed = {
      deploymentConfiguration: {
        strategy: 'BLUE_GREEN',
        lifecycleHooks: [
          {
            ...hook,
            targetType: 'AWS_LAMBDA',
            timeoutConfiguration: { timeoutInMinutes: 1440, action: 'ROLLBACK' },
          },
        ],
      },
    }
    expect(view(echoed)).toEqual(view(desired))
  })

  it('availabilityZoneRebalancing is compared only when the manifest states it', () => {
    const stating = { ...ctx, statesAzRebalancing: true }
    // Left out: a new service gets ENABLED, an old one has DISABLED; neither is a change.
    expect(view({ availabilityZoneRebalancing: 'DISABLED' })).toEqual(view({}))
    // Stated: a live service that reports none "never had" it, which ECS treats as DISABLED.
    expect(view({}, stating)).toEqual(view({ availabilityZoneRebalancing: 'DISABLED' }, stating))
    expect(view({}, stating)).not.toEqual(view({ availabilityZoneRebalancing: 'ENABLED' }, stating))
  })
})

describe('monitoring as ECS means it', () => {
  const at = (cpu: number, memory?: number): ServiceSettings => ({
    monitoring: {
      metricConfigurations: [
        { metricNames: ['CPUUtilization'], resolutionSeconds: cpu },
        ...(memory === undefined ? [] : [{ metricNames: ['MemoryUtilization'], resolutionSeconds: memory }]),
      ],
    },
  })

  it('unset, an empty configuration and metrics at 60 s all mean the default resolution (API_MonitoringConfiguration)', () => {
    // "When not specified, Amazon ECS uses the default resolution of 60 seconds."
    expect(view({ monitoring: {} })).toEqual(view({}))
    expect(view({ monitoring: { metricConfigurations: [] } })).toEqual(view({}))
    expect(view(at(60, 60))).toEqual(view({}))
    expect(diffValues(view({}), view(at(60)))).toEqual([])
  })

  it('compares each metric by its resolution, whatever the grouping or order', () => {
    const grouped: ServiceSettings = {
      monitoring: {
        metricConfigurations: [
          { metricNames: ['MemoryUtilization', 'CPUUtilization'], resolutionSeconds: 20 },
        ],
      },
    }
    expect(view(grouped)).toEqual(view(at(20, 20)))
    expect(view(at(20, 60))).toEqual(view(at(20)))
    expect(view(at(20)).monitoring).toEqual({ CPUUtilization: 20 })
  })

  it('a change, an addition and a removal show as changes of monitoring', () => {
    expect(diffValues(view(at(20)), view(at(60))).map((c) => c.path)).toEqual(['monitoring'])
    expect(diffValues(view({}), view(at(20, 20))).map((c) => c.path)).toEqual(['monitoring'])
    expect(diffValues(view(at(20)), view(at(20, 20))).map((c) => c.path)).toEqual([
      'monitoring.MemoryUtilization',
    ])
  })
})
