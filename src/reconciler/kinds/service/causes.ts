/**
 * @module Why a service's rollout failed, as ECS tells it: the stop code, reason and container exit
 * codes of a few of its stopped tasks (DescribeTasks), and its latest service events
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-errors.html).
 */
import type { ActualService, EcsReader } from '../../../cloud/ports/index.js'
import type { FailureCauses, StoppedTaskCause } from '../../execute/types.js'

/** Enough to see a pattern, few enough to keep the report (and the API calls) small. */
export const STOPPED_TASKS_SHOWN = 3
const EVENTS_SHOWN = 3

/** Best effort: a read that fails here must not hide the failure being explained. */
export async function rolloutCauses(
  ecs: EcsReader,
  cluster: string,
  service: ActualService | undefined,
  name: string,
): Promise<FailureCauses | undefined> {
  let stoppedTasks: StoppedTaskCause[] = []
  try {
    const stopped = await ecs.describeStoppedTasks(cluster, name, STOPPED_TASKS_SHOWN)
    stoppedTasks = stopped.map((t) => ({
      task: t.arn.split('/').pop() ?? t.arn,
      ...(t.stopCode ? { stopCode: t.stopCode } : {}),
      ...(t.stoppedReason ? { stoppedReason: t.stoppedReason } : {}),
      exitCodes: Object.fromEntries(
        t.containers.flatMap((c) => (c.exitCode !== undefined ? [[c.name, c.exitCode]] : [])),
      ),
      ...(t.containers.some((c) => c.reason)
        ? {
            containerReasons: Object.fromEntries(
              t.containers.flatMap((c) => (c.reason ? [[c.name, c.reason]] : [])),
            ),
          }
        : {}),
    }))
  } catch {
    stoppedTasks = []
  }
  const events = (service?.events ?? []).slice(0, EVENTS_SHOWN).map((e) => e.message)
  if (stoppedTasks.length === 0 && events.length === 0) return undefined
  return { stoppedTasks, events }
}

/** One line per stopped task: `task abc: EssentialContainerExited — Essential container in task exited (web exit 1)`. */
export function describeStoppedTask(t: StoppedTaskCause): string {
  const codes = Object.entries(t.exitCodes).map(([c, code]) => `${c} exit ${code}`)
  const reasons = Object.entries(t.containerReasons ?? {}).map(([c, r]) => `${c}: ${r}`)
  const detail = [...codes, ...reasons].join(', ')
  return `task ${t.task}: ${[t.stopCode, t.stoppedReason].filter(Boolean).join(' — ') || 'stopped'}${detail ? ` (${detail})` : ''}`
}
