/** @module Runs a Plan wave by wave: parallel within a wave, steady before the next, dependents of failures skipped. */
import { isTerminalCloudError, type CloudReaders, type CloudWriters } from '../../cloud/ports/index.js'
import { errorMessage } from '../../shared/errors.js'
import type { Clock } from '../../shared/clock.js'
import { Semaphore } from '../../shared/concurrency.js'
import { pathWithin } from '../diff/diff.js'
import { handlerFor, KIND_HANDLERS } from '../kinds/registry.js'
import { isBookkeepingTag } from '../ownership.js'
import { isChange, type Plan, type PlanAction } from '../plan/types.js'
import { ActionFailedError, type ExecutionContext } from './context.js'
import { notStartedResult } from './not-started.js'
import { ContentIndex } from './content-index.js'
import { ServiceReads } from './service-reads.js'
import { tagDelta } from './tags.js'
import type { ActionResult, ExecutionEvent } from './types.js'
import type { VerifyCheck } from '../../verify/types.js'

export interface ExecuteOptions {
  readonly readers: CloudReaders
  readonly writers: CloudWriters
  readonly clock: Clock
  readonly signal?: AbortSignal
  readonly wait: boolean
  /** Per wave, as `apply --timeout`. */
  readonly timeoutMs: number
  readonly pollMs: number
  readonly concurrency: number
  readonly allowReplace: boolean
  readonly onEvent?: (event: ExecutionEvent) => void
  /** Asked before each wave (and each action of it): a reason here skips what has not started (a leader that lost its lease). */
  readonly fence?: () => string | undefined
  /**
   * Checks the account for the actions about to deploy (verify): the failed checks by action id. Each
   * one is held `blocked`, and what depends on it is skipped, as after a failed backend.
   */
  readonly verify?: (actions: readonly PlanAction[]) => Promise<ReadonlyMap<string, readonly VerifyCheck[]>>
}

export async function executePlan(plan: Plan, options: ExecuteOptions): Promise<ActionResult[]> {
  // A `wait` changes nothing but is run: it holds its dependents until its rollout is steady. An
  // `unknown` is reported (never performed), so that what depends on it is skipped.
  const work = plan.actions.filter((a) => isChange(a) || a.action === 'wait' || a.action === 'unknown')
  const results = new Map<string, ActionResult>()
  const waves = [...new Set(work.map((a) => a.wave))].sort((a, b) => a - b)
  const emit = (event: ExecutionEvent): void => options.onEvent?.(event)
  const shared: PassShared = {
    serviceReads: new ServiceReads(options.readers.ecs, options.clock),
    contents: contentIndexOf(work, options.readers),
  }
  const run: RunState = { options, results, emit, ...(await gatesBeforeRunning(work, options)) }
  for (const wave of waves) {
    const actions = work.filter((a) => a.wave === wave)
    emit({ type: 'wave-start', wave, actions: actions.length })
    const ctx = waveContext(options, shared)
    const waveResults = await Promise.all(
      actions.map(async (action) => {
        await ctx.slots.acquire()
        try {
          return await runAction(action, wave, ctx, run)
        } finally {
          ctx.slots.release()
        }
      }),
    )
    for (const r of waveResults) results.set(r.id, r)
    emit({ type: 'wave-done', wave, results: waveResults })
  }
  return work.map((a) => results.get(a.id)).filter((r): r is ActionResult => r !== undefined)
}

/** What running an action reads besides the action: the results so far and the gates set before any ran. */
interface RunState {
  readonly options: ExecuteOptions
  readonly results: ReadonlyMap<string, ActionResult>
  readonly emit: (event: ExecutionEvent) => void
  /** The failed verify checks, by action id. */
  readonly blocked: ReadonlyMap<string, readonly VerifyCheck[]>
  /** Why a kind held an action back before anything ran, by action id. */
  readonly heldBack: ReadonlyMap<string, string>
}

