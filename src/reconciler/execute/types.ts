/** @module What the executor reports: one result per action, and progress events. */
import type { ActionType, ResourceKind } from '../plan/types.js'

export type ResultStatus = 'succeeded' | 'failed' | 'skipped'

export interface ActionResult {
  readonly id: string
  readonly kind: ResourceKind
  readonly name: string
  readonly cluster: string | undefined
  readonly action: ActionType
  readonly status: ResultStatus
  readonly wave: number
  readonly startedAt: string | undefined
  readonly finishedAt: string | undefined
  readonly error?: string
  /** The failure will not fix itself (bad input, missing permission): the daemon does not retry it in a loop. */
  readonly terminal?: boolean
  /** It failed only by running out of time while its rollout went on: still progressing. */
  readonly timedOut?: boolean
}

export type ExecutionEvent =
  | { readonly type: 'wave-start'; readonly wave: number; readonly actions: number }
  | { readonly type: 'action-start'; readonly wave: number; readonly id: string; readonly action: ActionType }
  | { readonly type: 'action-done'; readonly result: ActionResult }
  | { readonly type: 'wave-done'; readonly wave: number; readonly results: readonly ActionResult[] }
