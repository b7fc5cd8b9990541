/** Saved plans: the fingerprints that tell `apply FILE` whether the plan still holds. */
import { describe, expect, it } from 'vitest'
import { liveFingerprint, manifestFingerprint, savedPlan, staleReason } from '../../../src/cli/plan-file.js'
import { emptyActualState } from '../../../src/reconciler/actual.js'
import { buildPlan } from '../../../src/reconciler/plan/build-plan.js'
import { shopLiveState } from '../../support/shop-live.js'
import { loadExample } from '../../support/manifests.js'

const OPTIONS = {
  instance: 'ecs-reconciler',
  revision: 'abc',
  prune: false,
  adopt: false,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}

function planned(edit?: (file: string, text: string) => string) {
  const example = loadExample(edit)
  return { ...example, plan: buildPlan(example.set, example.graph, emptyActualState(), OPTIONS) }
}

describe('saved plan fingerprints', () => {
  const base = planned()
  const saved = savedPlan(
    base.plan,
    base.set,
    { paths: ['/m'], cluster: 'default', region: 'us-east-1', options: OPTIONS },
    new Date('2026-11-30T00:00:00Z'),
  )

  it('a plan re-made from the same manifests and the same live state still holds', () => {
    const again = planned()
    expect(staleReason(saved, { set: again.set, plan: again.plan, region: 'us-east-1' })).toBeUndefined()
  })

  it('survives being written as JSON and read back', () => {
    const roundTrip = JSON.parse(JSON.stringify(saved)) as typeof saved
    expect(liveFingerprint(roundTrip.plan)).toBe(saved.liveFingerprint)
    expect(roundTrip.plan.actions.map((a) => `${a.id}:${a.action}`)).toEqual(
      base.plan.actions.map((a) => `${a.id}:${a.action}`),
    )
  })

  it('is stale once a manifest changes', () => {
    const edited = planned((f, t) =>
      f.endsWith('orders.yaml') ? t.replace('orders:1.4.2', 'orders:1.5.0') : t,
    )
    expect(staleReason(saved, { set: edited.set, plan: edited.plan, region: 'us-east-1' })).toBe(
      'the manifests changed since the plan was made',
    )
  })

  it('is stale once the live state moved (here: everything was created meanwhile)', () => {
    const live = shopLiveState()
    const now = buildPlan(base.set, base.graph, live, OPTIONS)
    expect(staleReason(saved, { set: base.set, plan: now, region: 'us-east-1' })).toBe(
      'the live state changed since the plan was made',
    )
  })

  it('is refused in another region', () => {
    expect(staleReason(saved, { set: base.set, plan: base.plan, region: 'eu-west-1' })).toMatch(
      /region us-east-1.*eu-west-1/,
    )
  })

  it('does not depend on where documents sit or on YAML layout, only on content', () => {
    const reformatted = planned((_f, t) => `# a comment\n${t}`)
    expect(manifestFingerprint(reformatted.set)).toBe(manifestFingerprint(base.set))
  })
})
