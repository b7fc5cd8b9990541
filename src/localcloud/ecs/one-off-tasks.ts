/**
 * @module One-off tasks (RunTask): a task no service owns moves PROVISIONING → PENDING → RUNNING on the
 * local cloud's clock (`taskStartSeconds`, PENDING in its second half), runs for `taskRunSeconds`, then
 * its containers exit with the code the `taskExitCodes` fault rule gives them (default 0) and it stops
 * with stop code EssentialContainerExited (task lifecycle:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html; stop
 * codes: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html).
 * An essential container of a failing image (`failingImages`) exits with 1 as it starts, as service
 * tasks do.
 */
import type { Faults } from '../faults.js'
import {
  nextId,
  type EcsTask,
  type EcsTaskDefinition,
  type Json,
  type OneOffRun,
  type World,
} from '../state.js'
import { ESSENTIAL_EXITED_REASON, stopTask, tasksOf, trackTask, type LifecycleEnv } from './lifecycle.js'

/** The service key of tasks no service owns. */
export const ONE_OFF_KEY = ''

interface ContainerDefinition {
  name?: string
  image?: string
  command?: unknown
  essential?: boolean
}

function containersOf(td: EcsTaskDefinition): ContainerDefinition[] {
  return (td.body['containerDefinitions'] as ContainerDefinition[] | undefined) ?? []
}

/** The command a container runs: the request's override for it, else its task definition's. */
function commandOf(container: ContainerDefinition, overrides: Json | undefined): string[] {
  const override = ((overrides?.['containerOverrides'] as Json[] | undefined) ?? []).find(
    (o) => o['name'] === container.name,
  )
  const command = override?.['command'] ?? container.command
  return Array.isArray(command) ? command.map(String) : []
}

/** The exit code of each container: 1 for each failing essential image (and then only those), else the fault rules' codes. */
function plannedExitCodes(
  faults: Faults,
  td: EcsTaskDefinition,
  overrides: Json | undefined,
): { fails: boolean; codes: Record<string, number> } {
  const containers = containersOf(td)
  const failing = containers.filter((c) => c.essential !== false && faults.imageFails(c.image ?? ''))
  if (failing.length > 0) {
    return { fails: true, codes: Object.fromEntries(failing.map((c) => [c.name ?? '', 1])) }
  }
  const codes = containers.map((c): [string, number] => [
    c.name ?? '',
    faults.taskExitCode(c.image ?? '', commandOf(c, overrides)),
  ])
  return { fails: false, codes: Object.fromEntries(codes) }
}

export interface OneOffLaunch {
  readonly clusterArn: string
  readonly clusterName: string
  readonly taskDefinition: EcsTaskDefinition
  readonly run: Omit<OneOffRun, 'exitsAt' | 'plannedExitCodes'>
}

export function launchOneOff(env: LifecycleEnv, faults: Faults, launch: OneOffLaunch, at: number): EcsTask {
  const id = nextId(env.world, 32)
  const readyAt = at + Math.max(50, env.timing.taskStartSeconds * 1000)
  const { fails, codes } = plannedExitCodes(faults, launch.taskDefinition, launch.run.overrides)
  const task: EcsTask = {
    arn: `arn:aws:ecs:${env.region}:${env.account}:task/${launch.clusterName}/${id}`,
    clusterArn: launch.clusterArn,
    serviceKey: ONE_OFF_KEY,
    deploymentId: '',
    taskDefinitionArn: launch.taskDefinition.arn,
    launchedAt: at,
    readyAt,
    fails,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    run: {
      ...launch.run,
      exitsAt: fails ? readyAt : readyAt + Math.max(50, (env.timing.taskRunSeconds ?? 2) * 1000),
      plannedExitCodes: codes,
    },
  }
  trackTask(env.world, task)
  return task
}

/** Brings every one-off task up to `now`: started, or exited and stopped. */
export function evolveOneOffTasks(world: World, now: number): void {
  for (const task of tasksOf(world, ONE_OFF_KEY)) {
    const run = task.run
    if (!run || task.lastStatus === 'STOPPED') continue
    if (task.lastStatus === 'PROVISIONING' && task.readyAt <= now && !task.fails) task.lastStatus = 'RUNNING'
    if (run.exitsAt <= now) {
      stopTask(
        world,
        task,
        run.exitsAt,
        ESSENTIAL_EXITED_REASON,
        'EssentialContainerExited',
        run.plannedExitCodes,
      )
    }
  }
}

/** PROVISIONING for the first half of the start time, PENDING for the second (DescribeTasks reports both). */
export function oneOffStatus(task: EcsTask, now: number): string {
  if (task.lastStatus !== 'PROVISIONING') return task.lastStatus
  return now >= (task.launchedAt + task.readyAt) / 2 ? 'PENDING' : 'PROVISIONING'
}

/** The one-off tasks RunTask started in a cluster with this idempotency token. */
export function tasksWithToken(world: World, clusterArn: string, clientToken: string): EcsTask[] {
  return tasksOf(world, ONE_OFF_KEY).filter(
    (t) => t.clusterArn === clusterArn && t.run?.clientToken === clientToken,
  )
}
