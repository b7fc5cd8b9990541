/**
 * @module How services move through time: tasks start after `taskStartSeconds` (or fail to, for a
 * failing image), the PRIMARY deployment completes when running = desired and older deployments'
 * tasks stop, the circuit breaker fails and rolls back (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html), deleted services drain.
 * Evolution is lazy and event-driven: before each request, only the services with an event due by
 * `now` are brought up to it (see lifecycle-index.ts).
 */
import type { Timing } from '../context.js'
import { releaseEndpoints } from '../servicediscovery/registry.js'
import { nextId, type EcsDeployment, type EcsService, type EcsTask, type World } from '../state.js'
import { LifecycleIndex } from './lifecycle-index.js'

export interface LifecycleEnv {
  readonly world: World
  readonly timing: Timing
  readonly region: string
  readonly account: string
}

/** Stopped tasks stay visible for an hour, as in ECS, then are forgotten. */
const STOPPED_TASK_RETENTION_MS = 3_600_000
/** Guards against a zero task-start time turning a failing image into an endless loop. */
const MAX_EVENTS_PER_SERVICE = 10_000

export function serviceKey(clusterName: string, serviceName: string): string {
  return `${clusterName}/${serviceName}`
}

/** Each world's index, built on first use (so a world loaded from disk gets a fresh one). */
const indexes = new WeakMap<World, LifecycleIndex>()

function indexOf(world: World): LifecycleIndex {
  let index = indexes.get(world)
  if (!index) {
    index = new LifecycleIndex(world)
    indexes.set(world, index)
  }
  return index
}

export function tasksOf(world: World, key: string): EcsTask[] {
  return indexOf(world).tasksOf(key)
}

/** Stores a new task and indexes it (one-off tasks too, so they are forgotten an hour after they stop). */
export function trackTask(world: World, task: EcsTask): void {
  world.ecs.tasks[task.arn] = task
  indexOf(world).addTask(task)
}

const live = (t: EcsTask): boolean => t.lastStatus !== 'STOPPED'

export function primaryOf(service: EcsService): EcsDeployment | undefined {
  return service.deployments.find((d) => d.status === 'PRIMARY')
}

export function stopTask(
  world: World,
  task: EcsTask,
  at: number,
  reason: string,
  stopCode = 'ServiceSchedulerInitiated',
  exitCodes?: Record<string, number>,
): void {
  if (task.lastStatus === 'STOPPED') return
  task.lastStatus = 'STOPPED'
  task.desiredStatus = 'STOPPED'
  task.stoppedAt = at
  task.stoppedReason = reason
  task.stopCode = stopCode
  if (exitCodes) task.exitCodes = exitCodes
  indexOf(world).taskStopped(task)
}

function essentialContainers(world: World, taskDefinition: string): { name: string; image: string }[] {
  const td = world.ecs.taskDefinitions[taskDefinition]
  return (
    (td?.body['containerDefinitions'] as
      { name?: string; image?: string; essential?: boolean }[] | undefined) ?? []
  )
    .filter((c) => c.essential !== false)
    .map((c) => ({ name: c.name ?? '', image: c.image ?? '' }))
}

function essentialImages(world: World, taskDefinition: string): string[] {
  return essentialContainers(world, taskDefinition).map((c) => c.image)
}

/**
 * What ECS reports for a task whose essential container exits: stop code EssentialContainerExited,
 * reason "Essential container in task exited" and the container's exit code (stopped-task error
 * codes: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html).
 * A failing image's container is modelled as exiting with status 1.
 */
export const ESSENTIAL_EXITED_REASON = 'Essential container in task exited'

function failedExitCodes(
  world: World,
  task: EcsTask,
  failingImage: (image: string) => boolean,
): Record<string, number> {
  const essential = essentialContainers(world, task.taskDefinitionArn)
  const failing = essential.filter((c) => failingImage(c.image))
  // The fault rules may have changed since the deployment started failing: blame every essential container then.
  return Object.fromEntries((failing.length > 0 ? failing : essential).map((c) => [c.name, 1]))
}

export function launchTask(
  env: LifecycleEnv,
  service: EcsService,
  deployment: EcsDeployment,
  at: number,
): EcsTask {
  const id = nextId(env.world, 32)
  const task: EcsTask = {
    arn: `arn:aws:ecs:${env.region}:${env.account}:task/${service.clusterName}/${id}`,
    clusterArn: service.clusterArn,
    serviceKey: serviceKey(service.clusterName, service.name),
    deploymentId: deployment.id,
    taskDefinitionArn: deployment.taskDefinition,
    launchedAt: at,
    readyAt: at + Math.max(50, env.timing.taskStartSeconds * 1000),
    fails: deployment.failing,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
  }
  trackTask(env.world, task)
  return task
}

