import { describe, expect, it } from 'vitest'
import type { ActualState } from '../../../src/reconciler/actual.js'
import { emptyActualState } from '../../../src/reconciler/kinds/registry.js'
import { serviceKey } from '../../../src/reconciler/kinds/service/live.js'
import { buildPlan, type PlanOptions } from '../../../src/reconciler/plan/build-plan.js'
import { countChanges, type Plan } from '../../../src/reconciler/plan/types.js'
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

function plan(
  actual: ActualState,
  edit?: (file: string, text: string) => string,
  options: Partial<PlanOptions> = {},
): Plan {
  const { set, graph } = loadExample(edit)
  return buildPlan(set, graph, actual, { ...OPTIONS, ...options })
}

/** Live state after applying the unedited example, as we expect AWS to report it (test/fixtures/shop-live: constructed, not recorded). */
function appliedExample(): ActualState {
  return shopLiveState()
}

const action = (p: Plan, name: string) => {
  const found = p.actions.find((a) => a.name === name)
  if (!found) throw new Error(`no action for ${name}`)
  return found
}

describe('buildPlan from nothing', () => {
  const p = plan(emptyActualState())
  it('creates every resource', () => {
    expect(p.actions.map((a) => [a.id, a.action])).toEqual([
      ['Namespace/shop', 'create'],
      ['Cluster/shop', 'create'],
      ['Service/shop/ledger', 'create'],
      ['Service/shop/payments', 'create'],
      ['Service/shop/orders', 'create'],
      ['ChaosSchedule/orders-resilience', 'create'],
      ['Service/shop/storefront', 'create'],
    ])
  })
  it('puts backends in earlier waves than the frontend that calls them', () => {
    const frontend = action(p, 'storefront').wave
    for (const backend of ['ledger', 'payments', 'orders']) {
      expect(action(p, backend).wave).toBeLessThan(frontend)
    }
    expect(action(p, 'shop').wave).toBe(1)
  })
  it('sends Service Connect with the defaults written out and tags ownership', () => {
    const ledger = action(p, 'ledger').payload
    if (ledger.type !== 'Service') throw new Error('expected a service')
    expect(ledger.settings.serviceConnectConfiguration).toEqual({
      enabled: true,
      namespace: 'shop',
      services: [
        { portName: 'http', discoveryName: 'ledger', clientAliases: [{ port: 80, dnsName: 'ledger' }] },
      ],
    })
    expect(ledger.tags).toMatchObject({
      'ecs-reconciler:managed-by': 'ecs-reconciler',
      'ecs-reconciler:resource': 'Service/ledger',
      team: 'shop',
    })
  })
})

describe('desiredCount under autoscaling', () => {
  const start = (edit?: (f: string, t: string) => string) => {
    const storefront = action(plan(emptyActualState(), edit), 'storefront').payload
    if (storefront.type !== 'Service') throw new Error('expected a service')
    return { start: storefront.initialDesiredCount, sent: storefront.settings.desiredCount }
  }
  it('is the starting count, not replaced by minCapacity, and never diffed afterwards', () => {
    expect(start()).toEqual({ start: 3, sent: undefined })
  })
  it('is kept within [minCapacity, maxCapacity]', () => {
    expect(
      start((f, t) => (f.endsWith('storefront.yaml') ? t.replace('desiredCount: 3', 'desiredCount: 40') : t))
        .start,
    ).toBe(12)
    expect(
      start((f, t) => (f.endsWith('storefront.yaml') ? t.replace('desiredCount: 3', 'desiredCount: 1') : t))
        .start,
    ).toBe(2)
  })
})

describe('perpetual-diff traps (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html)', () => {
  it('a second plan after apply is empty', () => {
    const again = plan(appliedExample())
    expect(again.actions.filter((a) => a.action !== 'noop').map((a) => [a.id, a.diff])).toEqual([])
    expect(countChanges(again)).toBe(0)
  })
  it.each([
    ['environment given as numbers', (_f: string, t: string) => t.replace('PORT: 8080', 'PORT: "8080"')],
    [
      'cpu written as vCPU text',
      (f: string, t: string) =>
        f.endsWith('storefront.yaml') ? t.replace('cpu: 1024\n', 'cpu: "1 vCPU"\n') : t,
    ],
    [
      'subnets in another order',
      (_f: string, t: string) =>
        t.replace(
          '[subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002]',
          '[subnet-0a1b2c3d4e5f60002, subnet-0a1b2c3d4e5f60001]',
        ),
    ],
    [
      'spot strategy items in another order',
      (f: string, t: string) => {
        const onDemand = '    - capacityProvider: FARGATE\n      base: 1\n      weight: 1\n'
        const spot = '    - capacityProvider: FARGATE_SPOT\n      weight: 3\n'
        return f.endsWith('storefront.yaml') ? t.replace(onDemand + spot, spot + onDemand) : t
      },
    ],
  ])('%s: no change', (_name, edit) => {
    expect(countChanges(plan(appliedExample(), edit))).toBe(0)
  })
  it('a new revision tag alone is not a change', () => {
    expect(countChanges(plan(appliedExample(), undefined, { revision: 'def456' }))).toBe(0)
  })
  it('desiredCount moved by the autoscaler is not drift', () => {
    const live = appliedExample()
    const entry = live.Service.services.get(serviceKey('shop', 'storefront'))
    if (!entry) throw new Error('missing storefront')
    ;(live.Service.services as Map<string, typeof entry>).set(serviceKey('shop', 'storefront'), {
      ...entry,
      service: { ...entry.service, desiredCount: 9, runningCount: 9 },
    })
    expect(countChanges(plan(live))).toBe(0)
  })
})

