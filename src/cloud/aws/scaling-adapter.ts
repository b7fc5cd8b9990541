/** @module Application Auto Scaling reader and writer for ECS service desired counts. */
import {
  DeleteScalingPolicyCommand,
  DeleteScheduledActionCommand,
  DeregisterScalableTargetCommand,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
  type ApplicationAutoScalingClient,
  type ScalingPolicy,
  type ScalableTarget as SdkScalableTarget,
  type ScheduledAction as SdkScheduledAction,
  paginateDescribeScalableTargets,
  paginateDescribeScalingPolicies,
  paginateDescribeScheduledActions,
} from '@aws-sdk/client-application-auto-scaling'
import type {
  ScalableTarget,
  ScalingReader,
  ScalingState,
  ScalingWriter,
  ScheduledAction,
  Tags,
  TargetTrackingPolicy,
} from '../ports/index.js'

const NAMESPACE = 'ecs'
const DIMENSION = 'ecs:service:DesiredCount'
/** DescribeScalableTargets takes at most 50 resource ids per call (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScalableTargets.html). */
const TARGETS_BATCH = 50

export function targetFromSdk(t: SdkScalableTarget): ScalableTarget {
  return {
    resourceId: t.ResourceId ?? '',
    minCapacity: t.MinCapacity ?? 0,
    maxCapacity: t.MaxCapacity ?? 0,
    ...(t.ScalableTargetARN ? { arn: t.ScalableTargetARN } : {}),
  }
}

/** Target-tracking policies only: the reconciler manages no other kind. */
export function policyFromSdk(p: ScalingPolicy): TargetTrackingPolicy | undefined {
  const c = p.TargetTrackingScalingPolicyConfiguration
  if (p.PolicyType !== 'TargetTrackingScaling' || !c) return undefined
  return {
    policyName: p.PolicyName ?? '',
    targetValue: c.TargetValue ?? 0,
    predefinedMetricType: c.PredefinedMetricSpecification?.PredefinedMetricType ?? '',
    ...(c.PredefinedMetricSpecification?.ResourceLabel
      ? { resourceLabel: c.PredefinedMetricSpecification.ResourceLabel }
      : {}),
    ...(c.ScaleInCooldown !== undefined ? { scaleInCooldown: c.ScaleInCooldown } : {}),
    ...(c.ScaleOutCooldown !== undefined ? { scaleOutCooldown: c.ScaleOutCooldown } : {}),
    ...(c.DisableScaleIn !== undefined ? { disableScaleIn: c.DisableScaleIn } : {}),
  }
}

export function scheduledActionFromSdk(a: SdkScheduledAction): ScheduledAction {
  return {
    name: a.ScheduledActionName ?? '',
    schedule: a.Schedule ?? '',
    ...(a.Timezone ? { timezone: a.Timezone } : {}),
    ...(a.ScalableTargetAction?.MinCapacity !== undefined
      ? { minCapacity: a.ScalableTargetAction.MinCapacity }
      : {}),
    ...(a.ScalableTargetAction?.MaxCapacity !== undefined
      ? { maxCapacity: a.ScalableTargetAction.MaxCapacity }
      : {}),
  }
}

export class ScalingAdapter implements ScalingReader, ScalingWriter {
  constructor(private readonly client: ApplicationAutoScalingClient) {}

  async describeScaling(resourceIds: readonly string[]): Promise<Map<string, ScalingState>> {
    const states = new Map<string, ScalingState>()
    for (let i = 0; i < resourceIds.length; i += TARGETS_BATCH) {
      const batch = resourceIds.slice(i, i + TARGETS_BATCH)
      for await (const out of paginateDescribeScalableTargets(
        { client: this.client },
        {
          ServiceNamespace: NAMESPACE,
          ScalableDimension: DIMENSION,
          ResourceIds: batch,
        },
      )) {
        for (const t of out.ScalableTargets ?? []) {
          const target = targetFromSdk(t)
          states.set(target.resourceId, { target, policies: [], scheduledActions: [] })
        }
      }
    }
    // Policies and scheduled actions are read only for resources that have a target.
    await Promise.all(
      [...states.values()].map(async (state) => {
        const [policies, scheduled] = await Promise.all([
          this.policies(state.target.resourceId),
          this.scheduled(state.target.resourceId),
        ])
        state.policies.push(...policies)
        state.scheduledActions.push(...scheduled)
      }),
    )
    return states
  }

