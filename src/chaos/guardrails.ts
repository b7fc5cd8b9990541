/**
 * @module May a chaos schedule start an experiment now? Every guardrail, checked in one order.
 *
 * The checks run in this order and the first that holds is reported by name:
 * 1. `suspended`            the schedule says `suspend: true`;
 * 2. `stop-condition`       no stop condition and no `allowWithoutStopCondition: true`
 *                           (validation refuses this already; checked again because an experiment
 *                           without one cannot be halted by an alarm);
 * 3. `freeze-window`        a freeze window of the target's cluster holds (the operators' call);
 * 4. `blackout-window`      one of the schedule's blackout windows holds;
 * 5. `deployment-in-flight` the reconciler is changing the target right now;
 * 6. `target-status`        the reconciler's last word on the target is `failed`, `backoff`,
 *                           `progressing` (a rollout it started has not settled) or `held`, or the
 *                           live target carries a rollback's hold (an operator is handling it);
 * 7. `max-concurrent`       this schedule already has `maxConcurrent` (default 1) experiments running;
 * 8. `not-steady`           the live target is missing, or (with `requireSteadyState`, default
 *                           true) its deployment is not COMPLETED or its running count is not the desired one.
 * Configuration first, then time, then what the reconciler is doing to the target, then the
 * schedule's own runs (a run of ours that stops tasks makes the target unsteady: the real reason
 * is that the run is still going), then the target's live state. A window that cannot be
 * evaluated holds (fail closed).
 */
import type { TimeWindow } from '../manifest/schema/window.js'
import { activeWindow, describeWindow, WindowError, type ActiveWindow } from './windows.js'

export type GuardrailName =
  | 'suspended'
  | 'stop-condition'
  | 'freeze-window'
  | 'blackout-window'
  | 'deployment-in-flight'
  | 'target-status'
  | 'max-concurrent'
  | 'not-steady'

/** In the order they are checked. */
export const GUARDRAILS: readonly GuardrailName[] = [
  'suspended',
  'stop-condition',
  'freeze-window',
  'blackout-window',
  'deployment-in-flight',
  'target-status',
  'max-concurrent',
  'not-steady',
]

export type GuardrailVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly guardrail: GuardrailName; readonly reason: string }

/** The parts of a ChaosSchedule spec the guardrails read (the manifest's field names). */
export interface GuardedSchedule {
  readonly suspend?: boolean | undefined
  readonly stopConditions?: readonly unknown[] | undefined
  readonly allowWithoutStopCondition?: boolean | undefined
  readonly guardrails?:
    | {
        readonly requireSteadyState?: boolean | undefined
        readonly blackoutWindows?: readonly TimeWindow[] | undefined
        readonly maxConcurrent?: number | undefined
      }
    | undefined
}

/** The target service as ECS reports it, or undefined when it does not exist. */
export interface TargetLiveState {
  /** `rolloutState` of the PRIMARY deployment (COMPLETED, IN_PROGRESS, FAILED). */
  readonly rolloutState: string | undefined
  /** How many deployments the service has: more than one means a rollout is still replacing tasks. */
  readonly deployments: number
  readonly runningCount: number
  readonly desiredCount: number
  /** The `ecs-reconciler:hold` tag a rollback placed on it, when there is one. */
  readonly hold?: string | undefined
}

export interface GuardrailInput {
  readonly now: number
  readonly schedule: GuardedSchedule
  /** `Cluster.spec.freezeWindows` of the target's cluster (empty when it has none or is not declared). */
  readonly clusterFreezeWindows: readonly TimeWindow[]
  /** Experiments of this schedule that have not ended yet. */
  readonly runningExperiments: number
  readonly target: {
    readonly name: string
    readonly live: TargetLiveState | undefined
    /** The reconciler's status of the target service in the last pass (`synced`, `progressing`, `failed`, `backoff`, ...). */
    readonly reconcilerStatus: string | undefined
    /** The reconciler is executing a change to the target right now. */
    readonly changeInFlight: boolean
  }
}

export const DEFAULT_MAX_CONCURRENT = 1
const HOLDING_STATUSES = new Set(['failed', 'backoff', 'progressing', 'held'])

export function evaluateGuardrails(input: GuardrailInput): GuardrailVerdict {
  const { schedule, target } = input
  const guardrails = schedule.guardrails ?? {}
  if (schedule.suspend === true) return held('suspended', 'the schedule is suspended (spec.suspend: true)')
  if ((schedule.stopConditions?.length ?? 0) === 0 && schedule.allowWithoutStopCondition !== true) {
    return held(
      'stop-condition',
      'the schedule has no stop condition and does not set allowWithoutStopCondition: true',
    )
  }

  const freeze = windowHolding(input.clusterFreezeWindows, input.now)
  if (freeze) return held('freeze-window', `the target's cluster is frozen: ${freeze}`)
  const blackout = windowHolding(guardrails.blackoutWindows ?? [], input.now)
  if (blackout) return held('blackout-window', `a blackout window holds: ${blackout}`)

  if (target.changeInFlight) {
    return held('deployment-in-flight', `a change to service "${target.name}" is being applied`)
  }
  if (target.live?.hold !== undefined) {
    return held('target-status', `service "${target.name}" is held by a rollback (${target.live.hold})`)
  }
  if (target.reconcilerStatus !== undefined && HOLDING_STATUSES.has(target.reconcilerStatus)) {
    return held('target-status', `service "${target.name}" is ${target.reconcilerStatus} in the reconciler`)
  }

  const maxConcurrent = guardrails.maxConcurrent ?? DEFAULT_MAX_CONCURRENT
  if (input.runningExperiments >= maxConcurrent) {
    return held(
      'max-concurrent',
      `${input.runningExperiments} experiment${input.runningExperiments === 1 ? ' is' : 's are'} still running (maxConcurrent: ${maxConcurrent})`,
    )
  }

  const unsteady = unsteadyReason(target.name, target.live, guardrails.requireSteadyState ?? true)
  if (unsteady) return held('not-steady', unsteady)
  return { allowed: true }
}

function held(guardrail: GuardrailName, reason: string): GuardrailVerdict {
  return { allowed: false, guardrail, reason }
}

/** Describes the window that holds `now`, or one that cannot be evaluated (which holds too). */
function windowHolding(windows: readonly TimeWindow[], now: number): string | undefined {
  let active: ActiveWindow | undefined
  try {
    active = activeWindow(windows, now)
  } catch (err) {
    if (err instanceof WindowError) {
      return `${err.message} (a window that cannot be evaluated is treated as holding)`
    }
    throw err
  }
  if (!active) return undefined
  return `${describeWindow(active.window)}, until ${new Date(active.end).toISOString()}`
}

function unsteadyReason(
  name: string,
  live: TargetLiveState | undefined,
  requireSteadyState: boolean,
): string | undefined {
  if (!live) return `service "${name}" does not exist`
  if (!requireSteadyState) return undefined
  if (live.rolloutState !== 'COMPLETED' || live.deployments > 1) {
    return `service "${name}" is mid-deployment (rollout ${live.rolloutState ?? 'unknown'}, ${live.deployments} deployment${live.deployments === 1 ? '' : 's'})`
  }
  if (live.runningCount !== live.desiredCount) {
    return `service "${name}" runs ${live.runningCount} task${live.runningCount === 1 ? '' : 's'}, not the ${live.desiredCount} desired`
  }
  return undefined
}
