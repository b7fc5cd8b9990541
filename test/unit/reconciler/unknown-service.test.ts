/**
 * A service whose task definition could not be read is `unknown` for the pass: its own action with the
 * error, never a change; what depends on it is held (the executor skips it); a backend whose change
 * would owe it a Service Connect redeploy waits too, since that redeploy could be neither run nor
 * marked (docs/reconciling.md).
 */
import { describe, expect, it } from 'vitest'
import type { ActualState } from '../../../src/reconciler/actual.js'
import { serviceKey } from '../../../src/reconciler/kinds/service/live.js'
import { buildPlan, type PlanOptions } from '../../../src/reconciler/plan/build-plan.js'
import { countChanges, isChange, unknownActions, type Plan } from '../../../src/reconciler/plan/types.js'
import { shopLiveState } from '../../support/shop-live.js'
import { loadExample } from '../../support/manifests.js'

const OPTIONS: PlanOptions = {
  instance: 'ecs-reconciler',
  revision: 'abc123',
  prune: false,
  adopt: false,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}

function plan(actual: ActualState, edit?: (file: string, text: string) => string): Plan {
  const { set, graph } = loadExample(edit)
  return buildPlan(set, graph, actual, OPTIONS)
}

function unreadable(name: string): ActualState {
  const applied = shopLiveState()
  const services = new Map(applied.Service.services)
  const key = serviceKey('shop', name)
  services.set(key, { ...services.get(key)!, taskDefinition: undefined, readError: READ_ERROR })
  return { ...applied, Service: { ...applied.Service, services } }
}

const byName = (p: Plan, name: string) => p.actions.find((a) => a.name === name)

const READ_ERROR = 'could not read task definition x:1: ThrottlingException: Rate exceeded'
const newImage = (name: string, from: string) => (f: string, t: string) =>
  f.endsWith(`${name}.yaml`) ? t.replace(from, `${name}:9.9.9`) : t

describe('a service whose task definition could not be read', () => {
  it('is planned as unknown with the error, not as a change or a noop, even when its manifest changed', () => {
    const p = plan(unreadable('payments'), newImage('payments', 'payments:1.4.2'))
    expect(byName(p, 'payments')).toMatchObject({
      action: 'unknown',
      diff: [],
      reasons: [READ_ERROR],
      error: READ_ERROR,
    })
    expect(isChange(byName(p, 'payments')!)).toBe(false)
    expect(countChanges(p)).toBe(0)
    expect(unknownActions(p).map((a) => a.id)).toEqual(['Service/shop/payments'])
  })

  it('holds the changes that depend on it, and says why; changes that do not depend on it go ahead', () => {
    const edit = (f: string, t: string) =>
      newImage('orders', 'orders:1.4.2')(f, newImage('ledger', 'ledger:1.4.2')(f, t))
    const known = plan(shopLiveState(), edit)
    expect(byName(known, 'orders')).toMatchObject({ action: 'update', reasons: ['taskDefinition changed'] })

    const p = plan(unreadable('payments'), edit)
    // orders depends on payments (dependsOn): a change made on a guess about payments is held.
    expect(byName(p, 'orders')).toMatchObject({
      action: 'update',
      reasons: [
        'taskDefinition changed',
        'held in this pass: depends on Service payments, whose state is unknown',
      ],
    })
    expect(byName(p, 'ledger')).toMatchObject({ action: 'update', reasons: ['taskDefinition changed'] })
  })

  it('holds a backend whose endpoint change would owe it a redeploy; without the unknown client the backend changes', () => {
    const moveAlias = (f: string, t: string) =>
      f.endsWith('ledger.yaml') ? t.replace('port: 80', 'port: 8081') : t
    const known = plan(shopLiveState(), moveAlias)
    expect(byName(known, 'ledger')?.action).toBe('update')
    expect(byName(known, 'storefront')?.action).toBe('redeploy')

    const held = plan(unreadable('storefront'), moveAlias)
    expect(byName(held, 'storefront')?.action).toBe('unknown')
    expect(byName(held, 'ledger')).toMatchObject({
      action: 'noop',
      reasons: [
        'held: client storefront is unknown in this pass, so the redeploy this change owes it could not be marked',
      ],
    })
  })
})