export function newDeployment(
  env: LifecycleEnv,
  service: EcsService,
  taskDefinition: string,
  at: number,
  failingImage: (image: string) => boolean,
  settings: Record<string, unknown>,
  serviceConnect?: Record<string, unknown>,
  resources?: EcsDeployment['serviceConnectResources'],
): EcsDeployment {
  for (const d of service.deployments) d.status = 'ACTIVE'
  const deployment: EcsDeployment = {
    id: `ecs-svc/${nextId(env.world, 19).replace(/[a-f]/g, (c) => String(c.charCodeAt(0) % 10))}`,
    status: 'PRIMARY',
    taskDefinition,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: 'ECS deployment in progress.',
    failedTasks: 0,
    failing: essentialImages(env.world, taskDefinition).some(failingImage),
    createdAt: at,
    updatedAt: at,
    settings,
    ...(serviceConnect ? { serviceConnectConfiguration: serviceConnect } : {}),
    ...(resources ? { serviceConnectResources: resources } : {}),
  }
  service.deployments.unshift(deployment)
  service.taskDefinition = taskDefinition
  return deployment
}

function breakerOf(service: EcsService): { enable: boolean; rollback: boolean } {
  const config = service.settings['deploymentConfiguration'] as
    { deploymentCircuitBreaker?: { enable?: boolean; rollback?: boolean } } | undefined
  return {
    enable: config?.deploymentCircuitBreaker?.enable === true,
    rollback: config?.deploymentCircuitBreaker?.rollback === true,
  }
}

/** Failure threshold of the circuit breaker: half the desired count, at least 3, at most 200. */
export function breakerThreshold(desired: number): number {
  return Math.max(3, Math.min(200, Math.ceil(desired / 2)))
}

function addEvent(env: LifecycleEnv, service: EcsService, at: number, message: string): void {
  service.events.unshift({ id: nextId(env.world, 32), createdAt: at, message })
  service.events.length = Math.min(service.events.length, 50)
}

/** Provisioning tasks whose start time has come start running, or stop, for a failing image. */
function startDueTasks(
  env: LifecycleEnv,
  service: EcsService,
  tasks: EcsTask[],
  at: number,
  failingImage: (image: string) => boolean,
): void {
  for (const task of tasks
    .filter((t) => t.lastStatus === 'PROVISIONING' && t.readyAt <= at)
    .sort((a, b) => a.readyAt - b.readyAt)) {
    if (task.fails) {
      stopTask(
        env.world,
        task,
        task.readyAt,
        ESSENTIAL_EXITED_REASON,
        'EssentialContainerExited',
        failedExitCodes(env.world, task, failingImage),
      )
      const deployment = service.deployments.find((d) => d.id === task.deploymentId)
      if (deployment) deployment.failedTasks += 1
    } else {
      task.lastStatus = 'RUNNING'
    }
  }
}

/** A deleted service's tasks stop; once it has drained it becomes INACTIVE and gives up its endpoints. */
function drainDeleted(env: LifecycleEnv, service: EcsService, tasks: EcsTask[], at: number): void {
  for (const task of tasks) stopTask(env.world, task, at, 'Service is being deleted')
  if (service.status === 'DRAINING' && service.drainingUntil !== undefined && at >= service.drainingUntil) {
    service.status = 'INACTIVE'
    service.deployments = []
    releaseEndpoints(env.world, service.arn)
  }
}

/** Whether the circuit breaker fails this deployment now: it is on and enough tasks failed to start. */
export function breakerTrips(
  deployment: Pick<EcsDeployment, 'rolloutState' | 'failedTasks'>,
  breakerEnabled: boolean,
  desiredCount: number,
): boolean {
  return (
    deployment.rolloutState === 'IN_PROGRESS' &&
    breakerEnabled &&
    deployment.failedTasks >= breakerThreshold(desiredCount)
  )
}

/**
 * Fails the primary deployment and stops its tasks; with rollback on and a completed deployment
 * before it, starts a new deployment of that one. Returns whether it rolled back.
 */
function failDeployment(
  env: LifecycleEnv,
  service: EcsService,
  primary: EcsDeployment,
  at: number,
  failingImage: (image: string) => boolean,
): boolean {
  primary.rolloutState = 'FAILED'
  primary.rolloutStateReason = `ECS deployment circuit breaker: tasks failed to start (${primary.failedTasks} failed).`
  primary.updatedAt = at
  addEvent(
    env,
    service,
    at,
    `(service ${service.name}) deployment ${primary.id} deployment failed: tasks failed to start.`,
  )
  const key = serviceKey(service.clusterName, service.name)
  for (const task of tasksOf(env.world, key)) {
    if (task.deploymentId === primary.id) stopTask(env.world, task, at, 'Deployment failed')
  }
  const previous = service.deployments.find((d) => d !== primary && d.rolloutState === 'COMPLETED')
  if (!breakerOf(service).rollback || !previous) return false
  addEvent(env, service, at, `(service ${service.name}) rolling back to deployment ${previous.id}.`)
  // "Amazon ECS doesn't create a new service revision for a rollback operation" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-revision.html).
  const rolledBack = newDeployment(
    env,
    service,
    previous.taskDefinition,
    at,
    failingImage,
    previous.settings,
    previous.serviceConnectConfiguration,
    previous.serviceConnectResources,
  )
  if (previous.serviceRevisionArn) rolledBack.serviceRevisionArn = previous.serviceRevisionArn
  return true
}