describe('changes', () => {
  it('an image change updates exactly that service, with the field in the diff', () => {
    const p = plan(appliedExample(), (f, t) =>
      f.endsWith('payments.yaml') ? t.replace('payments:1.4.2', 'payments:1.5.0') : t,
    )
    expect(p.actions.filter((a) => a.action !== 'noop').map((a) => a.name)).toEqual(['payments'])
    const payments = action(p, 'payments')
    expect(payments.action).toBe('update')
    expect(payments.diff).toEqual([
      {
        path: 'taskDefinition.containers.app.image',
        from: 'public.ecr.aws/shop/payments:1.4.2',
        to: 'public.ecr.aws/shop/payments:1.5.0',
      },
    ])
    expect(payments.payload.type === 'Service' && payments.payload.registerTaskDefinition).toBe(true)
  })
  it('a service whose rollout FAILED with nothing to roll back to is redeployed, not reported in sync', () => {
    const live = appliedExample()
    const entry = live.Service.services.get(serviceKey('shop', 'ledger'))
    if (!entry) throw new Error('missing ledger')
    const failed = entry.service.deployments.map((d) => ({
      ...d,
      rolloutState: 'FAILED',
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
    }))
    ;(live.Service.services as Map<string, typeof entry>).set(serviceKey('shop', 'ledger'), {
      ...entry,
      service: { ...entry.service, deployments: failed },
    })
    const ledger = action(plan(live), 'ledger')
    expect(ledger.action).toBe('redeploy')
    expect(ledger.reasons[0]).toMatch(/last deployment failed.*circuit breaker/)
    expect(ledger.payload.type === 'Service' && ledger.payload.forceNewDeployment).toBe(true)
    expect(countChanges(plan(appliedExample()))).toBe(0)
  })

  it('a client marked ecs-reconciler:redeploy-pending is redeployed, and the mark is never a tag diff', () => {
    const live = appliedExample()
    const entry = live.Service.services.get(serviceKey('shop', 'storefront'))
    if (!entry) throw new Error('missing storefront')
    const marked = {
      ...entry,
      service: {
        ...entry.service,
        tags: { ...entry.service.tags, 'ecs-reconciler:redeploy-pending': 'ledger' },
      },
    }
    ;(live.Service.services as Map<string, typeof entry>).set(serviceKey('shop', 'storefront'), marked)
    const storefront = action(plan(live), 'storefront')
    expect(storefront.action).toBe('redeploy')
    expect(storefront.diff).toEqual([])
    expect(storefront.reasons[0]).toMatch(/still owed after the Service Connect endpoints of ledger changed/)
    // With a real change as well, the update forces the owed deployment.
    const updated = action(
      plan(live, (f, t) =>
        f.endsWith('storefront.yaml') ? t.replace('storefront:2.8.0', 'storefront:2.9.0') : t,
      ),
      'storefront',
    )
    expect(updated.action).toBe('update')
    expect(updated.payload.type === 'Service' && updated.payload.forceNewDeployment).toBe(true)
  })

  it('a new endpoint on a backend redeploys the clients that call it', () => {
    const p = plan(appliedExample(), (f, t) =>
      f.endsWith('ledger.yaml')
        ? t.replace(
            '          - port: 80\n            dnsName: ledger',
            '          - port: 8081\n            dnsName: ledger',
          )
        : t,
    )
    expect(action(p, 'ledger').action).toBe('update')
    const storefront = action(p, 'storefront')
    expect(storefront.action).toBe('redeploy')
    expect(storefront.reasons[0]).toContain('ledger')
    expect(storefront.wave).toBeGreaterThan(action(p, 'ledger').wave)
  })
  it('removing Service Connect is an update of serviceConnect (sent as enabled: false)', () => {
    const p = plan(appliedExample(), (f, t) =>
      f.endsWith('storefront.yaml') ? t.replace('  serviceConnect:\n    namespace: shop\n', '') : t,
    )
    const storefront = action(p, 'storefront')
    expect(storefront.action).toBe('update')
    expect(storefront.diff.map((c) => c.path)).toContain('serviceConnect')
  })
  it('changing appProtocol of a Service Connect port is a replace', () => {
    const p = plan(appliedExample(), (f, t) =>
      f.endsWith('ledger.yaml') ? t.replace('appProtocol: http', 'appProtocol: grpc') : t,
    )
    expect(action(p, 'ledger').action).toBe('replace')
  })
  it('drift.ignore keeps a field out of the diff and reports it as ignored', () => {
    const live = appliedExample()
    const entry = live.Service.services.get(serviceKey('shop', 'storefront'))
    if (!entry) throw new Error('missing storefront')
    entry.service.tags['cost-center'] = 'cc-42'
    const storefront = action(plan(live), 'storefront')
    expect(storefront.action).toBe('noop')
    expect(storefront.ignored.map((c) => c.path)).toEqual(['tags.cost-center'])
  })
  it('an untagged service of the same name is left alone unless adopted', () => {
    const live = appliedExample()
    const entry = live.Service.services.get(serviceKey('shop', 'ledger'))
    if (!entry) throw new Error('missing ledger')
    entry.service.tags = { team: 'shop' }
    const p = plan(live)
    expect(action(p, 'ledger').action).toBe('noop')
    expect(p.warnings.join('\n')).toContain('--adopt')
    const adopted = action(plan(live, undefined, { adopt: true }), 'ledger')
    expect(adopted.action).toBe('adopt')
    expect(adopted.diff.every((c) => c.path.startsWith('tags.'))).toBe(true)
  })
})

