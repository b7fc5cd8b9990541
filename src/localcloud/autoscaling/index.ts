/** @module Application Auto Scaling for ECS services: targets (clamping desiredCount), policies, scheduled actions. */
import { arn, type Handler, type HandlerContext } from '../context.js'
import { aasErrors } from '../errors.js'
import { addTagsWithin, checkTagCount } from '../tag-limit.js'
import { settleNow } from '../ecs/lifecycle.js'
import { lifecycleEnv } from '../ecs/services.js'
import { MinHeap } from '../min-heap.js'
import { nextId, type AasScheduledAction, type AasTarget, type Json, type World } from '../state.js'
import { optionalInt, optionalString, paginate, requireString } from '../validate-input.js'

const NAMESPACE = 'ecs'
const DIMENSION = 'ecs:service:DesiredCount'
const RESOURCE_ID = /^service\/([^/]+)\/([^/]+)$/

function checkTarget(input: Json): string {
  if (input['ServiceNamespace'] !== NAMESPACE) {
    throw aasErrors.validation(
      `ServiceNamespace ${String(input['ServiceNamespace'])} is not supported by this emulator (only ecs).`,
    )
  }
  const resourceId = requireString(input, 'ResourceId', aasErrors.validation)
  if (!RESOURCE_ID.test(resourceId)) {
    throw aasErrors.validation('ResourceId must look like service/<cluster>/<service>.')
  }
  if (input['ScalableDimension'] !== DIMENSION) {
    throw aasErrors.validation(`Unsupported ScalableDimension ${String(input['ScalableDimension'])}.`)
  }
  return resourceId
}

/** Moves the service's desired count into [min, max], as RegisterScalableTarget and scheduled actions do (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html). */
function clamp(ctx: HandlerContext, target: AasTarget): void {
  const [, cluster, name] = RESOURCE_ID.exec(target.resourceId) ?? []
  const service = ctx.world.ecs.services[`${cluster ?? ''}/${name ?? ''}`]
  if (!service || service.status !== 'ACTIVE') return
  const clamped = Math.min(target.maxCapacity, Math.max(target.minCapacity, service.desiredCount))
  if (clamped === service.desiredCount) return
  service.desiredCount = clamped
  settleNow(lifecycleEnv(ctx), service, ctx.now, (image) => ctx.faults.imageFails(image))
}

const register: Handler = (input, ctx) => {
  const resourceId = checkTarget(input)
  const min = optionalInt(input, 'MinCapacity', aasErrors.validation, 0)
  const max = optionalInt(input, 'MaxCapacity', aasErrors.validation, 0)
  const existing = ctx.world.aas.targets[resourceId]
  if (!existing && (min === undefined || max === undefined)) {
    throw aasErrors.validation(
      'MinCapacity and MaxCapacity are required when registering a new scalable target.',
    )
  }
  // AWS refuses a target for an ECS service that does not exist (ValidationException "ECS service doesn't exist"; moto agrees).
  const [, cluster, name] = RESOURCE_ID.exec(resourceId) ?? []
  if (!existing && ctx.world.ecs.services[`${cluster ?? ''}/${name ?? ''}`]?.status !== 'ACTIVE') {
    throw aasErrors.validation(`ECS service doesn't exist: ${resourceId}`)
  }
  const target: AasTarget = existing ?? {
    resourceId,
    arn: arn(ctx, 'application-autoscaling', `scalable-target/${nextId(ctx.world, 32)}`),
    minCapacity: 0,
    maxCapacity: 0,
    creationTime: ctx.now,
    tags: {},
  }
  const tags = (input['Tags'] as Record<string, string> | undefined) ?? {}
  checkTagCount({ ...target.tags, ...tags }, aasErrors.tooManyTags)
  if (min !== undefined) target.minCapacity = min
  if (max !== undefined) target.maxCapacity = max
  if (target.minCapacity > target.maxCapacity) {
    throw aasErrors.validation('MinCapacity cannot be greater than MaxCapacity.')
  }
  if (input['SuspendedState']) target.suspendedState = input['SuspendedState'] as Json
  Object.assign(target.tags, tags)
  ctx.world.aas.targets[resourceId] = target
  clamp(ctx, target)
  return { ScalableTargetARN: target.arn }
}

