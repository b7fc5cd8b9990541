/** @module Runs a Plan wave by wave: parallel within a wave, steady before the next, dependents of failures skipped. */
import { isTerminalCloudError, type CloudReaders, type CloudWriters } from '../../cloud/ports/index.js'
import { errorMessage } from '../../shared/errors.js'
import type { Clock } from '../../shared/clock.js'
import { isBookkeepingTag, TAG_REDEPLOY_PENDING } from '../ownership.js'
import type { Plan, PlanAction } from '../plan/types.js'
import { applyChaos } from './chaos-actions.js'
import { applyCluster } from './cluster-actions.js'
import { Semaphore } from '../../shared/concurrency.js'
import { ServiceReads } from './service-reads.js'
import type { ExecutionContext } from './context.js'
import { applyNamespace } from './namespace-actions.js'
import { applyService } from './service-actions.js'
import type { ActionResult, ExecutionEvent } from './types.js'

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
}

export async function executePlan(plan: Plan, options: ExecuteOptions): Promise<ActionResult[]> {
  const work = plan.actions.filter((a) => a.action !== 'noop')
  const results = new Map<string, ActionResult>()
  const waves = [...new Set(work.map((a) => a.wave))].sort((a, b) => a - b)
  const emit = (event: ExecutionEvent): void => options.onEvent?.(event)
  const iso = (): string => new Date(options.clock.now()).toISOString()
  // The revision tag changes with every commit; it is refreshed when we touch a resource, never diffed.
  // The redeploy-pending tag is set and removed by the service actions alone.
  const ignoreTag = isBookkeepingTag

  const runAction = async (action: PlanAction, wave: number, ctx: ExecutionContext): Promise<ActionResult> => {
    const skip = skipReason(action, results, options.signal)
    const base = { id: action.id, kind: action.kind, name: action.name, cluster: action.cluster, action: action.action, wave }
    if (skip) {
      const result: ActionResult = { ...base, status: 'skipped', startedAt: undefined, finishedAt: undefined, error: skip }
      emit({ type: 'action-done', result })
      return result
    }
    emit({ type: 'action-start', wave, id: action.id, action: action.action })
    const startedAt = iso()
    let result: ActionResult
    try {
      await perform(action, ctx, ignoreTag)
      result = { ...base, status: 'succeeded', startedAt, finishedAt: iso() }
    } catch (err) {
      result = { ...base, status: 'failed', startedAt, finishedAt: iso(), error: errorMessage(err), ...(isTerminalCloudError(err) ? { terminal: true } : {}) }
    }
    emit({ type: 'action-done', result })
    return result
  }

  const serviceReads = new ServiceReads(options.readers.ecs, options.clock)
  if (!options.signal?.aborted) await markRedeploysOwed(work, options.writers)
  for (const wave of waves) {
    const actions = work.filter((a) => a.wave === wave)
    emit({ type: 'wave-start', wave, actions: actions.length })
    const ctx: ExecutionContext = {
      readers: options.readers,
      writers: options.writers,
      clock: options.clock,
      signal: options.signal,
      wait: options.wait,
      pollMs: options.pollMs,
      deadline: options.clock.now() + options.timeoutMs,
      allowReplace: options.allowReplace,
      slots: new Semaphore(options.concurrency),
      serviceReads,
    }
    const waveResults = await Promise.all(
      actions.map(async (action) => {
        await ctx.slots.acquire()
        try {
          return await runAction(action, wave, ctx)
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

/**
 * Before any backend's endpoints change, each client that must redeploy for it is tagged, so that a
 * run that stops before the redeploy (interrupted, failed, skipped) leaves the need in live state.
 * Best effort: a client that cannot be tagged is still redeployed in this run.
 */
async function markRedeploysOwed(work: readonly PlanAction[], writers: CloudWriters): Promise<void> {
  await Promise.all(
    work.map(async (a) => {
      const p = a.payload
      if (p.type !== 'Service' || !p.live || !p.redeployFor?.length || p.live.tags[TAG_REDEPLOY_PENDING] !== undefined) return
      await writers.ecs.tagResource(p.live.arn, { [TAG_REDEPLOY_PENDING]: redeployTagValue(p.redeployFor) }).catch(() => undefined)
    }),
  )
}

/** Tag values allow letters, digits, spaces and `+ - = . _ : / @`, up to 256 characters. */
function redeployTagValue(backends: readonly string[]): string {
  return backends.join(' ').replace(/[^\p{L}\p{N} +\-=._:/@]/gu, '_').slice(0, 256)
}

function skipReason(action: PlanAction, done: ReadonlyMap<string, ActionResult>, signal: AbortSignal | undefined): string | undefined {
  if (signal?.aborted) return 'interrupted before it started'
  const blocker = action.dependsOn.map((id) => done.get(id)).find((r) => r && r.status !== 'succeeded')
  if (blocker) return `${blocker.kind} ${blocker.name} ${blocker.status === 'failed' ? 'failed' : 'was skipped'}`
  return undefined
}

async function perform(action: PlanAction, ctx: ExecutionContext, ignoreTag: (k: string) => boolean): Promise<void> {
  const payload = action.payload
  switch (payload.type) {
    case 'Namespace':
      return applyNamespace(action, payload, ctx, ignoreTag)
    case 'Cluster':
      return applyCluster(action, payload, ctx, ignoreTag)
    case 'Service':
      return applyService(action, payload, ctx, ignoreTag)
    case 'ChaosSchedule':
      return applyChaos(action, payload, ctx)
  }
}
