/**
 * A service whose task definition could not be read is `unknown` for the pass: planned as a noop
 * with the reason and a warning, never changed; a backend whose change would owe it a Service Connect
 * redeploy waits too, since that redeploy could be neither run nor marked (product.md §2).
 */
import { describe, expect, it } from 'vitest'
import { serviceKey, type ActualState } from '../../../src/reconciler/actual.js'
import { buildPlan, type PlanOptions } from '../../../src/reconciler/plan/build-plan.js'
import type { Plan } from '../../../src/reconciler/plan/types.js'
import { shopLiveState } from '../../support/shop-live.js'
import { loadExample } from '../../support/manifests.js'

const OPTIONS: PlanOptions = { instance: 'ecs-reconciler', revision: 'abc123', prune: false, adopt: false, maxDeletes: 5, force: false, manifestsFailed: false }

function plan(actual: ActualState, edit?: (file: string, text: string) => string): Plan {
  const { set, graph } = loadExample(edit)
  return buildPlan(set, graph, actual, OPTIONS)
}

function unreadable(name: string): ActualState {
  const applied = shopLiveState()
  const services = new Map(applied.services)
  const key = serviceKey('shop', name)
  services.set(key, { ...services.get(key)!, taskDefinition: undefined, readError: 'DescribeTaskDefinition x:1: ThrottlingException: Rate exceeded' })
  return { ...applied, services }
}

const byName = (p: Plan, name: string) => p.actions.find((a) => a.name === name)

describe('a service whose task definition could not be read', () => {
  it('is a noop with the reason and a warning, even when its manifest changed', () => {
    const p = plan(unreadable('payments'), (f, t) => (f.endsWith('payments.yaml') ? t.replace('payments:1.4.2', 'payments:9.9.9') : t))
    expect(byName(p, 'payments')).toMatchObject({ action: 'noop', diff: [], reasons: ['unknown: DescribeTaskDefinition x:1: ThrottlingException: Rate exceeded'] })
    expect(p.warnings).toContain('Service shop/payments: state unknown, left untouched in this pass (DescribeTaskDefinition x:1: ThrottlingException: Rate exceeded)')
  })

  it('holds a backend whose endpoint change would owe it a redeploy; without the unknown client the backend changes', () => {
    const moveAlias = (f: string, t: string) => (f.endsWith('ledger.yaml') ? t.replace('port: 80', 'port: 8081') : t)
    const known = plan(shopLiveState(), moveAlias)
    expect(byName(known, 'ledger')?.action).toBe('update')
    expect(byName(known, 'storefront')?.action).toBe('redeploy')

    const held = plan(unreadable('storefront'), moveAlias)
    expect(byName(held, 'storefront')?.action).toBe('noop')
    expect(byName(held, 'ledger')).toMatchObject({ action: 'noop', reasons: ['held: client storefront is unknown in this pass, so the redeploy this change owes it could not be marked'] })
  })
})