const describeTargets: Handler = (input, ctx) => {
  if (input['ServiceNamespace'] !== NAMESPACE) {
    throw aasErrors.validation('ServiceNamespace is required (only ecs is emulated).')
  }
  const ids = (input['ResourceIds'] as string[] | undefined) ?? []
  if (ids.length > 50) throw aasErrors.validation('ResourceIds can have at most 50 items.')
  const max = optionalInt(input, 'MaxResults', aasErrors.validation, 1, 50) ?? 50
  const all = Object.values(ctx.world.aas.targets)
    .filter((t) => ids.length === 0 || ids.includes(t.resourceId))
    .sort((a, b) => a.resourceId.localeCompare(b.resourceId))
  const { page, next } = paginate(
    all,
    max,
    optionalString(input, 'NextToken', aasErrors.validation),
    aasErrors.validation,
  )
  return {
    ScalableTargets: page.map((t) => ({
      ServiceNamespace: NAMESPACE,
      ResourceId: t.resourceId,
      ScalableDimension: DIMENSION,
      MinCapacity: t.minCapacity,
      MaxCapacity: t.maxCapacity,
      RoleARN: `arn:aws:iam::123456789012:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`,
      CreationTime: t.creationTime / 1000,
      SuspendedState: t.suspendedState ?? {
        DynamicScalingInSuspended: false,
        DynamicScalingOutSuspended: false,
        ScheduledScalingSuspended: false,
      },
      ScalableTargetARN: t.arn,
    })),
    ...(next ? { NextToken: next } : {}),
  }
}

/** Deregistering a target deletes its policies and scheduled actions (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html). */
const deregister: Handler = (input, ctx) => {
  const resourceId = checkTarget(input)
  if (!ctx.world.aas.targets[resourceId]) {
    throw aasErrors.notFound(`No scalable target registered for ${resourceId}.`)
  }
  delete ctx.world.aas.targets[resourceId]
  for (const [key, p] of Object.entries(ctx.world.aas.policies)) {
    if (p.resourceId === resourceId) delete ctx.world.aas.policies[key]
  }
  for (const [key, a] of Object.entries(ctx.world.aas.scheduled)) {
    if (a.resourceId === resourceId) delete ctx.world.aas.scheduled[key]
  }
  return {}
}

const putPolicy: Handler = (input, ctx) => {
  const resourceId = checkTarget(input)
  if (!ctx.world.aas.targets[resourceId]) {
    throw aasErrors.notFound(`No scalable target registered for ${resourceId}.`)
  }
  const name = requireString(input, 'PolicyName', aasErrors.validation)
  const type = optionalString(input, 'PolicyType', aasErrors.validation) ?? 'StepScaling'
  if (!['TargetTrackingScaling', 'StepScaling', 'PredictiveScaling'].includes(type)) {
    throw aasErrors.validation(`Unknown PolicyType ${type}.`)
  }
  const config = (
    type === 'TargetTrackingScaling'
      ? input['TargetTrackingScalingPolicyConfiguration']
      : input['StepScalingPolicyConfiguration']
  ) as Json | undefined
  if (type === 'TargetTrackingScaling' && typeof config?.['TargetValue'] !== 'number') {
    throw aasErrors.validation('TargetTrackingScalingPolicyConfiguration.TargetValue is required.')
  }
  const key = `${resourceId}|${name}`
  const policyArn =
    ctx.world.aas.policies[key]?.arn ??
    arn(
      ctx,
      'autoscaling',
      `scalingPolicy:${nextId(ctx.world, 32)}:resource/ecs/${resourceId}:policyName/${name}`,
    )
  // Target tracking creates and manages its CloudWatch alarms (https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html).
  const alarms =
    type === 'TargetTrackingScaling'
      ? ['AlarmHigh', 'AlarmLow'].map((suffix) => ({
          AlarmName: `TargetTracking-${resourceId}-${suffix}`,
          AlarmARN: arn(ctx, 'cloudwatch', `alarm:TargetTracking-${resourceId}-${suffix}`),
        }))
      : []
  ctx.world.aas.policies[key] = {
    resourceId,
    name,
    arn: policyArn,
    policyType: type,
    config: config ?? {},
    creationTime: ctx.now,
    alarms,
  }
  return { PolicyARN: policyArn, Alarms: alarms }
}

