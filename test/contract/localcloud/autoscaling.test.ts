/** Local cloud conformance for Application Auto Scaling on ECS services (aws-facts §6). */
import {
  DeleteScalingPolicyCommand,
  DeleteScheduledActionCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
  ListTagsForResourceCommand,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
  TagResourceCommand,
} from '@aws-sdk/client-application-auto-scaling'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { errorOf, FARGATE_TASK, startWithClients, type Clients } from '../../support/local-cloud.js'

let c: Clients
const target = {
  ServiceNamespace: 'ecs' as const,
  ScalableDimension: 'ecs:service:DesiredCount' as const,
  ResourceId: 'service/shop/web',
}

beforeEach(async () => {
  c = await startWithClients()
  await c.ecs.send(new CreateClusterCommand({ clusterName: 'shop' }))
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
})
afterEach(async () => c.close())

const desired = async () =>
  (await c.ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: ['web'] }))).services?.[0]
    ?.desiredCount

describe('Application Auto Scaling', () => {
  it('registering a target clamps the service desired count into [min, max]; update keeps omitted bounds', async () => {
    const out = await c.aas.send(
      new RegisterScalableTargetCommand({ ...target, MinCapacity: 2, MaxCapacity: 6, Tags: { team: 'a' } }),
    )
    expect(out.ScalableTargetARN).toMatch(
      /^arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target\//,
    )
    expect(await desired()).toBe(2)
    await c.aas.send(new RegisterScalableTargetCommand({ ...target, MaxCapacity: 4 }))
    const described = await c.aas.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: ['service/shop/web'] }),
    )
    expect(described.ScalableTargets?.[0]).toMatchObject({ MinCapacity: 2, MaxCapacity: 4 })
    expect(
      (await c.aas.send(new ListTagsForResourceCommand({ ResourceARN: out.ScalableTargetARN }))).Tags,
    ).toEqual({ team: 'a' })
    await c.aas.send(new TagResourceCommand({ ResourceARN: out.ScalableTargetARN, Tags: { b: '2' } }))
    expect(
      (await c.aas.send(new ListTagsForResourceCommand({ ResourceARN: out.ScalableTargetARN }))).Tags,
    ).toEqual({ team: 'a', b: '2' })
  })

  it('validation: a new target needs both bounds; min ≤ max; unknown target ObjectNotFoundException', async () => {
    expect(
      (await errorOf(c.aas.send(new RegisterScalableTargetCommand({ ...target, MinCapacity: 1 })))).name,
    ).toBe('ValidationException')
    expect(
      (
        await errorOf(
          c.aas.send(new RegisterScalableTargetCommand({ ...target, MinCapacity: 5, MaxCapacity: 1 })),
        )
      ).name,
    ).toBe('ValidationException')
    expect((await errorOf(c.aas.send(new DeregisterScalableTargetCommand(target)))).name).toBe(
      'ObjectNotFoundException',
    )
    expect(
      (
        await errorOf(
          c.aas.send(
            new PutScalingPolicyCommand({
              ...target,
              PolicyName: 'p',
              PolicyType: 'TargetTrackingScaling',
              TargetTrackingScalingPolicyConfiguration: { TargetValue: 50 },
            }),
          ),
        )
      ).name,
    ).toBe('ObjectNotFoundException')
  })

  it('target tracking policies: put returns the ARN and managed alarms; describe; delete', async () => {
    await c.aas.send(new RegisterScalableTargetCommand({ ...target, MinCapacity: 1, MaxCapacity: 4 }))
    const put = await c.aas.send(
      new PutScalingPolicyCommand({
        ...target,
        PolicyName: 'web-cpu',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 60,
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
          ScaleInCooldown: 120,
        },
      }),
    )
    expect(put.PolicyARN).toContain('policyName/web-cpu')
    expect(put.Alarms?.length).toBe(2)
    const policies = await c.aas.send(
      new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: target.ResourceId }),
    )
    expect(policies.ScalingPolicies?.[0]?.TargetTrackingScalingPolicyConfiguration).toMatchObject({
      TargetValue: 60,
      ScaleInCooldown: 120,
    })
    await c.aas.send(new DeleteScalingPolicyCommand({ ...target, PolicyName: 'web-cpu' }))
    expect(
      (
        await c.aas.send(
          new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: target.ResourceId }),
        )
      ).ScalingPolicies,
    ).toEqual([])
  })

  it('scheduled actions: schedule syntax checked; an at() action fires when its time passes; deregister removes everything', async () => {
    await c.aas.send(new RegisterScalableTargetCommand({ ...target, MinCapacity: 1, MaxCapacity: 4 }))
    expect(
      (
        await errorOf(
          c.aas.send(
            new PutScheduledActionCommand({
              ...target,
              ScheduledActionName: 'x',
              Schedule: 'cron(0 6 * * ?)',
            }),
          ),
        )
      ).name,
    ).toBe('ValidationException')
    expect(
      (
        await errorOf(
          c.aas.send(
            new PutScheduledActionCommand({
              ...target,
              ScheduledActionName: 'a/b',
              Schedule: 'rate(5 minutes)',
            }),
          ),
        )
      ).name,
    ).toBe('ValidationException')
    await c.aas.send(
      new PutScheduledActionCommand({
        ...target,
        ScheduledActionName: 'peak',
        Schedule: 'cron(0 6 27 11 ? 2026)',
        Timezone: 'America/New_York',
        ScalableTargetAction: { MinCapacity: 8, MaxCapacity: 20 },
      }),
    )
    // The manual clock starts at 2026-01-01T00:00:00Z.
    await c.aas.send(
      new PutScheduledActionCommand({
        ...target,
        ScheduledActionName: 'soon',
        Schedule: 'at(2026-01-01T00:10:00)',
        ScalableTargetAction: { MinCapacity: 3, MaxCapacity: 5 },
      }),
    )
    const listed = await c.aas.send(
      new DescribeScheduledActionsCommand({ ServiceNamespace: 'ecs', ResourceId: target.ResourceId }),
    )
    expect(listed.ScheduledActions?.map((a) => a.ScheduledActionName).sort()).toEqual(['peak', 'soon'])
    expect(await desired()).toBe(1)
    c.cloud.advance(601)
    expect(await desired()).toBe(3)
    await c.aas.send(new DeleteScheduledActionCommand({ ...target, ScheduledActionName: 'peak' }))
    await c.aas.send(new DeregisterScalableTargetCommand(target))
    expect(
      (await c.aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }))).ScalableTargets,
    ).toEqual([])
    expect(
      (await c.aas.send(new DescribeScheduledActionsCommand({ ServiceNamespace: 'ecs' }))).ScheduledActions,
    ).toEqual([])
  })
})
