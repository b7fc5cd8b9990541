/** @module What the executor reports: one result per action, and progress events. */
import type { ActionType, ResourceKind } from '../action.js'
import type { VerifyCheck } from '../../verify/types.js'

/**
 * `unknown`: its state could not be read in this pass, so nothing was done to it (and its dependents were skipped).
 * `blocked`: a verify check of the account failed, so no deployment was started (its dependents were skipped).
 */
export type ResultStatus = 'succeeded' | 'failed' | 'skipped' | 'unknown' | 'blocked'

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
  /** Why it failed, as the cloud tells it (stopped tasks' reasons and exit codes, recent events). */
  readonly causes?: FailureCauses
  /** The failed verify checks that blocked it. */
  readonly verify?: readonly VerifyCheck[]
}

/** A stopped task as evidence: its stop code and reason, and the exit code of each container that exited. */
export interface StoppedTaskCause {
  readonly task: string
  readonly stopCode?: string
  readonly stoppedReason?: string
  readonly exitCodes: Readonly<Record<string, number>>
  readonly containerReasons?: Readonly<Record<string, string>>
}

export interface FailureCauses {
  readonly stoppedTasks: readonly StoppedTaskCause[]
  /** The resource's latest events, newest first. */
  readonly events: readonly string[]
}

/** One poll of a rollout being waited on: what a person watching the console would want to see. */
export interface ResourceProgress {
  /** IN_PROGRESS, COMPLETED, FAILED, DRAINING, … as the cloud reports it. */
  readonly state: string
  readonly running: number
  readonly desired: number
  readonly pending: number
  readonly failed: number
}

export type ExecutionEvent =
  | { readonly type: 'wave-start'; readonly wave: number; readonly actions: number }
  | { readonly type: 'action-start'; readonly wave: number; readonly id: string; readonly action: ActionType }
  | { readonly type: 'action-done'; readonly result: ActionResult }
  | {
      readonly type: 'progress'
      readonly wave: number
      readonly id: string
      readonly kind: ResourceKind
      readonly name: string
      readonly cluster: string | undefined
      readonly action: ActionType
      readonly progress: ResourceProgress
      /** Since the action started, by the executor's clock. */
      readonly elapsedMs: number
    }
  | { readonly type: 'wave-done'; readonly wave: number; readonly results: readonly ActionResult[] }
