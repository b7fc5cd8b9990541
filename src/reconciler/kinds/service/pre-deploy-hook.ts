/**
 * @module A Service's pre-deploy hook: before a new revision rolls out, one task of that revision runs
 * the hook's command (a migration, say); exit 0 lets the rollout start, anything else fails the service
 * while the running revision keeps serving. Once per revision content, across restarts and replicas:
 * the outcome is recorded on the service (tag `ecs-reconciler:pre-deploy`, since ECS lists stopped
 * tasks for only about an hour), a hook task already started for the revision (found by its
 * `startedBy`) is waited on instead of starting another, and RunTask's clientToken is derived from the
 * revision, so a retried call answers the task it started
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/ECS_Idempotency.html).
 */
import { createHash } from 'node:crypto'
import type { OneOffTask, RunTaskInput, Tags } from '../../../cloud/ports/index.js'
import type { ServiceResource } from '../../../manifest/model.js'
import { parseDuration } from '../../../shared/duration.js'
import { ReconcilerError } from '../../../shared/errors.js'
import { toTagValue } from '../../../shared/tag-value.js'
import type { KindAction, PlannedHook } from '../../action.js'
import { ActionFailedError, type ExecutionContext } from '../../execute/context.js'
import type { StoppedTaskCause } from '../../execute/types.js'
import { exitCodeOf, runTaskInput } from '../../one-off/run-spec.js'
import { waitForTaskStop } from '../../one-off/wait.js'
import { TAG_PRE_DEPLOY } from '../../ownership.js'
import type { ServicePayload } from './payload.js'

export { TAG_PRE_DEPLOY }

/** The contract's default: a hook may run 10 minutes. */
export const DEFAULT_HOOK_TIMEOUT_MS = 10 * 60_000

/** The hook of a service's manifest, as the plan shows it. */
export function plannedPreDeploy(service: ServiceResource): PlannedHook | undefined {
  const hook = service.spec.hooks?.preDeploy
  if (!hook) return undefined
  return {
    stage: 'preDeploy',
    command: [...hook.command],
    container: hook.container,
    timeoutMs:
      (hook.timeout !== undefined ? parseDuration(hook.timeout) : undefined) ?? DEFAULT_HOOK_TIMEOUT_MS,
  }
}

/** `retry`: `resume` cleared a failure; the next rollout of that revision runs the hook as a new attempt. */
export type HookResult = 'passed' | 'failed' | 'retry'

export interface HookRecord {
  /** Content hash of the revision the hook ran for (a re-registered twin is the same revision). */
  readonly content: string
  readonly revision: string
  readonly result: HookResult
  /** Attempts for this revision so far: each has its own clientToken and startedBy. */
  readonly attempt: number
  readonly detail: string
}

/** `content=HASH revision=family:7 result=failed attempt=1 detail=…`, in the characters ECS allows. */
export function hookRecordValue(record: HookRecord): string {
  return toTagValue(
    `content=${record.content} revision=${record.revision} result=${record.result} attempt=${record.attempt} detail=${record.detail}`,
  )
}

export function parseHookRecord(value: string | undefined): HookRecord | undefined {
  const match = /^content=(\S+) revision=(\S+) result=(passed|failed|retry) attempt=(\d+) detail=(.*)$/.exec(
    value ?? '',
  )
  if (!match) return undefined
  return {
    content: match[1] ?? '',
    revision: match[2] ?? '',
    result: (match[3] ?? 'failed') as HookResult,
    attempt: Number(match[4]),
    detail: match[5] ?? '',
  }
}

/** What `resume` writes over a failed hook's record: the next rollout runs it again, as a new attempt. */
export function retryRecordValue(record: HookRecord): string {
  return hookRecordValue({ ...record, result: 'retry', detail: 'cleared by resume' })
}

/** A failed hook recorded for this content: it is not run again until `resume` or a new revision. */
export function failedHookFor(tags: Tags | undefined, contentHash: string): HookRecord | undefined {
  const record = parseHookRecord(tags?.[TAG_PRE_DEPLOY])
  return record?.result === 'failed' && record.content === contentHash ? record : undefined
}

export function failedHookReason(record: HookRecord, name: string): string {
  return `the pre-deploy hook failed for revision ${record.revision} (${record.detail}): not run again for it until \`ecs-reconciler resume ${name}\` or a new revision`
}

/** `family:7` from a task-definition ARN. */
function familyRevision(arn: string): string {
  return arn.split('/').pop() ?? arn
}

function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length)
}

/** Lists the hook tasks of one attempt of a revision (ListTasks `startedBy`: letters, numbers, `-`, `_`, `/`). */
export function hookStartedBy(revisionArn: string, attempt: number): string {
  return `ecs-reconciler-pre-deploy-${digest(`${familyRevision(revisionArn)}#${attempt}`, 20)}`
}

/** The same attempt of a revision always gets the same token, so a retried RunTask answers the first task. */
export function hookClientToken(revisionArn: string, attempt: number): string {
  return `pre-deploy-${digest(`${familyRevision(revisionArn)}#${attempt}`, 40)}`
}

function hookRequest(
  hook: PlannedHook,
  payload: ServicePayload,
  revisionArn: string,
  container: string,
  attempt: number,
): RunTaskInput {
  // The desired placement and network: the hook reaches what the new revision will reach.
  return runTaskInput({
    service: payload.settings,
    cluster: payload.cluster,
    taskDefinition: { arn: revisionArn },
    container,
    command: hook.command,
    startedBy: hookStartedBy(revisionArn, attempt),
    tags: {
      ...payload.tags,
      [TAG_PRE_DEPLOY]: toTagValue(`${familyRevision(revisionArn)} attempt ${attempt}`),
    },
    clientToken: hookClientToken(revisionArn, attempt),
  })
}