  private async policies(resourceId: string): Promise<TargetTrackingPolicy[]> {
    const out: TargetTrackingPolicy[] = []
    for await (const page of paginateDescribeScalingPolicies(
      { client: this.client },
      {
        ServiceNamespace: NAMESPACE,
        ScalableDimension: DIMENSION,
        ResourceId: resourceId,
      },
    )) {
      for (const p of page.ScalingPolicies ?? []) {
        const policy = policyFromSdk(p)
        if (policy) out.push(policy)
      }
    }
    return out
  }

  private async scheduled(resourceId: string): Promise<ScheduledAction[]> {
    const out: ScheduledAction[] = []
    for await (const page of paginateDescribeScheduledActions(
      { client: this.client },
      {
        ServiceNamespace: NAMESPACE,
        ScalableDimension: DIMENSION,
        ResourceId: resourceId,
      },
    )) {
      for (const a of page.ScheduledActions ?? []) out.push(scheduledActionFromSdk(a))
    }
    return out
  }

  async registerScalableTarget(target: ScalableTarget, tags: Tags): Promise<void> {
    await this.client.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: NAMESPACE,
        ScalableDimension: DIMENSION,
        ResourceId: target.resourceId,
        MinCapacity: target.minCapacity,
        MaxCapacity: target.maxCapacity,
        Tags: tags,
      }),
    )
  }

  async deregisterScalableTarget(resourceId: string): Promise<void> {
    await this.client.send(
      new DeregisterScalableTargetCommand({
        ServiceNamespace: NAMESPACE,
        ScalableDimension: DIMENSION,
        ResourceId: resourceId,
      }),
    )
  }

  async putTargetTrackingPolicy(resourceId: string, policy: TargetTrackingPolicy): Promise<void> {
    await this.client.send(
      new PutScalingPolicyCommand({
        ServiceNamespace: NAMESPACE,
        ScalableDimension: DIMENSION,
        ResourceId: resourceId,
        PolicyName: policy.policyName,
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: policy.targetValue,
          PredefinedMetricSpecification: {
            PredefinedMetricType: policy.predefinedMetricType as 'ECSServiceAverageCPUUtilization',
            ...(policy.resourceLabel ? { ResourceLabel: policy.resourceLabel } : {}),
          },
          ...(policy.scaleInCooldown !== undefined ? { ScaleInCooldown: policy.scaleInCooldown } : {}),
          ...(policy.scaleOutCooldown !== undefined ? { ScaleOutCooldown: policy.scaleOutCooldown } : {}),
          ...(policy.disableScaleIn !== undefined ? { DisableScaleIn: policy.disableScaleIn } : {}),
        },
      }),
    )
  }

  async deleteScalingPolicy(resourceId: string, policyName: string): Promise<void> {
    await this.client.send(
      new DeleteScalingPolicyCommand({
        ServiceNamespace: NAMESPACE,
        ScalableDimension: DIMENSION,
        ResourceId: resourceId,
        PolicyName: policyName,
      }),
    )
  }

  async putScheduledAction(resourceId: string, action: ScheduledAction): Promise<void> {
    await this.client.send(
      new PutScheduledActionCommand({
        ServiceNamespace: NAMESPACE,
        ScalableDimension: DIMENSION,
        ResourceId: resourceId,
        ScheduledActionName: action.name,
        Schedule: action.schedule,
        ...(action.timezone ? { Timezone: action.timezone } : {}),
        ScalableTargetAction: {
          ...(action.minCapacity !== undefined ? { MinCapacity: action.minCapacity } : {}),
          ...(action.maxCapacity !== undefined ? { MaxCapacity: action.maxCapacity } : {}),
        },
      }),
    )
  }

  async deleteScheduledAction(resourceId: string, name: string): Promise<void> {
    await this.client.send(
      new DeleteScheduledActionCommand({
        ServiceNamespace: NAMESPACE,
        ScalableDimension: DIMENSION,
        ResourceId: resourceId,
        ScheduledActionName: name,
      }),
    )
  }
}
