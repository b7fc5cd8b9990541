/** @module Creates, updates, redeploys, replaces and deletes ECS services, then waits for steady state. */
import {
  CloudError,
  type ActualService,
  type ScalingState,
  type ServiceSettings,
} from '../../../cloud/ports/index.js'
import { pathWithin } from '../../diff/diff.js'
import { TAG_MONITORING, TAG_REDEPLOY_PENDING, TAG_TASK_DEFINITION } from '../../ownership.js'
import type { KindAction } from '../../action.js'
import { ActionFailedError, pollUntil, type ExecutionContext } from '../../execute/context.js'
import { markCompleted } from './completed.js'
import type { ServicePayload } from './payload.js'
import { rolloutCauses } from './causes.js'
import { createServiceToken } from './client-token.js'
import { registerOnce } from './register-once.js'
import { runPreDeployHook } from './pre-deploy-hook.js'
import { taskDefinitionTagValue } from './task-definition-tag.js'

/** Diff areas (first path segment) → the UpdateService fields that carry them. */
const SETTING_FIELDS: Record<string, (keyof ServiceSettings)[]> = {
  desiredCount: ['desiredCount'],
  capacity: ['capacityProviderStrategy', 'launchType'],
  platformVersion: ['platformVersion'],
  network: ['networkConfiguration'],
  loadBalancers: ['loadBalancers'],
  healthCheckGracePeriodSeconds: ['healthCheckGracePeriodSeconds'],
  enableExecuteCommand: ['enableExecuteCommand'],
  propagateTags: ['propagateTags'],
  deployment: ['deploymentConfiguration'],
  serviceConnect: ['serviceConnectConfiguration'],
  serviceRegistries: ['serviceRegistries'],
  availabilityZoneRebalancing: ['availabilityZoneRebalancing'],
  enableECSManagedTags: ['enableECSManagedTags'],
  deploymentController: ['deploymentController'],
  volumeConfigurations: ['volumeConfigurations'],
  vpcLatticeConfigurations: ['vpcLatticeConfigurations'],
  monitoring: ['monitoring'],
}

/**
 * What UpdateService must be sent to take a member away: omitted means "no change". "You can remove
 * existing serviceRegistries by passing an empty list" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html);
 * the other lists likewise, and the scalars go back to their defaults. Monitoring goes back to ECS's
 * 60-second default with an empty list of metric configurations (the model allows 0 items; no AWS page
 * says how to clear it: docs/aws-behaviour.md marks it unverified).
 */
const CLEARED: ServiceSettings = {
  serviceRegistries: [],
  volumeConfigurations: [],
  vpcLatticeConfigurations: [],
  enableECSManagedTags: false,
  deploymentController: { type: 'ECS' },
  monitoring: { metricConfigurations: [] },
}

/** Areas whose change makes ECS start a new deployment (UpdateService doc, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html). */
const DEPLOYING_AREAS = [
  'taskDefinition',
  'network',
  'loadBalancers',
  'serviceConnect',
  'platformVersion',
  'capacity',
  'serviceRegistries',
  'volumeConfigurations',
  'vpcLatticeConfigurations',
  'monitoring',
]

/** A rollout found in progress (or left so by a timed-out wait): hold dependents until it is steady. */
export async function awaitServiceSteady(
  action: KindAction,
  payload: ServicePayload,
  ctx: ExecutionContext,
): Promise<void> {
  const primary = payload.live?.deployments.find((d) => d.status === 'PRIMARY')
  await waitSteady(
    action,
    payload,
    ctx,
    primary ? { taskDefinition: primary.taskDefinition, deploymentId: primary.id } : undefined,
    false,
  )
}

export async function redeployService(
  action: KindAction,
  payload: ServicePayload,
  ctx: ExecutionContext,
): Promise<void> {
  const updated = await ctx.writers.ecs.updateService({
    cluster: payload.cluster,
    service: action.name,
    forceNewDeployment: true,
  })
  await waitSteady(action, payload, ctx, newestDeployment(updated))
  await settleOwedRedeploy(payload, ctx)
}

async function registerIfNeeded(payload: ServicePayload, ctx: ExecutionContext): Promise<string> {
  if (!payload.registerTaskDefinition && payload.liveTaskDefinitionArn) return payload.liveTaskDefinitionArn
  return registerOnce(payload, ctx)
}