/** The hook's container: the one named, else the first essential one of the rendered revision. */
function hookContainer(hook: PlannedHook, payload: ServicePayload): string {
  const containers = payload.taskDefinition.containerDefinitions
  if (hook.container !== undefined) return hook.container
  return (containers.find((c) => c.essential !== false) ?? containers[0])?.name ?? ''
}

function causeOf(task: OneOffTask): StoppedTaskCause {
  const exitCodes: Record<string, number> = {}
  const containerReasons: Record<string, string> = {}
  for (const c of task.containers) {
    if (c.exitCode !== undefined) exitCodes[c.name] = c.exitCode
    if (c.reason !== undefined) containerReasons[c.name] = c.reason
  }
  return {
    task: task.arn,
    ...(task.stopCode !== undefined ? { stopCode: task.stopCode } : {}),
    ...(task.stoppedReason !== undefined ? { stoppedReason: task.stoppedReason } : {}),
    exitCodes,
    ...(Object.keys(containerReasons).length > 0 ? { containerReasons } : {}),
  }
}

/** The hook task of this revision started earlier (by a run that was killed, or another replica). */
async function startedEarlier(
  cluster: string,
  startedBy: string,
  ctx: ExecutionContext,
): Promise<OneOffTask | undefined> {
  const arns = await ctx.readers.tasks.listTasksStartedBy(cluster, startedBy)
  if (arns.length === 0) return undefined
  const tasks = await ctx.readers.tasks.describeTasks(cluster, arns)
  // One still running is the one to wait for; else the one that stopped last.
  return (
    tasks.find((t) => t.lastStatus !== 'STOPPED') ??
    [...tasks].sort((a, b) => (b.stoppedAt ?? '').localeCompare(a.stoppedAt ?? ''))[0]
  )
}

/** Waits off the `--concurrency` slots, like every other wait of the executor. */
async function waitOffSlots(
  task: OneOffTask,
  hook: PlannedHook,
  cluster: string,
  ctx: ExecutionContext,
): Promise<OneOffTask> {
  ctx.slots.release()
  try {
    return await waitForTaskStop(
      {
        reader: ctx.readers.tasks,
        clock: ctx.clock,
        cluster,
        pollMs: ctx.pollMs,
        timeoutMs: hook.timeoutMs,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      },
      task,
    )
  } finally {
    await ctx.slots.acquire()
  }
}

async function record(
  payload: ServicePayload,
  value: Omit<HookRecord, 'content'>,
  ctx: ExecutionContext,
): Promise<void> {
  if (!payload.live) return
  await ctx.writers.ecs.tagResource(payload.live.arn, {
    [TAG_PRE_DEPLOY]: hookRecordValue({ ...value, content: payload.taskDefinitionHash }),
  })
}

/**
 * Runs the hook for `revisionArn` unless its outcome is already known. Returns when it passed; throws
 * an ActionFailedError (with the task as its cause) when it failed, timed out or cannot start.
 */
export async function runPreDeployHook(
  action: KindAction,
  payload: ServicePayload,
  revisionArn: string,
  ctx: ExecutionContext,
): Promise<void> {
  const hook = payload.preDeploy
  if (!hook) return
  const revision = familyRevision(revisionArn)
  // The outcome on the service, read now: another replica may have run the hook since the plan.
  const now = payload.live ? await ctx.serviceReads.describe(payload.cluster, action.name) : undefined
  const known = parseHookRecord(now?.tags[TAG_PRE_DEPLOY])
  const ours = known?.content === payload.taskDefinitionHash ? known : undefined
  if (ours?.result === 'passed') return
  if (ours?.result === 'failed') throw new ActionFailedError(failedHookReason(ours, action.name))
  const attempt = ours ? ours.attempt + 1 : 1
  const container = hookContainer(hook, payload)
  const startedBy = hookStartedBy(revisionArn, attempt)
  let task = await startedEarlier(payload.cluster, startedBy, ctx)
  if (!task) {
    task = await ctx.writers.tasks.runTask(hookRequest(hook, payload, revisionArn, container, attempt))
  }
  let stopped: OneOffTask
  try {
    stopped = await waitOffSlots(task, hook, payload.cluster, ctx)
  } catch (err) {
    if (!(err instanceof ReconcilerError) || err.code !== 'TIMEOUT') throw err
    const detail = `timed out after ${Math.round(hook.timeoutMs / 1000)}s`
    await ctx.writers.tasks.stopTask(payload.cluster, task.arn, `pre-deploy hook ${detail}`)
    await record(payload, { revision, attempt, result: 'failed', detail }, ctx)
    throw new ActionFailedError(
      `pre-deploy hook of ${revision} ${detail}; the running revision keeps serving`,
    )
  }
  const exitCode = exitCodeOf(stopped, container)
  if (exitCode === 0) {
    await record(
      payload,
      { revision, attempt, result: 'passed', detail: `exit 0 task ${stopped.arn.split('/').pop() ?? ''}` },
      ctx,
    )
    return
  }
  const detail =
    exitCode === undefined
      ? `container ${container} did not exit: ${stopped.stoppedReason ?? stopped.stopCode ?? 'stopped'}`
      : `container ${container} exited ${exitCode}`
  await record(payload, { revision, attempt, result: 'failed', detail }, ctx)
  throw new ActionFailedError(
    `pre-deploy hook of ${revision} failed: ${detail}; the running revision keeps serving`,
    {
      causes: { stoppedTasks: [causeOf(stopped)], events: [] },
    },
  )
}