const describePolicies: Handler = (input, ctx) => {
  if (input['ServiceNamespace'] !== NAMESPACE) {
    throw aasErrors.validation('ServiceNamespace is required (only ecs is emulated).')
  }
  const resourceId = optionalString(input, 'ResourceId', aasErrors.validation)
  const names = (input['PolicyNames'] as string[] | undefined) ?? []
  const all = Object.values(ctx.world.aas.policies)
    .filter(
      (p) => (!resourceId || p.resourceId === resourceId) && (names.length === 0 || names.includes(p.name)),
    )
    .sort((a, b) => a.arn.localeCompare(b.arn))
  const max = optionalInt(input, 'MaxResults', aasErrors.validation, 1, 50) ?? 50
  const { page, next } = paginate(
    all,
    max,
    optionalString(input, 'NextToken', aasErrors.validation),
    aasErrors.validation,
  )
  return {
    ScalingPolicies: page.map((p) => ({
      PolicyARN: p.arn,
      PolicyName: p.name,
      ServiceNamespace: NAMESPACE,
      ResourceId: p.resourceId,
      ScalableDimension: DIMENSION,
      PolicyType: p.policyType,
      ...(p.policyType === 'TargetTrackingScaling'
        ? { TargetTrackingScalingPolicyConfiguration: p.config }
        : { StepScalingPolicyConfiguration: p.config }),
      Alarms: p.alarms,
      CreationTime: p.creationTime / 1000,
    })),
    ...(next ? { NextToken: next } : {}),
  }
}

const deletePolicy: Handler = (input, ctx) => {
  const resourceId = checkTarget(input)
  const key = `${resourceId}|${requireString(input, 'PolicyName', aasErrors.validation)}`
  if (!ctx.world.aas.policies[key]) {
    throw aasErrors.notFound('No scaling policy found for service namespace: ecs.')
  }
  delete ctx.world.aas.policies[key]
  return {}
}

const SCHEDULE =
  /^(at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\((\S+ ){5}\S+\))$/

const putScheduled: Handler = (input, ctx) => {
  const resourceId = checkTarget(input)
  if (!ctx.world.aas.targets[resourceId]) {
    throw aasErrors.notFound(`No scalable target registered for ${resourceId}.`)
  }
  const name = requireString(input, 'ScheduledActionName', aasErrors.validation)
  if (/[:/|]/.test(name)) {
    throw aasErrors.validation('ScheduledActionName cannot contain a colon, a slash or a vertical bar.')
  }
  const key = `${resourceId}|${name}`
  const existing = ctx.world.aas.scheduled[key]
  const schedule = optionalString(input, 'Schedule', aasErrors.validation) ?? existing?.schedule
  if (!schedule || !SCHEDULE.test(schedule)) {
    throw aasErrors.validation('Schedule must be at(yyyy-mm-ddThh:mm:ss), rate(n unit) or cron(6 fields).')
  }
  const timezone = optionalString(input, 'Timezone', aasErrors.validation)
  const action: AasScheduledAction = {
    resourceId,
    name,
    arn:
      existing?.arn ??
      arn(
        ctx,
        'autoscaling',
        `scheduledAction:${nextId(ctx.world, 32)}:resource/ecs/${resourceId}:scheduledActionName/${name}`,
      ),
    schedule,
    ...(timezone ? { timezone } : {}),
    action:
      (input['ScalableTargetAction'] as AasScheduledAction['action'] | undefined) ?? existing?.action ?? {},
    creationTime: existing?.creationTime ?? ctx.now,
  }
  ctx.world.aas.scheduled[key] = action
  const at = dueAt(action)
  if (at !== undefined) dueQueue(ctx.world).push(at, true)
  return {}
}

const describeScheduled: Handler = (input, ctx) => {
  if (input['ServiceNamespace'] !== NAMESPACE) {
    throw aasErrors.validation('ServiceNamespace is required (only ecs is emulated).')
  }
  const resourceId = optionalString(input, 'ResourceId', aasErrors.validation)
  const all = Object.values(ctx.world.aas.scheduled)
    .filter((a) => !resourceId || a.resourceId === resourceId)
    .sort((a, b) => a.arn.localeCompare(b.arn))
  const max = optionalInt(input, 'MaxResults', aasErrors.validation, 1, 50) ?? 50
  const { page, next } = paginate(
    all,
    max,
    optionalString(input, 'NextToken', aasErrors.validation),
    aasErrors.validation,
  )
  return {
    ScheduledActions: page.map((a) => ({
      ScheduledActionName: a.name,
      ScheduledActionARN: a.arn,
      ServiceNamespace: NAMESPACE,
      Schedule: a.schedule,
      ...(a.timezone ? { Timezone: a.timezone } : {}),
      ResourceId: a.resourceId,
      ScalableDimension: DIMENSION,
      ScalableTargetAction: a.action,
      CreationTime: a.creationTime / 1000,
    })),
    ...(next ? { NextToken: next } : {}),
  }
}