/** Records on the service which revision holds the content we render, so a cold plan need not read it. */
async function recordTaskDefinition(
  payload: ServicePayload,
  arn: string,
  ctx: ExecutionContext,
): Promise<void> {
  const live = payload.live
  const value = taskDefinitionTagValue(arn, payload.taskDefinitionHash)
  if (live && live.tags[TAG_TASK_DEFINITION] !== value) {
    await ctx.writers.ecs.tagResource(live.arn, { [TAG_TASK_DEFINITION]: value })
  }
}

/** The value of TAG_MONITORING on a service last applied with monitoring. */
const MONITORING_APPLIED = 'applied'

/**
 * Marks a service applied with monitoring, so later passes read its service revision even once the
 * manifest drops it (to plan clearing it); unmarks it once the manifest has none and ECS has none either.
 */
async function recordMonitoring(payload: ServicePayload, ctx: ExecutionContext): Promise<void> {
  const live = payload.live
  if (!live) return
  const marked = live.tags[TAG_MONITORING] !== undefined
  if (payload.settings.monitoring && !marked) {
    await ctx.writers.ecs.tagResource(live.arn, { [TAG_MONITORING]: MONITORING_APPLIED })
  } else if (!payload.settings.monitoring && marked) {
    await ctx.writers.ecs.untagResource(live.arn, [TAG_MONITORING])
  }
}

export async function createService(
  action: KindAction,
  payload: ServicePayload,
  ctx: ExecutionContext,
): Promise<void> {
  const taskDefinitionArn = await registerOnce(payload, ctx)
  await runPreDeployHook(action, payload, taskDefinitionArn, ctx)
  // With autoscaling the scaler owns desiredCount once it runs; it starts at the manifest's count within the bounds (https://docs.aws.amazon.com/autoscaling/application/userguide/services-that-can-integrate-ecs.html).
  const desiredCount = payload.initialDesiredCount
  const input = {
    ...payload.settings,
    cluster: payload.cluster,
    serviceName: action.name,
    taskDefinition: taskDefinitionArn,
    desiredCount,
    tags: {
      ...payload.tags,
      [TAG_TASK_DEFINITION]: taskDefinitionTagValue(taskDefinitionArn, payload.taskDefinitionHash),
      ...(payload.settings.monitoring ? { [TAG_MONITORING]: MONITORING_APPLIED } : {}),
    },
  }
  // The same token for the same create: a retry whose first response was lost gets the service back.
  const created = await ctx.writers.ecs.createService({ ...input, clientToken: createServiceToken(input) })
  if (payload.scaling) await applyScaling(payload.scaling, undefined, payload.tags, ctx)
  await waitSteady(action, payload, ctx, {
    taskDefinition: taskDefinitionArn,
    deploymentId: newestDeployment(created)?.deploymentId,
  })
}

/** The UpdateService fields of the changed areas; removals are stated explicitly. */
function changedSettings(
  areas: ReadonlySet<string>,
  payload: ServicePayload,
  live: ActualService,
): ServiceSettings {
  const fields = new Set([...areas].flatMap((a) => SETTING_FIELDS[a] ?? []))
  const changes: ServiceSettings = {}
  for (const field of fields) {
    const value = payload.settings[field] ?? CLEARED[field]
    if (value !== undefined) Object.assign(changes, { [field]: value })
  }
  // Omitting serviceConnectConfiguration means "no change" to ECS: removal must be explicit (docs/reconciling.md).
  if (areas.has('serviceConnect') && !payload.settings.serviceConnectConfiguration) {
    changes.serviceConnectConfiguration = { enabled: false }
  }
  if (
    areas.has('capacity') &&
    !payload.settings.capacityProviderStrategy &&
    live.capacityProviderStrategy?.length
  ) {
    changes.capacityProviderStrategy = []
  }
  return changes
}

