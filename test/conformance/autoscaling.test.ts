/**
 * Application Auto Scaling of ECS service desired counts as the API reference documents it
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/), run against the target of this run.
 */
import {
  DeleteScalingPolicyCommand,
  DeleteScheduledActionCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { motoGap, openTarget, rejectionOf, uniqueName, type Target } from './target.js'

let t: Target
beforeAll(async () => {
  t = await openTarget()
})
afterAll(async () => {
  await t?.close()
})

const DIMENSION = 'ecs:service:DesiredCount' as const

/** An ECS service to scale: both emulators check that the resource exists (API_RegisterScalableTarget.html, ValidationException). */
async function service(): Promise<string> {
  const cluster = uniqueName('conf-scale')
  await t.cloud.writers!.ecs.createCluster({ name: cluster })
  const td = await t.cloud.writers!.ecs.registerTaskDefinition(
    {
      family: cluster,
      cpu: '256',
      memory: '512',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      containerDefinitions: [{ name: 'app', image: 'nginx:1' }],
    },
    {},
  )
  const net = await t.network()
  await t.cloud.writers!.ecs.createService({
    cluster,
    serviceName: 'web',
    taskDefinition: td.arn,
    desiredCount: 1,
    launchType: 'FARGATE',
    networkConfiguration: {
      awsvpcConfiguration: { subnets: net.subnets, securityGroups: net.securityGroups },
    },
    tags: {},
  })
  return `service/${cluster}/web`
}

describe('scalable targets, policies and scheduled actions', () => {
  // API_RegisterScalableTarget.html (registering again updates min/max), API_DescribeScalableTargets.html,
  // API_PutScalingPolicy.html (TargetTrackingScaling), API_PutScheduledAction.html, and their Describe/Delete calls.
  it('register, describe, update and remove a target with a target-tracking policy and a scheduled action', async () => {
    const id = await service()
    const scaling = t.cloud.writers!.scaling
    await scaling.registerScalableTarget({ resourceId: id, minCapacity: 1, maxCapacity: 4 }, {})
    await scaling.registerScalableTarget({ resourceId: id, minCapacity: 2, maxCapacity: 6 }, {})
    await scaling.putTargetTrackingPolicy(id, {
      policyName: 'cpu',
      targetValue: 60,
      predefinedMetricType: 'ECSServiceAverageCPUUtilization',
      scaleInCooldown: 120,
      scaleOutCooldown: 60,
      disableScaleIn: false,
    })
    await scaling.putScheduledAction(id, {
      name: 'night',
      schedule: 'cron(0 22 * * ? *)',
      timezone: 'Europe/Berlin',
      minCapacity: 1,
      maxCapacity: 2,
    })
    const state = (await t.cloud.readers.scaling.describeScaling([id, `${id}-ghost`])).get(id)
    expect(state?.target).toMatchObject({ resourceId: id, minCapacity: 2, maxCapacity: 6 })
    expect(state?.policies).toEqual([
      {
        policyName: 'cpu',
        targetValue: 60,
        predefinedMetricType: 'ECSServiceAverageCPUUtilization',
        scaleInCooldown: 120,
        scaleOutCooldown: 60,
        disableScaleIn: false,
      },
    ])
    expect(state?.scheduledActions).toEqual([
      {
        name: 'night',
        schedule: 'cron(0 22 * * ? *)',
        timezone: 'Europe/Berlin',
        minCapacity: 1,
        maxCapacity: 2,
      },
    ])

    await scaling.deleteScheduledAction(id, 'night')
    await scaling.deleteScalingPolicy(id, 'cpu')
    const emptied = (await t.cloud.readers.scaling.describeScaling([id])).get(id)
    expect(emptied).toMatchObject({ policies: [], scheduledActions: [] })
    await scaling.deregisterScalableTarget(id)
    expect((await t.cloud.readers.scaling.describeScaling([id])).size).toBe(0)
  })

  // API_DescribeScalableTargets.html: ResourceIds filters; the target carries its ScalableTargetARN.
  it('DescribeScalableTargets returns only the requested resource ids', async () => {
    const [a, b] = [await service(), await service()]
    for (const id of [a, b]) {
      await t.aas.send(
        new RegisterScalableTargetCommand({
          ServiceNamespace: 'ecs',
          ScalableDimension: DIMENSION,
          ResourceId: id,
          MinCapacity: 1,
          MaxCapacity: 3,
        }),
      )
    }
    const out = await t.aas.send(
      new DescribeScalableTargetsCommand({
        ServiceNamespace: 'ecs',
        ScalableDimension: DIMENSION,
        ResourceIds: [a],
      }),
    )
    expect(out.ScalableTargets?.map((s) => [s.ResourceId, s.MinCapacity, s.MaxCapacity])).toEqual([[a, 1, 3]])
  })

  // API_RegisterScalableTarget.html: the response carries the ScalableTargetARN.
  it('RegisterScalableTarget returns the scalable target ARN', async () => {
    const id = await service()
    const out = await t.aas.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: 'ecs',
        ScalableDimension: DIMENSION,
        ResourceId: id,
        MinCapacity: 1,
        MaxCapacity: 2,
      }),
    )
    expect(out.ScalableTargetARN).toMatch(
      /^arn:aws:application-autoscaling:us-east-1:\d{12}:scalable-target\//,
    )
  })
})

