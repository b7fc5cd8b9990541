/** @module What becomes of an action that is not run: reported unknown, blocked by verify, or skipped. Pure. */
import type { PlanAction } from '../plan/types.js'
import type { VerifyCheck } from '../../verify/types.js'
import { blockedReason } from '../../verify/gate.js'
import type { ActionResult } from './types.js'

type NotStarted = Pick<ActionResult, 'status' | 'startedAt' | 'finishedAt' | 'error' | 'verify'>

/**
 * The result of an action that does not run, or undefined when it runs. An `unknown` is reported as
 * such, whatever else holds; a skip reason (fence, interruption, a dependency that did not succeed)
 * wins over failed verify checks, which otherwise block it.
 */
export function notStartedResult(
  action: PlanAction,
  skip: string | undefined,
  failedChecks: readonly VerifyCheck[] | undefined,
): NotStarted | undefined {
  const never = { startedAt: undefined, finishedAt: undefined }
  if (action.action === 'unknown') {
    return { status: 'unknown', ...never, error: action.error ?? action.reasons.join('; ') }
  }
  if (!skip && failedChecks && failedChecks.length > 0) {
    return { status: 'blocked', ...never, error: blockedReason(failedChecks), verify: failedChecks }
  }
  if (skip) return { status: 'skipped', ...never, error: skip }
  return undefined
}
