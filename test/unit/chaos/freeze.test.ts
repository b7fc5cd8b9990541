import { describe, expect, it } from 'vitest'
import { frozenClusterOf, frozenClusters } from '../../../src/chaos/freeze.js'
import { loadExample } from '../../support/manifests.js'

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
    expect(frozenClusterOf(frozen, { kind: 'Service', name: 'orders', cluster: 'shop' })).toBe('shop')
    expect(frozenClusterOf(frozen, { kind: 'Cluster', name: 'shop', cluster: undefined })).toBe('shop')
    expect(frozenClusterOf(frozen, { kind: 'Service', name: 'orders', cluster: 'other' })).toBeUndefined()
    expect(frozenClusterOf(frozen, { kind: 'Namespace', name: 'shop', cluster: undefined })).toBeUndefined()
  })
})