/** Verify, then each kind's preflight; neither runs once interrupted or fenced. */
async function gatesBeforeRunning(
  work: readonly PlanAction[],
  options: ExecuteOptions,
): Promise<Pick<RunState, 'blocked' | 'heldBack'>> {
  // A kind may hold actions back before anything runs (an owed redeploy that could not be marked).
  const heldBack = new Map<string, string>()
  // Re-read on every run: fixing the account unblocks the next pass without a commit.
  const blocked =
    options.verify && !options.signal?.aborted && !options.fence?.()
      ? await options.verify(work)
      : new Map<string, readonly VerifyCheck[]>()
  if (!options.signal?.aborted && !options.fence?.()) {
    for (const handler of KIND_HANDLERS) {
      for (const [id, reason] of (await handler.execute.preflight?.(work, options.writers)) ?? []) {
        heldBack.set(id, reason)
      }
    }
  }
  return { blocked, heldBack }
}

/** What every wave of a pass shares: batched reads. */
type PassShared = Pick<ExecutionContext, 'serviceReads' | 'contents'>

/** The contents the actions may register (each kind says, `registers`), read once for the pass. */
function contentIndexOf(work: readonly PlanAction[], readers: CloudReaders): ContentIndex {
  const hashes = new Set<string>()
  let instance: string | undefined
  for (const a of work) {
    const content = handlerFor(a.kind).execute.registers?.(a)
    if (!content) continue
    hashes.add(content.hash)
    instance ??= content.instance
  }
  return new ContentIndex(readers.tagging, instance, [...hashes])
}

/** One wave's context: its deadline starts now, and its actions share `concurrency` slots. */
function waveContext(options: ExecuteOptions, shared: PassShared): ExecutionContext {
  return {
    readers: options.readers,
    writers: options.writers,
    clock: options.clock,
    signal: options.signal,
    wait: options.wait,
    pollMs: options.pollMs,
    deadline: options.clock.now() + options.timeoutMs,
    allowReplace: options.allowReplace,
    slots: new Semaphore(options.concurrency),
    ...shared,
  }
}

type ResultBase = Pick<ActionResult, 'id' | 'kind' | 'name' | 'cluster' | 'action' | 'wave'>

/** One action: reported without running (unknown, blocked, skipped), or performed and reported. */
async function runAction(
  action: PlanAction,
  wave: number,
  ctx: ExecutionContext,
  run: RunState,
): Promise<ActionResult> {
  const { options, emit } = run
  const skip = options.fence?.() ?? skipReason(action, run.results, options.signal)
  const base: ResultBase = {
    id: action.id,
    kind: action.kind,
    name: action.name,
    cluster: action.cluster,
    action: action.action,
    wave,
  }
  const notStarted = notStartedResult(action, skip, run.blocked.get(action.id))
  const result: ActionResult = notStarted
    ? { ...base, ...notStarted }
    : await performAction(action, base, ctx, run)
  emit({ type: 'action-done', result })
  return result
}

/** Performs an action (or fails it, when a kind held it back), reporting its progress as it goes. */
async function performAction(
  action: PlanAction,
  base: ResultBase,
  ctx: ExecutionContext,
  run: RunState,
): Promise<ActionResult> {
  const { options, emit } = run
  const held = run.heldBack.get(action.id)
  const iso = (): string => new Date(options.clock.now()).toISOString()
  emit({ type: 'action-start', wave: base.wave, id: action.id, action: action.action })
  const startedAt = iso()
  const startedMs = options.clock.now()
  const actionCtx: ExecutionContext = {
    ...ctx,
    progress: (id, progress) =>
      emit({
        type: 'progress',
        wave: base.wave,
        id,
        kind: action.kind,
        name: action.name,
        cluster: action.cluster,
        action: action.action,
        progress,
        elapsedMs: options.clock.now() - startedMs,
      }),
  }
  try {
    if (held) throw new ActionFailedError(held)
    await perform(action, actionCtx)
    return { ...base, status: 'succeeded', startedAt, finishedAt: iso() }
  } catch (err) {
    return failedResult(base, startedAt, iso(), err)
  }
}

