/** @module What every operation handler gets: the world, time, the caller's region, timing and faults. */
import type { LocalClock } from './clock.js'
import type { Faults } from './faults.js'
import type { World } from './state.js'

export const ACCOUNT_ID = '123456789012'

export interface Timing {
  /** Seconds from launch to RUNNING (or to a failed start). */
  taskStartSeconds: number
  /** Seconds a one-off (RunTask) task runs once RUNNING before its containers exit. */
  taskRunSeconds?: number
  /** Seconds a deleted service stays DRAINING. */
  drainSeconds: number
  /** Seconds a Cloud Map namespace operation takes. */
  namespaceCreateSeconds: number
}

export interface HandlerContext {
  readonly world: World
  readonly now: number
  readonly region: string
  readonly timing: Timing
  readonly faults: Faults
  readonly clock: LocalClock
}

export type Handler = (input: Record<string, unknown>, ctx: HandlerContext) => unknown

export function arn(ctx: HandlerContext, service: string, resource: string): string {
  return `arn:aws:${service}:${ctx.region}:${ACCOUNT_ID}:${resource}`
}
