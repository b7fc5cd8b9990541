/**
 * Adoption is its own action: an unmanaged resource whose settings already match
 * the manifest plans as `adopt` (ownership tags only); one whose settings differ is an `update` that
 * says it also adopts; one owned by another instance is left alone and named with its owner.
 */
import { describe, expect, it } from 'vitest'
import type { ActualState } from '../../../src/reconciler/actual.js'
import { serviceKey } from '../../../src/reconciler/kinds/service/live.js'
import { buildPlan, type PlanOptions } from '../../../src/reconciler/plan/build-plan.js'
import { countChanges, type Plan } from '../../../src/reconciler/plan/types.js'
import { TAG_MANAGED_BY } from '../../../src/reconciler/ownership.js'
import { renderPlanText, planToJson } from '../../../src/cli/render/plan.js'
import { shopLiveState } from '../../support/shop-live.js'
import { loadExample } from '../../support/manifests.js'

const OPTIONS: PlanOptions = {
  instance: 'ecs-reconciler',
  revision: 'abc123',
  prune: false,
  adopt: true,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}

function planOf(live: ActualState, edit?: (file: string, text: string) => string): Plan {
  const { set, graph } = loadExample(edit)
  return buildPlan(set, graph, live, OPTIONS)
}

/** The example as applied, then every ecs-reconciler tag stripped: resources someone else created. */
function unmanagedExample(): ActualState {
  const live = shopLiveState()
  const strip = (tags: Record<string, string>): void => {
    for (const key of Object.keys(tags)) if (key.startsWith('ecs-reconciler:')) delete tags[key]
  }
  for (const entry of live.Service.services.values()) strip(entry.service.tags)
  for (const cluster of live.Cluster.values()) strip(cluster.tags)
  for (const ns of live.Namespace) strip(ns.tags)
  return live
}

describe('plan --adopt', () => {
  it('shows each unmanaged look-alike as adopt, with only tag changes', () => {
    const p = planOf(unmanagedExample())
    const adopted = p.actions.filter((a) => a.action === 'adopt')
    expect(adopted.map((a) => a.id).sort()).toEqual([
      'Cluster/shop',
      'Namespace/shop',
      'Service/shop/ledger',
      'Service/shop/orders',
      'Service/shop/payments',
      'Service/shop/storefront',
    ])
    for (const a of adopted) {
      expect(
        a.diff.every((c) => c.path.startsWith('tags.ecs-reconciler:')),
        a.id,
      ).toBe(true)
    }
    expect(p.actions.filter((a) => a.action === 'update')).toEqual([])
    expect(countChanges(p)).toBeGreaterThan(0)
    const text = renderPlanText(p, { colour: false })
    expect(text).toContain('adopt — not managed by ecs-reconciler yet')
    expect(text).toMatch(/Plan: \d+ to create, 6 to adopt, 0 to update/)
    expect(
      (planToJson(p) as { actions: { action: string }[] }).actions.filter((a) => a.action === 'adopt'),
    ).toHaveLength(6)
  })

  it('an unmanaged resource whose settings differ is an update that also adopts, never a bare adopt', () => {
    const p = planOf(unmanagedExample(), (f, t) =>
      f.endsWith('ledger.yaml') ? t.replace('desiredCount: 2', 'desiredCount: 3') : t,
    )
    const ledger = p.actions.find((a) => a.id === 'Service/shop/ledger')
    expect(ledger?.action).toBe('update')
    expect(ledger?.reasons[0]).toContain('--adopt')
    expect(ledger?.diff.map((c) => c.path)).toContain('desiredCount')
  })

  it('a resource owned by another instance is not adopted and is reported with its owner', () => {
    const live = unmanagedExample()
    const ledger = live.Service.services.get(serviceKey('shop', 'ledger'))
    if (!ledger) throw new Error('missing ledger')
    ledger.service.tags[TAG_MANAGED_BY] = 'team-b'
    const p = planOf(live)
    expect(p.actions.find((a) => a.id === 'Service/shop/ledger')?.action).toBe('noop')
    expect(p.warnings.join('\n')).toContain('"team-b"')
  })
})