describe('prune', () => {
  const withoutStorefrontAndOrders = (f: string, t: string): string =>
    f.endsWith('storefront.yaml') || f.endsWith('orders.yaml') || f.endsWith('chaos.yaml') ? '' : t
  it('is only reported without --prune', () => {
    const p = plan(appliedExample(), withoutStorefrontAndOrders)
    expect(p.actions.filter((a) => a.action === 'delete')).toEqual([])
    expect(p.prune.candidates).toEqual([
      'ChaosSchedule/orders-resilience',
      'Service/shop/orders',
      'Service/shop/storefront',
    ])
  })
  it('deletes chaos, then clients, then servers', () => {
    const p = plan(appliedExample(), withoutStorefrontAndOrders, { prune: true })
    const deletes = p.actions.filter((a) => a.action === 'delete')
    expect(deletes.map((a) => a.id)).toEqual([
      'ChaosSchedule/orders-resilience',
      'Service/shop/storefront',
      'Service/shop/orders',
    ])
    const waves = deletes.map((a) => a.wave)
    expect(waves).toEqual([...waves].sort((a, b) => a - b))
    expect(new Set(waves).size).toBe(3)
  })
  it('never deletes a service a rollback holds, and says so', () => {
    const live = appliedExample()
    const storefront = live.Service.services.get('shop/storefront')!
    storefront.service.tags = {
      ...storefront.service.tags,
      'ecs-reconciler:hold':
        'revision=1 since=2026-12-05T08:30:00Z manifest=0123456789abcdef by=arn:aws:iam::1:user/ops',
    }
    const p = plan(live, withoutStorefrontAndOrders, { prune: true })
    expect(p.actions.filter((a) => a.action === 'delete').map((a) => a.id)).toEqual([
      'ChaosSchedule/orders-resilience',
      'Service/shop/orders',
    ])
    expect(p.prune.candidates).not.toContain('Service/shop/storefront')
    expect(p.warnings.join('\n')).toMatch(
      /held by a rollback, so they are never pruned: Service\/shop\/storefront/,
    )
  })
  it('is refused over --max-deletes without --force, and when manifests failed to load', () => {
    expect(
      plan(appliedExample(), withoutStorefrontAndOrders, { prune: true, maxDeletes: 2 }).prune.blockedReason,
    ).toContain('--max-deletes')
    expect(
      plan(appliedExample(), withoutStorefrontAndOrders, {
        prune: true,
        maxDeletes: 2,
        force: true,
      }).actions.filter((a) => a.action === 'delete'),
    ).toHaveLength(3)
    const failed = plan(appliedExample(), withoutStorefrontAndOrders, { prune: true, manifestsFailed: true })
    expect(failed.actions.filter((a) => a.action === 'delete')).toEqual([])
    expect(failed.prune.blockedReason).toContain('failed to load')
  })
  it('says why nothing is pruned when manifests failed to load, even with nothing to delete', () => {
    const pruning = plan(appliedExample(), undefined, { prune: true, manifestsFailed: true })
    expect(pruning.prune.blockedReason).toBe(
      'some manifests failed to load: nothing is pruned until they are fixed',
    )
    expect(pruning.warnings).toContain(
      'prune blocked: some manifests failed to load: nothing is pruned until they are fixed',
    )
    const notPruning = plan(appliedExample(), withoutStorefrontAndOrders, { manifestsFailed: true })
    expect(notPruning.warnings[0]).toBe('some manifests failed to load: this plan may miss what they declare')
    expect(notPruning.warnings[1]).toMatch(/^3 managed resource\(s\) are not in the manifests that loaded/)
  })
  it('shows the deletes a fence holds back as blocked, and runs none of them', () => {
    const p = plan(appliedExample(), withoutStorefrontAndOrders, { prune: true, maxDeletes: 2 })
    expect(p.actions.filter((a) => a.action === 'delete')).toEqual([])
    expect(p.prune.blocked.map((a) => a.id)).toEqual([
      'ChaosSchedule/orders-resilience',
      'Service/shop/storefront',
      'Service/shop/orders',
    ])
    expect(p.warnings.join(' ')).toMatch(/prune blocked: 3 deletes exceed --max-deletes 2/)
  })
  it('never prunes down to nothing without allowEmpty (an emptied folder is not a wish to delete everything)', () => {
    const everything = [
      'ChaosSchedule/orders-resilience',
      'Namespace/shop',
      'Service/shop/ledger',
      'Service/shop/orders',
      'Service/shop/payments',
      'Service/shop/storefront',
    ]
    const empty = plan(appliedExample(), () => '', { prune: true, force: true })
    expect(empty.actions.filter((a) => a.action === 'delete')).toEqual([])
    expect(empty.prune.blockedReason).toMatch(/no resources.*--allow-empty/)
    expect(empty.prune.blocked.map((a) => a.id).sort()).toEqual(everything)
    const allowed = plan(appliedExample(), () => '', { prune: true, force: true, allowEmpty: true })
    expect(
      allowed.actions
        .filter((a) => a.action === 'delete')
        .map((a) => a.id)
        .sort(),
    ).toEqual(everything)
    // Clusters are never pruned, and the namespace goes last.
    expect(allowed.actions.at(-1)?.id).toBe('Namespace/shop')
  })
  it('never touches resources of another instance or unmanaged ones', () => {
    const live = appliedExample()
    for (const entry of live.Service.services.values()) {
      entry.service.tags['ecs-reconciler:managed-by'] = 'someone-else'
    }
    expect(plan(live, withoutStorefrontAndOrders, { prune: true }).prune.candidates).toEqual([
      'ChaosSchedule/orders-resilience',
    ])
  })
  it('with a delete scope (run --shards), deletes and counts only the candidates in scope', () => {
    const onlyServices = (c: { id: string }) => c.id.startsWith('Service/')
    const p = plan(appliedExample(), withoutStorefrontAndOrders, {
      prune: true,
      maxDeletes: 2,
      deleteScope: onlyServices,
    })
    expect(p.prune.candidates).toEqual(['Service/shop/orders', 'Service/shop/storefront'])
    expect(p.prune.blockedReason).toBeUndefined()
    expect(p.actions.filter((a) => a.action === 'delete').map((a) => a.id)).toEqual([
      'Service/shop/storefront',
      'Service/shop/orders',
    ])
    const none = plan(appliedExample(), withoutStorefrontAndOrders, { deleteScope: () => false })
    expect(none.prune.candidates).toEqual([])
    expect(none.warnings.join(' ')).not.toMatch(/--prune/)
  })
})