const deleteScheduled: Handler = (input, ctx) => {
  const resourceId = checkTarget(input)
  const key = `${resourceId}|${requireString(input, 'ScheduledActionName', aasErrors.validation)}`
  if (!ctx.world.aas.scheduled[key]) throw aasErrors.notFound('No scheduled action found.')
  delete ctx.world.aas.scheduled[key]
  return {}
}

function findByArn(ctx: HandlerContext, resourceArn: string): { tags: Record<string, string> } {
  const target = Object.values(ctx.world.aas.targets).find((t) => t.arn === resourceArn)
  if (!target) throw aasErrors.notFound(`Resource ${resourceArn} not found.`)
  return target
}

const tagResource: Handler = (input, ctx) => {
  addTagsWithin(
    findByArn(ctx, requireString(input, 'ResourceARN', aasErrors.validation)).tags,
    (input['Tags'] as Record<string, string> | undefined) ?? {},
    aasErrors.tooManyTags,
  )
  return {}
}

const untagResource: Handler = (input, ctx) => {
  const owner = findByArn(ctx, requireString(input, 'ResourceARN', aasErrors.validation))
  for (const key of (input['TagKeys'] as string[] | undefined) ?? []) delete owner.tags[key]
  return {}
}

const listTags: Handler = (input, ctx) => ({
  Tags: findByArn(ctx, requireString(input, 'ResourceARN', aasErrors.validation)).tags,
})

/** When an `at(...)` schedule falls due (an impossible date: at once), or undefined for cron and rate schedules. */
function dueAt(action: AasScheduledAction): number | undefined {
  const at = /^at\((.+)\)$/.exec(action.schedule)
  if (!at) return undefined
  const time = Date.parse(`${at[1] ?? ''}Z`)
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time
}

/**
 * The times at which some `at(...)` action may fall due, per world (rebuilt for a world loaded from
 * disk). A request with nothing due skips the actions altogether; entries of actions since replaced
 * or deleted only cost one needless pass.
 */
const dueTimes = new WeakMap<World, MinHeap<true>>()

function dueQueue(world: World): MinHeap<true> {
  let queue = dueTimes.get(world)
  if (!queue) {
    queue = new MinHeap<true>()
    for (const action of Object.values(world.aas.scheduled)) {
      const at = dueAt(action)
      if (at !== undefined && !action.fired) queue.push(at, true)
    }
    dueTimes.set(world, queue)
  }
  return queue
}

/** `at(...)` actions fire once when their time passes; cron and rate schedules are stored, not run (docs/local-cloud.md). */
export function evolveScheduledActions(ctx: HandlerContext): void {
  const queue = dueQueue(ctx.world)
  const next = queue.peekKey()
  if (next === undefined || next > ctx.now) return
  while ((queue.peekKey() ?? Number.POSITIVE_INFINITY) <= ctx.now) queue.pop()
  for (const action of Object.values(ctx.world.aas.scheduled)) {
    const at = dueAt(action)
    if (at === undefined || action.fired || at > ctx.now) continue
    action.fired = true
    const target = ctx.world.aas.targets[action.resourceId]
    if (!target) continue
    if (action.action.MinCapacity !== undefined) target.minCapacity = action.action.MinCapacity
    if (action.action.MaxCapacity !== undefined) target.maxCapacity = action.action.MaxCapacity
    clamp(ctx, target)
  }
}

export const autoScalingHandlers: Record<string, Handler> = {
  RegisterScalableTarget: register,
  DescribeScalableTargets: describeTargets,
  DeregisterScalableTarget: deregister,
  PutScalingPolicy: putPolicy,
  DescribeScalingPolicies: describePolicies,
  DeleteScalingPolicy: deletePolicy,
  PutScheduledAction: putScheduled,
  DescribeScheduledActions: describeScheduled,
  DeleteScheduledAction: deleteScheduled,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTags,
}