/** Launches or stops the primary deployment's tasks until it has the desired count (not-yet-running ones stop first). */
function scaleToDesired(env: LifecycleEnv, service: EcsService, primary: EcsDeployment, at: number): void {
  const key = serviceKey(service.clusterName, service.name)
  const mine = tasksOf(env.world, key).filter((t) => t.deploymentId === primary.id && live(t))
  if (mine.length < service.desiredCount) {
    for (let i = mine.length; i < service.desiredCount; i++) launchTask(env, service, primary, at)
  } else if (mine.length > service.desiredCount) {
    const extra = mine
      .sort((a, b) => Number(a.lastStatus === 'RUNNING') - Number(b.lastStatus === 'RUNNING'))
      .slice(0, mine.length - service.desiredCount)
    for (const task of extra) stopTask(env.world, task, at, 'Scaling activity initiated by deployment')
  }
}

/**
 * Once the desired count of the primary's tasks run and none is still provisioning, the deployment
 * completes (first time: a steady-state event) and the older deployments' tasks stop.
 */
function completeWhenSteady(
  env: LifecycleEnv,
  service: EcsService,
  primary: EcsDeployment,
  at: number,
): void {
  const key = serviceKey(service.clusterName, service.name)
  const running = tasksOf(env.world, key).filter(
    (t) => t.deploymentId === primary.id && t.lastStatus === 'RUNNING',
  ).length
  if (
    running !== service.desiredCount ||
    tasksOf(env.world, key).some((t) => t.deploymentId === primary.id && t.lastStatus === 'PROVISIONING')
  ) {
    return
  }
  if (primary.rolloutState === 'IN_PROGRESS') {
    primary.rolloutState = 'COMPLETED'
    primary.rolloutStateReason = 'ECS deployment completed.'
    primary.updatedAt = at
    addEvent(env, service, at, `(service ${service.name}) has reached a steady state.`)
  }
  for (const task of tasksOf(env.world, key)) {
    if (task.deploymentId !== primary.id) {
      stopTask(env.world, task, at, 'Task replaced by a newer deployment')
    }
  }
  service.deployments = [primary]
}

/** Brings one service to a consistent state at time `at`. */
function settle(
  env: LifecycleEnv,
  service: EcsService,
  at: number,
  failingImage: (image: string) => boolean,
): void {
  const tasks = tasksOf(env.world, serviceKey(service.clusterName, service.name))
  startDueTasks(env, service, tasks, at, failingImage)
  if (service.status !== 'ACTIVE') {
    drainDeleted(env, service, tasks, at)
    return
  }
  const primary = primaryOf(service)
  if (!primary) return
  if (breakerTrips(primary, breakerOf(service).enable, service.desiredCount)) {
    if (failDeployment(env, service, primary, at, failingImage)) {
      settle(env, service, at, failingImage)
      return
    }
  }
  if (primary.rolloutState !== 'FAILED') {
    scaleToDesired(env, service, primary, at)
    completeWhenSteady(env, service, primary, at)
  }
}

function nextEvent(env: LifecycleEnv, service: EcsService): number | undefined {
  const key = serviceKey(service.clusterName, service.name)
  const times = tasksOf(env.world, key)
    .filter((t) => t.lastStatus === 'PROVISIONING')
    .map((t) => t.readyAt)
  if (service.status === 'DRAINING' && service.drainingUntil !== undefined) times.push(service.drainingUntil)
  return times.length > 0 ? Math.min(...times) : undefined
}

/** Queues the service for its next event, or takes it off the queue when it has none. */
function reschedule(env: LifecycleEnv, service: EcsService): void {
  indexOf(env.world).schedule(serviceKey(service.clusterName, service.name), nextEvent(env, service))
}

/**
 * Evolves the world up to `now`, event by event, touching only the services with an event due:
 * a settled service with nothing due would not change (every change settles it and re-queues it).
 */
export function evolveEcs(env: LifecycleEnv, now: number, failingImage: (image: string) => boolean): void {
  const index = indexOf(env.world)
  for (const key of index.takeDue(now)) {
    const service = env.world.ecs.services[key]
    if (!service || service.status === 'INACTIVE') continue
    for (let i = 0; i < MAX_EVENTS_PER_SERVICE; i++) {
      const at = nextEvent(env, service)
      if (at === undefined || at > now) break
      settle(env, service, at, failingImage)
    }
    settle(env, service, now, failingImage)
    reschedule(env, service)
  }
  for (const task of index.takeStoppedBefore(now - STOPPED_TASK_RETENTION_MS)) {
    if (env.world.ecs.tasks[task.arn] !== task) continue
    delete env.world.ecs.tasks[task.arn]
    index.removeTask(task)
  }
}

/** Applies a change at `at` (create, update, stop task) and settles the service right away. */
export function settleNow(
  env: LifecycleEnv,
  service: EcsService,
  at: number,
  failingImage: (image: string) => boolean,
): void {
  settle(env, service, at, failingImage)
  reschedule(env, service)
}
