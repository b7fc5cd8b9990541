import { describe, expect, it } from 'vitest'
import { frozenClusterOf, frozenClusters } from '../../../src/chaos/freeze.js'
import { emptyActualState } from '../../../src/reconciler/kinds/registry.js'
import { buildPlan } from '../../../src/reconciler/plan/build-plan.js'
import { loadExample } from '../../support/manifests.js'

const PLAN_OPTIONS = {
  instance: 'ecs-reconciler',
  revision: 'abc123',
  prune: false,
  adopt: false,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}

const withFreeze = (window: string) =>
  loadExample((file, text) =>
    file.endsWith('cluster.yaml')
      ? text.replace(
          '  containerInsights: enabled',
          `  containerInsights: enabled\n  freezeWindows:\n${window}`,
        )
      : text,
  ).set

describe('frozenClusters', () => {
  const fridays = '    - schedule: "0 15 * * 5"\n      duration: 9h\n      timezone: Europe/Paris'
  it('a recurring window freezes its cluster while it holds, and says until when', () => {
    // Friday 2026-01-02 16:00 in Paris (15:00 UTC); the window opened at 15:00 CET (14:00 UTC) and lasts 9 h.
    const frozen = frozenClusters(withFreeze(fridays), Date.UTC(2026, 0, 2, 15))
    expect([...frozen.keys()]).toEqual(['shop'])
    expect(frozen.get('shop')).toContain('2026-01-02T23:00:00.000Z')
    expect(frozenClusters(withFreeze(fridays), Date.UTC(2026, 0, 3, 0))).toEqual(new Map())
  })

  it('changes to the cluster itself and to its services are frozen, others are not', () => {
    const frozen = new Map([['shop', 'why']])
    const { set, graph } = loadExample()
    const planned = buildPlan(set, graph, emptyActualState(), PLAN_OPTIONS).actions
    const clusterOfAction = (kind: string, name: string) =>
      planned.find((a) => a.kind === kind && a.name === name)
    // The planned actions carry their cluster from their kind's handler: a Cluster action its own name.
    expect(frozenClusterOf(frozen, clusterOfAction('Cluster', 'shop')!)).toBe('shop')
    expect(frozenClusterOf(frozen, clusterOfAction('Service', 'orders')!)).toBe('shop')
    expect(frozenClusterOf(frozen, clusterOfAction('Namespace', 'shop')!)).toBeUndefined()
    expect(frozenClusterOf(frozen, { cluster: 'other' })).toBeUndefined()
  })
})
