/** The daemon pass's decisions as tables: what waits on backoff, what a freeze window holds, what an outcome means. */
import { describe, expect, it } from 'vitest'
import type { Deferral } from '../../../src/daemon/backoff.js'
import { deferralsOf, gatePlan, outcomeOf } from '../../../src/daemon/pass-decisions.js'
import type { ActionResult } from '../../../src/reconciler/execute/types.js'
import type { Plan, PlanAction } from '../../../src/reconciler/plan/types.js'

const action = (
  name: string,
  act: PlanAction['action'],
  dependsOn: string[] = [],
  kind: PlanAction['kind'] = 'Service',
): PlanAction => ({
  id: `${kind}/shop/${name}`,
  kind,
  name,
  // A Cluster action's cluster is its own name, as the cluster handler's clusterOf gives it.
  cluster: kind === 'Cluster' ? name : 'shop',
  action: act,
  wave: 0,
  reasons: [],
  diff: [],
  ignored: [],
  dependsOn: dependsOn.map((d) => `Service/shop/${d}`),
  live: undefined,
  tags: {},
  // The decisions never read the payload.
  payload: undefined as unknown as PlanAction['payload'],
})
const planOf = (...actions: PlanAction[]): Plan => ({
  actions,
  waveCount: 1,
  warnings: [],
  prune: { requested: false, candidates: [], blockedReason: undefined, blocked: [] },
})
const LATER: Deferral = { until: 1_000, terminal: false }
const TERMINAL: Deferral = { until: undefined, terminal: true }

describe('deferralsOf', () => {
  const plan = planOf(
    action('ledger', 'update'),
    action('payments', 'update', ['ledger']),
    action('orders', 'update', ['payments']),
    action('storefront', 'noop', ['orders']),
    action('web', 'update'),
  )
  it.each([
    ['nothing backing off: nothing waits', {}, []],
    [
      'a change backing off holds everything that depends on it, transitively',
      { ledger: LATER },
      ['ledger', 'payments', 'orders'],
    ],
    ['a terminal failure holds the same way', { payments: TERMINAL }, ['payments', 'orders']],
    ['only changes wait: a noop behind a held change is not listed', { orders: LATER }, ['orders']],
  ] as const)('%s', (_name, own: Readonly<Record<string, Deferral>>, waiting) => {
    const deferred = deferralsOf(plan, (a) => own[a.name])
    expect([...deferred.keys()]).toEqual(waiting.map((n) => `Service/shop/${n}`))
  })
  it('a held dependent carries its blocker’s deferral', () => {
    expect(
      deferralsOf(plan, (a) => (a.name === 'ledger' ? TERMINAL : undefined)).get('Service/shop/orders'),
    ).toBe(TERMINAL)
  })
})

describe('gatePlan', () => {
  const plan = planOf(
    action('shop', 'update', [], 'Cluster'),
    action('ledger', 'update'),
    action('payments', 'wait'),
    action('orders', 'create'),
  )
  it.each([
    [
      'nothing held: the plan runs as planned',
      new Map(),
      new Map(),
      ['update', 'update', 'wait', 'create'],
      [],
    ],
    [
      'a frozen cluster holds its own change and its services’ changes, not a wait',
      new Map(),
      new Map([['shop', 'until 18:00']]),
      ['noop', 'noop', 'wait', 'noop'],
      ['Cluster/shop/shop', 'Service/shop/ledger', 'Service/shop/orders'],
    ],
    [
      'a change backing off becomes a noop and is not reported frozen',
      new Map([['Service/shop/ledger', LATER]]),
      new Map([['shop', 'until 18:00']]),
      ['noop', 'noop', 'wait', 'noop'],
      ['Cluster/shop/shop', 'Service/shop/orders'],
    ],
    [
      'another cluster frozen: nothing here held',
      new Map(),
      new Map([['other', 'until 18:00']]),
      ['update', 'update', 'wait', 'create'],
      [],
    ],
  ] as const)('%s', (_name, deferred, frozenClusters, actions, frozen) => {
    const gated = gatePlan(plan, deferred, frozenClusters)
    expect(gated.runnable.actions.map((a) => a.action)).toEqual(actions)
    expect([...gated.frozen.keys()]).toEqual(frozen)
  })
  it('says which cluster froze a change, and why', () => {
    const gated = gatePlan(plan, new Map(), new Map([['shop', 'window until 18:00']]))
    expect(gated.frozen.get('Service/shop/ledger')).toBe('cluster shop is frozen: window until 18:00')
  })
})

describe('outcomeOf', () => {
  const result = (status: ActionResult['status'], extra: Partial<ActionResult> = {}): ActionResult => ({
    id: 'Service/shop/ledger',
    kind: 'Service',
    name: 'ledger',
    cluster: 'shop',
    action: 'update',
    status,
    wave: 0,
    startedAt: undefined,
    finishedAt: undefined,
    ...extra,
  })
  const update = action('ledger', 'update')
  it.each([
    [
      'frozen wins over everything',
      update,
      { frozen: 'cluster shop is frozen', deferral: LATER },
      result('failed'),
      'frozen',
    ],
    [
      'not read: unknown, even when backing off',
      action('ledger', 'unknown'),
      { deferral: LATER },
      undefined,
      'unknown',
    ],
    ['backing off', update, { deferral: LATER }, undefined, 'backoff'],
    ['nothing ran (a noop): synced', action('ledger', 'noop'), {}, undefined, 'synced'],
    ['succeeded: synced', update, {}, result('succeeded'), 'synced'],
    [
      'timed out while rolling out: progressing',
      update,
      {},
      result('failed', { timedOut: true }),
      'progressing',
    ],
    ['failed', update, {}, result('failed', { error: 'boom' }), 'failed'],
    ['skipped behind a failure', update, {}, result('skipped'), 'skipped'],
    ['a result of unknown status is reported skipped', update, {}, result('unknown'), 'skipped'],
  ] as const)('%s', (_name, a, held, r, status) => {
    expect(outcomeOf(a, held, r).status).toBe(status)
  })
})