export async function updateService(
  action: KindAction,
  payload: ServicePayload,
  ctx: ExecutionContext,
): Promise<void> {
  const live = payload.live
  if (!live) throw new ActionFailedError('the live service is gone; rerun to create it')
  const areas = new Set(action.diff.map((c) => c.path.split('.')[0] ?? ''))
  const taskDefinitionArn = await registerIfNeeded(payload, ctx)
  if (taskDefinitionArn !== live.taskDefinition) {
    await runPreDeployHook(action, payload, taskDefinitionArn, ctx)
  }
  const changes = changedSettings(areas, payload, live)
  const deploying = payload.forceNewDeployment || [...areas].some((a) => DEPLOYING_AREAS.includes(a))
  // Only a service revision reports monitoring, and ECS makes one only when a deployment starts
  // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-revision.html): a change of
  // monitoring starts one, so the revision read back holds it (docs/aws-behaviour.md).
  const force = payload.forceNewDeployment || areas.has('monitoring')
  let deployment: DeploymentRef | undefined
  if (Object.keys(changes).length > 0 || taskDefinitionArn !== live.taskDefinition || force) {
    const updated = await ctx.writers.ecs.updateService({
      ...changes,
      cluster: payload.cluster,
      service: action.name,
      ...(taskDefinitionArn !== live.taskDefinition ? { taskDefinition: taskDefinitionArn } : {}),
      ...(force ? { forceNewDeployment: true } : {}),
    })
    deployment = deploying
      ? { taskDefinition: taskDefinitionArn, deploymentId: newestDeployment(updated)?.deploymentId }
      : undefined
  }
  if (action.diff.some((c) => pathWithin(c.path, 'autoscaling'))) {
    if (payload.scaling) await applyScaling(payload.scaling, payload.liveScaling, payload.tags, ctx)
    else if (payload.liveScaling) {
      await ctx.writers.scaling.deregisterScalableTarget(payload.liveScaling.target.resourceId)
    }
  }
  // Only a revision known to hold exactly the rendered content is recorded (not one kept for a drift.ignore'd field).
  const holdsRendered =
    payload.registerTaskDefinition ||
    ![...action.diff, ...action.ignored].some((c) => pathWithin(c.path, 'taskDefinition'))
  if (holdsRendered) await recordTaskDefinition(payload, taskDefinitionArn, ctx)
  if (!action.ignored.some((c) => pathWithin(c.path, 'monitoring'))) await recordMonitoring(payload, ctx)
  await waitSteady(
    action,
    payload,
    ctx,
    deployment ?? { taskDefinition: taskDefinitionArn, deploymentId: undefined },
  )
  if (payload.forceNewDeployment) await settleOwedRedeploy(payload, ctx)
}

/**
 * The new deployment is steady (or, with --no-wait, accepted): the redeploy marked as owed, by this
 * run or an earlier one, is paid.
 */
async function settleOwedRedeploy(payload: ServicePayload, ctx: ExecutionContext): Promise<void> {
  const live = payload.live
  if (!live) return
  if (live.tags[TAG_REDEPLOY_PENDING] === undefined && !payload.redeployFor?.length) return
  await ctx.writers.ecs.untagResource(live.arn, [TAG_REDEPLOY_PENDING])
}

async function applyScaling(
  desired: ScalingState,
  live: ScalingState | undefined,
  tags: Record<string, string>,
  ctx: ExecutionContext,
): Promise<void> {
  const scaling = ctx.writers.scaling
  const id = desired.target.resourceId
  if (
    !live ||
    live.target.minCapacity !== desired.target.minCapacity ||
    live.target.maxCapacity !== desired.target.maxCapacity
  ) {
    await scaling.registerScalableTarget(desired.target, tags)
  }
  for (const policy of desired.policies) await scaling.putTargetTrackingPolicy(id, policy)
  for (const stale of live?.policies ?? []) {
    if (!desired.policies.some((p) => p.policyName === stale.policyName)) {
      await scaling.deleteScalingPolicy(id, stale.policyName)
    }
  }
  for (const scheduled of desired.scheduledActions) await scaling.putScheduledAction(id, scheduled)
  for (const stale of live?.scheduledActions ?? []) {
    if (!desired.scheduledActions.some((a) => a.name === stale.name)) {
      await scaling.deleteScheduledAction(id, stale.name)
    }
  }
}

export async function deleteService(
  action: KindAction,
  payload: ServicePayload,
  ctx: ExecutionContext,
  waitGone: boolean,
): Promise<void> {
  if (payload.liveScaling) {
    await ctx.writers.scaling.deregisterScalableTarget(payload.liveScaling.target.resourceId)
  }
  await ctx.writers.ecs.deleteService(payload.cluster, action.name)
  if (!waitGone) return
  // A name can only be reused once the old service is INACTIVE (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteService.html), which describe reports as absent.
  await pollUntil(ctx, `service ${action.name} to drain`, async () => {
    const found = await ctx.serviceReads.describe(payload.cluster, action.name)
    return found && found.status !== 'INACTIVE' ? undefined : true
  })
}

interface DeploymentRef {
  readonly taskDefinition: string
  readonly deploymentId: string | undefined
}

function newestDeployment(
  service: ActualService,
): { taskDefinition: string; deploymentId: string | undefined } | undefined {
  const primary = service.deployments.find((d) => d.status === 'PRIMARY')
  return primary ? { taskDefinition: primary.taskDefinition, deploymentId: primary.id } : undefined
}