describe('documented errors', () => {
  const gap = motoGap(
    'unknown targets, policies and actions are ValidationException',
    'moto 5.2.5 moto/applicationautoscaling/models.py:154, :232, :251 (AWSValidationException)',
  )
  // API_DeregisterScalableTarget.html, API_DeleteScalingPolicy.html, API_DeleteScheduledAction.html:
  // ObjectNotFoundException when the target, policy or action does not exist.
  gap('ObjectNotFoundException for an unknown target, policy or scheduled action', async () => {
    const id = `service/${uniqueName('conf-none')}/web`
    const base = { ServiceNamespace: 'ecs' as const, ScalableDimension: DIMENSION, ResourceId: id }
    expect((await rejectionOf(t.aas.send(new DeregisterScalableTargetCommand(base)))).name).toBe(
      'ObjectNotFoundException',
    )
    expect(
      (await rejectionOf(t.aas.send(new DeleteScalingPolicyCommand({ ...base, PolicyName: 'cpu' })))).name,
    ).toBe('ObjectNotFoundException')
    expect(
      (
        await rejectionOf(
          t.aas.send(new DeleteScheduledActionCommand({ ...base, ScheduledActionName: 'night' })),
        )
      ).name,
    ).toBe('ObjectNotFoundException')
  })

  motoGap(
    'policies and scheduled actions are stored without a scalable target',
    'moto 5.2.5 moto/applicationautoscaling/models.py:164 put_scaling_policy, :294 put_scheduled_action (no target lookup)',
  )(
    // API_PutScalingPolicy.html / API_PutScheduledAction.html: ObjectNotFoundException "for any Put or Register API
    // operation, which depends on the existence of a scalable target" when there is none.
    'ObjectNotFoundException for a policy or scheduled action without a scalable target',
    async () => {
      const id = await service()
      const base = { ServiceNamespace: 'ecs' as const, ScalableDimension: DIMENSION, ResourceId: id }
      const policy = new PutScalingPolicyCommand({
        ...base,
        PolicyName: 'cpu',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 50,
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        },
      })
      expect((await rejectionOf(t.aas.send(policy))).name).toBe('ObjectNotFoundException')
      const action = new PutScheduledActionCommand({
        ...base,
        ScheduledActionName: 'night',
        Schedule: 'cron(0 22 * * ? *)',
        ScalableTargetAction: { MinCapacity: 1 },
      })
      expect((await rejectionOf(t.aas.send(action))).name).toBe('ObjectNotFoundException')
    },
  )

  // API_RegisterScalableTarget.html (ValidationException); AWS answers "ECS service doesn't exist: service/<cluster>/<service>"
  // for an ECS service that is not there (seen in https://github.com/spinnaker/spinnaker/issues/4371).
  it('ValidationException when the ECS service does not exist', async () => {
    const cluster = uniqueName('conf-nosvc')
    await t.cloud.writers!.ecs.createCluster({ name: cluster })
    const err = await rejectionOf(
      t.aas.send(
        new RegisterScalableTargetCommand({
          ServiceNamespace: 'ecs',
          ScalableDimension: DIMENSION,
          ResourceId: `service/${cluster}/web`,
          MinCapacity: 1,
          MaxCapacity: 2,
        }),
      ),
    )
    expect(err.name).toBe('ValidationException')
  })
})