/** A performed action that threw: the error, and whether it is terminal, timed out, with its causes. */
function failedResult(base: ResultBase, startedAt: string, finishedAt: string, err: unknown): ActionResult {
  const timedOut = err instanceof ActionFailedError && err.timedOut
  const causes = err instanceof ActionFailedError ? err.causes : undefined
  return {
    ...base,
    status: 'failed',
    startedAt,
    finishedAt,
    error: errorMessage(err),
    ...(isTerminalCloudError(err) ? { terminal: true } : {}),
    ...(timedOut ? { timedOut } : {}),
    ...(causes ? { causes } : {}),
  }
}

const BLOCKER_STATE: Record<ActionResult['status'], string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  skipped: 'was skipped',
  unknown: 'is unknown in this pass (its state could not be read)',
  blocked: 'is blocked: verify',
}

function skipReason(
  action: PlanAction,
  done: ReadonlyMap<string, ActionResult>,
  signal: AbortSignal | undefined,
): string | undefined {
  if (signal?.aborted) return 'interrupted before it started'
  const blocker = action.dependsOn.map((id) => done.get(id)).find((r) => r && r.status !== 'succeeded')
  if (blocker) return `${blocker.kind} ${blocker.name} ${BLOCKER_STATE[blocker.status]}`
  return undefined
}

/** One action through its kind's performers; the replace fence and the tag sync live here, once. */
async function perform(action: PlanAction, ctx: ExecutionContext): Promise<void> {
  const handler = handlerFor(action.kind)
  const exec = handler.execute
  switch (action.action) {
    case 'create':
      return exec.create(action, action.payload, ctx)
    case 'update':
      await exec.update(action, action.payload, ctx)
      return syncTags(action, ctx)
    case 'adopt':
      // Settings already match: taking it over is writing the ownership tags, nothing else.
      return syncTags(action, ctx)
    case 'wait':
      return exec.awaitSteady?.(action, action.payload, ctx)
    case 'redeploy':
      if (!exec.redeploy) throw new ActionFailedError(`${action.kind} cannot be redeployed`)
      return exec.redeploy(action, action.payload, ctx)
    case 'replace':
      if (!ctx.allowReplace) {
        throw new ActionFailedError(
          `replace refused: ${action.reasons.join('; ')} (rerun with --allow-replace to delete and re-create it)`,
        )
      }
      if (!exec.delete) {
        throw new ActionFailedError(
          `${action.kind} ${action.name} cannot be replaced: it is never deleted by ecs-reconciler`,
        )
      }
      // Deleted first and waited on: the new one reuses its name.
      await exec.delete(action, action.payload, ctx, true)
      return exec.create(action, action.payload, ctx)
    case 'delete':
      if (!exec.delete) {
        throw new ActionFailedError(`${action.kind} ${action.name} is never deleted by ecs-reconciler`)
      }
      return exec.delete(action, action.payload, ctx, ctx.wait)
    default:
      return
  }
}

/**
 * Brings the live tags to the desired set with the fewest calls. Bookkeeping tags (revision,
 * redeploy-pending) are never removed here, and tags another owner manages (`drift.ignore` of
 * `tags` or `tags.<key>`) are neither set nor removed.
 */
async function syncTags(action: PlanAction, ctx: ExecutionContext): Promise<void> {
  const live = action.live
  if (!live) return
  const ignoredTags = action.ignored.map((c) => c.path).filter((p) => pathWithin(p, 'tags'))
  if (ignoredTags.includes('tags')) return
  const keep = (key: string): boolean => isBookkeepingTag(key) || ignoredTags.includes(`tags.${key}`)
  const wanted = Object.fromEntries(
    Object.entries(action.tags).filter(([k]) => !ignoredTags.includes(`tags.${k}`)),
  )
  const delta = tagDelta(live.tags, wanted, keep)
  const writer = handlerFor(action.kind).execute.tags(ctx.writers)
  if (Object.keys(delta.set).length > 0) await writer.tag(live, action.payload, delta.set)
  if (delta.remove.length > 0) await writer.untag(live, action.payload, delta.remove)
}
