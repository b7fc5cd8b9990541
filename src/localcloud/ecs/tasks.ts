/** @module ECS tasks: list, describe, stop (the service then replaces a stopped task). */
import type { Handler, HandlerContext } from '../context.js'
import { ecsErrors } from '../errors.js'
import type { EcsTask, Json } from '../state.js'
import { optionalString, paginate } from '../validate-input.js'
import { requireCluster } from './clusters.js'
import { settleNow, stopTask } from './lifecycle.js'
import { lifecycleEnv } from './services.js'

/** Each container of the task's revision, with the exit code of one that exited on its own. */
function containerViews(ctx: HandlerContext, task: EcsTask): Json[] {
  const td = ctx.world.ecs.taskDefinitions[task.taskDefinitionArn]
  const defs = (td?.body['containerDefinitions'] as { name?: string; image?: string }[] | undefined) ?? []
  const status = task.lastStatus === 'PROVISIONING' ? 'PENDING' : task.lastStatus
  return defs.map((c) => {
    const exitCode = task.exitCodes?.[c.name ?? '']
    return {
      name: c.name ?? '',
      image: c.image ?? '',
      taskArn: task.arn,
      lastStatus: status,
      ...(exitCode !== undefined ? { exitCode } : {}),
    }
  })
}

function taskView(ctx: HandlerContext, task: EcsTask): Json {
  const [, serviceName] = task.serviceKey.split('/')
  return {
    taskArn: task.arn,
    clusterArn: task.clusterArn,
    taskDefinitionArn: task.taskDefinitionArn,
    group: `service:${serviceName ?? ''}`,
    startedBy: task.deploymentId,
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    launchType: 'FARGATE',
    createdAt: task.launchedAt / 1000,
    ...(task.lastStatus !== 'PROVISIONING' ? { startedAt: task.readyAt / 1000 } : {}),
    ...(task.stoppedAt !== undefined
      ? {
          stoppedAt: task.stoppedAt / 1000,
          stoppedReason: task.stoppedReason,
          stopCode: task.stopCode ?? 'ServiceSchedulerInitiated',
        }
      : {}),
    containers: containerViews(ctx, task),
  }
}

const list: Handler = (input, ctx) => {
  const cluster = requireCluster(ctx.world, optionalString(input, 'cluster', ecsErrors.invalid))
  const serviceName = optionalString(input, 'serviceName', ecsErrors.invalid)
  const desired = optionalString(input, 'desiredStatus', ecsErrors.invalid) ?? 'RUNNING'
  const arns = Object.values(ctx.world.ecs.tasks)
    .filter(
      (t) =>
        t.clusterArn === cluster.arn &&
        (!serviceName || t.serviceKey === `${cluster.name}/${serviceName}`) &&
        t.desiredStatus === desired,
    )
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
  const tasks: Json[] = []
  const failures: Json[] = []
  for (const ref of refs as string[]) {
    const task = Object.values(ctx.world.ecs.tasks).find(
      (t) => t.clusterArn === cluster.arn && (t.arn === ref || t.arn.endsWith(`/${ref}`)),
    )
    if (task) tasks.push(taskView(ctx, task))
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
