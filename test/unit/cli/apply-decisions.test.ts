/** The decisions `apply` makes around a plan: a freeze window refusing it, and the exit code of its outcome. */
import { describe, expect, it } from 'vitest'
import { applyExitCode, freezeRefusal, pruneBlocked } from '../../../src/cli/apply-decisions.js'
import type { PlanFreeze } from '../../../src/cli/render/freeze.js'
import type { Plan, PlanAction } from '../../../src/reconciler/plan/types.js'

const change = (id: string) => ({ id }) as PlanAction
const frozen = (cluster: string, ids: string[]): PlanFreeze => ({
  cluster,
  window: 'Mon-Fri 09:00-18:00 UTC',
  until: '2026-12-04T18:00:00.000Z',
  reason: 'release freeze until 18:00 UTC',
  changes: ids.map(change),
})

describe('freezeRefusal', () => {
  it.each([
    ['no freeze window', [], {}, undefined],
    ['a frozen cluster the plan does not change', [frozen('shop', [])], {}, undefined],
    [
      'a change in a frozen cluster',
      [frozen('shop', ['Service/shop/api'])],
      {},
      'refusing to apply: cluster shop is frozen (release freeze until 18:00 UTC); 1 change would touch it: Service/shop/api',
    ],
    [
      'changes in two frozen clusters, counted together',
      [frozen('shop', ['Service/shop/api', 'Service/shop/web']), frozen('ops', ['Cluster/ops'])],
      {},
      'refusing to apply: cluster shop is frozen (release freeze until 18:00 UTC); cluster ops is frozen (release freeze until 18:00 UTC); 3 changes would touch it: Service/shop/api, Service/shop/web, Cluster/ops',
    ],
    [
      'a change in a frozen cluster with --ignore-freeze',
      [frozen('shop', ['Service/shop/api'])],
      { ignoreFreeze: true },
      undefined,
    ],
    [
      'a change in a frozen cluster on a dry run',
      [frozen('shop', ['Service/shop/api'])],
      { dryRun: true },
      undefined,
    ],
  ] as const)('%s', (_name, freezes, options, expected) => {
    expect(freezeRefusal(freezes, { ignoreFreeze: false, dryRun: false, ...options })).toBe(expected)
  })
})

describe('applyExitCode', () => {
  const ok = { status: 'succeeded' as const }
  it.each([
    ['everything succeeded', [ok, ok], {}, 0],
    ['nothing to do', [], {}, 0],
    ['one failed', [ok, { status: 'failed' as const }], {}, 1],
    ['one blocked by verify', [{ status: 'blocked' as const }], {}, 1],
    ['one unknown', [{ status: 'unknown' as const }], {}, 1],
    ['one skipped after a failure', [{ status: 'skipped' as const }], {}, 1],
    ['all succeeded but interrupted', [ok], { interrupted: true }, 1],
    ['all succeeded but a requested prune was held back', [ok], { pruneBlocked: true }, 1],
  ] as const)('%s', (_name, results, outcome, expected) => {
    expect(applyExitCode(results, { interrupted: false, pruneBlocked: false, ...outcome })).toBe(expected)
  })
})

describe('pruneBlocked', () => {
  const plan = (requested: boolean, blocked: number) =>
    ({ prune: { requested, blocked: Array.from({ length: blocked }, () => ({})) } }) as unknown as Plan
  it.each([
    [true, 1, true],
    [true, 0, false],
    [false, 1, false],
  ])('requested %s with %i held back → %s', (requested, blocked, expected) => {
    expect(pruneBlocked(plan(requested, blocked))).toBe(expected)
  })
})
