import { describe, expect, it } from 'vitest'
import { notStartedResult } from '../../../src/reconciler/execute/not-started.js'
import type { PlanAction } from '../../../src/reconciler/plan/types.js'
import type { VerifyCheck } from '../../../src/verify/types.js'

const action = (fields: Partial<PlanAction>): PlanAction =>
  ({ action: 'update', reasons: [], ...fields }) as PlanAction
const check: VerifyCheck = {
  subject: 'Service/shop/orders',
  check: 'image',
  resource: 'orders:9',
  status: 'failed',
  reason: 'not found',
  position: { file: 'orders.yaml', line: 3, col: 5 },
}
const never = { startedAt: undefined, finishedAt: undefined }
const blocked = 'blocked: verify: image orders:9: not found (orders.yaml:3)'

describe('notStartedResult: an action that is not run, and why', () => {
  it.each([
    ['runs when nothing holds it', action({}), undefined, undefined, undefined],
    ['runs when its verify checks all passed', action({}), undefined, [], undefined],
    [
      'an unknown is reported with its error',
      action({ action: 'unknown', reasons: ['r'], error: 'e' }),
      'x',
      [check],
      { status: 'unknown', ...never, error: 'e' },
    ],
    [
      'an unknown without an error says its reasons',
      action({ action: 'unknown', reasons: ['a', 'b'] }),
      undefined,
      undefined,
      { status: 'unknown', ...never, error: 'a; b' },
    ],
    [
      'failed checks block it',
      action({}),
      undefined,
      [check],
      { status: 'blocked', ...never, error: blocked, verify: [check] },
    ],
    [
      'a skip reason wins over failed checks',
      action({}),
      'interrupted before it started',
      [check],
      { status: 'skipped', ...never, error: 'interrupted before it started' },
    ],
  ] as const)('%s', (_name, a, skip, checks, expected) => {
    expect(notStartedResult(a, skip, checks)).toEqual(expected)
  })
})
