/** @module ECS tasks: list, describe, stop (a service then replaces its stopped task; a one-off task just stops). */
import type { Handler, HandlerContext } from '../context.js'
import { ecsErrors } from '../errors.js'
import type { EcsCluster, EcsTask, Json } from '../state.js'
import { optionalString, paginate } from '../validate-input.js'
import { requireCluster } from './clusters.js'
import { settleNow, stopTask } from './lifecycle.js'
import { oneOffStatus } from './one-off-tasks.js'
import { lifecycleEnv } from './services.js'

/** Each container of the task's revision, with the exit code of one that exited on its own. */
function containerViews(ctx: HandlerContext, task: EcsTask, status: string): Json[] {
  const td = ctx.world.ecs.taskDefinitions[task.taskDefinitionArn]
  const defs = (td?.body['containerDefinitions'] as { name?: string; image?: string }[] | undefined) ?? []
  const containerStatus = status === 'PROVISIONING' ? 'PENDING' : status
  return defs.map((c) => {
    const exitCode = task.exitCodes?.[c.name ?? '']
    return {
      name: c.name ?? '',
      image: c.image ?? '',
      taskArn: task.arn,
      lastStatus: containerStatus,
      ...(exitCode !== undefined ? { exitCode } : {}),
    }
  })
}

/** What a one-off task reports that a service's does not: its group, starter, overrides, capacity and tags. */
function oneOffFields(task: EcsTask, includeTags: boolean): Json {
  const run = task.run
  if (!run) return {}
  return {
    group: run.group,
    ...(run.startedBy !== undefined ? { startedBy: run.startedBy } : {}),
    overrides: run.overrides ?? { containerOverrides: [] },
    ...run.capacity,
    ...(includeTags ? { tags: Object.entries(run.tags).map(([key, value]) => ({ key, value })) } : {}),
  }
}

export function taskView(ctx: HandlerContext, task: EcsTask, includeTags = false): Json {
  const [, serviceName] = task.serviceKey.split('/')
  const status = task.run ? oneOffStatus(task, ctx.now) : task.lastStatus
  return {
    taskArn: task.arn,
    clusterArn: task.clusterArn,
    taskDefinitionArn: task.taskDefinitionArn,
    ...(task.run
      ? oneOffFields(task, includeTags)
      : { group: `service:${serviceName ?? ''}`, startedBy: task.deploymentId, launchType: 'FARGATE' }),
    lastStatus: status,
    desiredStatus: task.desiredStatus,
    createdAt: task.launchedAt / 1000,
    ...(status === 'RUNNING' || status === 'STOPPED' ? { startedAt: task.readyAt / 1000 } : {}),
    ...(task.stoppedAt !== undefined
      ? {
          stoppedAt: task.stoppedAt / 1000,
          stoppedReason: task.stoppedReason,
          stopCode: task.stopCode ?? 'ServiceSchedulerInitiated',
        }
      : {}),
    containers: containerViews(ctx, task, status),
  }
}

/** ListTasks filters (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTasks.html). */
function listFilter(input: Json, cluster: EcsCluster): (t: EcsTask) => boolean {
  const serviceName = optionalString(input, 'serviceName', ecsErrors.invalid)
  const desired = optionalString(input, 'desiredStatus', ecsErrors.invalid) ?? 'RUNNING'
  const startedBy = optionalString(input, 'startedBy', ecsErrors.invalid)
  const family = optionalString(input, 'family', ecsErrors.invalid)
  return (t) =>
    t.clusterArn === cluster.arn &&
    (!serviceName || t.serviceKey === `${cluster.name}/${serviceName}`) &&
    (startedBy === undefined || (t.run?.startedBy ?? t.deploymentId) === startedBy) &&
    (family === undefined || t.taskDefinitionArn.includes(`:task-definition/${family}:`)) &&
    t.desiredStatus === desired
}

const list: Handler = (input, ctx) => {
  const cluster = requireCluster(ctx.world, optionalString(input, 'cluster', ecsErrors.invalid))
  const arns = Object.values(ctx.world.ecs.tasks)
    .filter(listFilter(input, cluster))
    .map((t) => t.arn)
    .sort()
  const max = typeof input['maxResults'] === 'number' ? input['maxResults'] : 100
  const { page, next } = paginate(
    arns,
    max,
    optionalString(input, 'nextToken', ecsErrors.invalid),
    ecsErrors.invalid,
  )
  return { taskArns: page, ...(next ? { nextToken: next } : {}) }
}

const describe: Handler = (input, ctx) => {
  const cluster = requireCluster(ctx.world, optionalString(input, 'cluster', ecsErrors.invalid))
  const refs = input['tasks']
  if (!Array.isArray(refs) || refs.length === 0 || refs.length > 100) {
    throw ecsErrors.invalid('tasks must list 1 to 100 tasks.')
  }
  const includeTags = Array.isArray(input['include']) && input['include'].includes('TAGS')
  const tasks: Json[] = []
  const failures: Json[] = []
  for (const ref of refs as string[]) {
    const task = Object.values(ctx.world.ecs.tasks).find(
      (t) => t.clusterArn === cluster.arn && (t.arn === ref || t.arn.endsWith(`/${ref}`)),
    )
    if (task) tasks.push(taskView(ctx, task, includeTags))
    else failures.push({ arn: ref, reason: 'MISSING' })
  }
  return { tasks, failures }
}

/** Stops a task; its service launches a replacement at once (used by FIS `aws:ecs:stop-task` too). */
export function stopAndReplace(ctx: HandlerContext, task: EcsTask, reason: string): void {
  stopTask(ctx.world, task, ctx.now, reason, 'UserInitiated')
  const service = ctx.world.ecs.services[task.serviceKey]
  if (service) settleNow(lifecycleEnv(ctx), service, ctx.now, (image) => ctx.faults.imageFails(image))
}

const stop: Handler = (input, ctx) => {
  const cluster = requireCluster(ctx.world, optionalString(input, 'cluster', ecsErrors.invalid))
  const ref = optionalString(input, 'task', ecsErrors.invalid)
  if (!ref) throw ecsErrors.invalid('task is required.')
  const task = Object.values(ctx.world.ecs.tasks).find(
    (t) => t.clusterArn === cluster.arn && (t.arn === ref || t.arn.endsWith(`/${ref}`)),
  )
  if (!task) throw ecsErrors.invalid('The referenced task was not found.')
  stopAndReplace(ctx, task, optionalString(input, 'reason', ecsErrors.invalid) ?? 'Task stopped by user')
  return { task: taskView(ctx, task) }
}

export const taskHandlers: Record<string, Handler> = {
  ListTasks: list,
  DescribeTasks: describe,
  StopTask: stop,
}
