/**
 * @module Waits for a one-off task to stop, reporting each status it passes through
 * (PROVISIONING → PENDING → RUNNING → STOPPED: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html).
 * DescribeTasks is eventually consistent: a task just started may read as missing for a while.
 */
import type { OneOffTask, TaskReader } from '../../cloud/ports/index.js'
import type { Clock } from '../../shared/clock.js'
import { ReconcilerError } from '../../shared/errors.js'

/** How long a task RunTask just returned may stay invisible to DescribeTasks before that is an error. */
const MISSING_GRACE_MS = 30_000

export interface TaskWait {
  readonly reader: TaskReader
  readonly clock: Clock
  readonly cluster: string
  readonly pollMs: number
  /** Give up after this long (ms); Infinity waits as long as the task runs. */
  readonly timeoutMs: number
  readonly onStatus?: (task: OneOffTask) => void
  readonly signal?: AbortSignal
}

/** The task once STOPPED; a TIMEOUT error when it runs longer than allowed (the task is left running). */
export async function waitForTaskStop(wait: TaskWait, started: OneOffTask): Promise<OneOffTask> {
  const begun = wait.clock.now()
  let last = started.lastStatus
  wait.onStatus?.(started)
  for (;;) {
    if (started.lastStatus === 'STOPPED') return started
    const [task] = await wait.reader.describeTasks(wait.cluster, [started.arn])
    const elapsed = wait.clock.now() - begun
    if (task) {
      if (task.lastStatus !== last) {
        last = task.lastStatus
        wait.onStatus?.(task)
      }
      if (task.lastStatus === 'STOPPED') return task
    } else if (elapsed > MISSING_GRACE_MS) {
      throw new ReconcilerError('NOT_FOUND', `task ${started.arn} is not found (DescribeTasks)`)
    }
    if (elapsed >= wait.timeoutMs) {
      throw new ReconcilerError(
        'TIMEOUT',
        `task ${started.arn} still ${last} after ${Math.round(elapsed / 1000)}s`,
      )
    }
    if (wait.signal?.aborted) throw new ReconcilerError('ABORTED', `stopped waiting for task ${started.arn}`)
    await wait.clock.sleep(Math.min(wait.pollMs, Math.max(1, wait.timeoutMs - elapsed)), wait.signal)
  }
}