/**
 * How long after its own write a service that reads as missing (or without the deployment just started)
 * is waited on as "not yet visible". ECS documents eventual consistency without a bound (ECS API
 * reference, RunTask: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html); the
 * wave deadline still caps the wait.
 */
const VISIBILITY_GRACE_MS = 30_000

/**
 * Steady, as AWS's services-stable waiter defines it (one deployment, running = desired), plus the
 * deployment we started must itself be COMPLETED: after a circuit-breaker rollback the waiter would
 * succeed although our rollout failed (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html).
 */
async function waitSteady(
  action: KindAction,
  payload: ServicePayload,
  ctx: ExecutionContext,
  ref: DeploymentRef | undefined,
  ownWrite = true,
): Promise<void> {
  if (!ctx.wait) return
  // ECS is eventually consistent: right after our own write, reads may not show it yet (MISSING, the
  // cluster not found, the deployment before ours). That is "not yet visible" for a grace period, not a failure.
  const visibleBy = ownWrite ? ctx.clock.now() + VISIBILITY_GRACE_MS : 0
  const notYetVisible = (): boolean => ctx.clock.now() < visibleBy
  let last: ActualService | undefined
  try {
    await pollUntil(ctx, `service ${action.name} to reach steady state`, async () => {
      const service = await ctx.serviceReads.describe(payload.cluster, action.name).catch((err: unknown) => {
        if (
          err instanceof CloudError &&
          /ClusterNotFound|ServiceNotFound/.test(err.awsCode) &&
          notYetVisible()
        ) {
          return undefined
        }
        throw err
      })
      if (!service && notYetVisible()) return undefined
      if (!service || service.status !== 'ACTIVE') {
        throw new ActionFailedError(`service ${action.name} is ${service?.status ?? 'missing'}`)
      }
      last = service
      const ours = ref?.deploymentId ? service.deployments.find((d) => d.id === ref.deploymentId) : undefined
      if (ref?.deploymentId && !ours && notYetVisible()) return undefined
      reportProgress(action, service, ours, ctx)
      if (ours?.rolloutState === 'FAILED') {
        throw new ActionFailedError(
          `deployment failed: ${ours.rolloutStateReason ?? 'rollout FAILED'}${service.deployments.length > 1 ? ' (rolling back)' : ''}`,
        )
      }
      const primary = service.deployments.find((d) => d.status === 'PRIMARY')
      if (ref && primary && primary.taskDefinition !== ref.taskDefinition) {
        throw new ActionFailedError(
          `deployment was rolled back to ${primary.taskDefinition.split('/').pop() ?? primary.taskDefinition}${ours?.rolloutStateReason ? `: ${ours.rolloutStateReason}` : ''}`,
        )
      }
      const settled =
        service.deployments.length === 1 && (primary?.rolloutState ?? 'COMPLETED') === 'COMPLETED'
      return settled && service.runningCount === service.desiredCount ? true : undefined
    })
  } catch (err) {
    throw await explained(err, action, payload, last, ctx)
  }
  await markCompleted(last, ctx)
}

/** Each poll's numbers for the live progress view: the deployment we started, else the service as a whole. */
function reportProgress(
  action: KindAction,
  service: ActualService,
  ours: ActualService['deployments'][number] | undefined,
  ctx: ExecutionContext,
): void {
  const deployment = ours ?? service.deployments.find((d) => d.status === 'PRIMARY')
  ctx.progress?.(action.id, {
    state:
      deployment?.rolloutState ??
      (service.runningCount === service.desiredCount ? 'COMPLETED' : 'IN_PROGRESS'),
    running: deployment?.runningCount ?? service.runningCount,
    desired: deployment?.desiredCount ?? service.desiredCount,
    pending: deployment?.pendingCount ?? service.pendingCount,
    failed: deployment?.failedTasks ?? 0,
  })
}

/** A failed, rolled-back or timed-out rollout carries ECS's own account of why (stopped tasks, events). */
async function explained(
  err: unknown,
  action: KindAction,
  payload: ServicePayload,
  last: ActualService | undefined,
  ctx: ExecutionContext,
): Promise<unknown> {
  if (!(err instanceof ActionFailedError) || err.causes || ctx.signal?.aborted) return err
  const failedTasks = last?.deployments.reduce((n, d) => n + (d.failedTasks ?? 0), 0) ?? 0
  // A timeout with no task ever failing is slowness, not a fault: there is nothing to explain.
  if (err.timedOut && failedTasks === 0) return err
  const causes = await rolloutCauses(ctx.readers.ecs, payload.cluster, last, action.name)
  return causes ? err.withCauses(causes) : err
}