describe('planning the same manifest objects again (a daemon resync)', () => {
  const withLive = (edit: (service: Record<string, unknown>) => Record<string, unknown>): ActualState => {
    const live = appliedExample()
    const entry = live.Service.services.get(serviceKey('shop', 'payments'))
    if (!entry) throw new Error('missing payments')
    ;(live.Service.services as Map<string, typeof entry>).set(serviceKey('shop', 'payments'), {
      ...entry,
      service: edit(entry.service as unknown as Record<string, unknown>) as unknown as typeof entry.service,
    })
    return live
  }

  it('sees a live change after an unchanged pass, and its end after that', () => {
    const { set, graph } = loadExample()
    const again = (actual: ActualState, options: Partial<PlanOptions> = {}) =>
      buildPlan(set, graph, actual, { ...OPTIONS, ...options })
    expect(countChanges(again(appliedExample()))).toBe(0)
    expect(countChanges(again(appliedExample()))).toBe(0)
    const drifted = again(withLive((s) => ({ ...s, enableExecuteCommand: true })))
    expect(drifted.actions.filter((a) => a.action === 'update').map((a) => a.name)).toEqual(['payments'])
    expect(action(drifted, 'payments').diff).toEqual([
      { path: 'enableExecuteCommand', from: true, to: false },
    ])
    expect(countChanges(again(appliedExample()))).toBe(0)
  })
})
