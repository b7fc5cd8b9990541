/** The status page's graph layout: one column per dependency wave, no two boxes on top of each other. */
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { layoutByWaves, layoutByWavesSource } from '../../../../src/daemon/status-page/layout.js'

describe('layoutByWaves', () => {
  it('puts each resource one column right of the deepest thing it waits for, and draws its direct waits only', () => {
    const layout = layoutByWaves([
      { id: 'Service/b', dependsOn: ['Cluster/x', 'Service/a'] },
      { id: 'Cluster/x', dependsOn: [] },
      { id: 'Service/a', dependsOn: ['Cluster/x', 'Missing/y'] },
      { id: 'Namespace/n', dependsOn: [] },
    ])
    const wave = new Map(layout.nodes.map((n) => [n.id, n.wave]))
    expect(Object.fromEntries(wave)).toEqual({
      'Cluster/x': 0,
      'Namespace/n': 0,
      'Service/a': 1,
      'Service/b': 2,
    })
    // Service/b waits for Cluster/x through Service/a as well: that edge is implied, not drawn. Missing/y is not drawn at all.
    expect(layout.edges.map((e) => `${e.from}→${e.to}`).sort()).toEqual([
      'Cluster/x→Service/a',
      'Service/a→Service/b',
    ])
    const x = new Map(layout.nodes.map((n) => [n.id, n.x]))
    expect(x.get('Cluster/x')).toBeLessThan(x.get('Service/a') ?? 0)
    expect(x.get('Service/a')).toBeLessThan(x.get('Service/b') ?? 0)
  })

  it('never overlaps two boxes and keeps every box inside the drawing', () => {
    const inputs = Array.from({ length: 40 }, (_, i) => ({
      id: `Service/s${String(i).padStart(2, '0')}`,
      dependsOn:
        i < 5
          ? []
          : [
              `Service/s${String(i % 5).padStart(2, '0')}`,
              ...(i >= 20 ? [`Service/s${String(i - 10).padStart(2, '0')}`] : []),
            ],
    }))
    const layout = layoutByWaves(inputs)
    expect(layout.nodes).toHaveLength(40)
    for (const a of layout.nodes) {
      expect(a.x + layout.nodeWidth).toBeLessThanOrEqual(layout.width)
      expect(a.y + layout.nodeHeight).toBeLessThanOrEqual(layout.height)
      for (const b of layout.nodes) {
        if (a === b) continue
        const apart =
          a.x + layout.nodeWidth <= b.x ||
          b.x + layout.nodeWidth <= a.x ||
          a.y + layout.nodeHeight <= b.y ||
          b.y + layout.nodeHeight <= a.y
        expect(apart, `${a.id} and ${b.id} overlap`).toBe(true)
      }
    }
  })

  it('ends on a cycle (never in a valid set) and on nothing at all', () => {
    const cyclic = layoutByWaves([
      { id: 'a', dependsOn: ['b'] },
      { id: 'b', dependsOn: ['a'] },
    ])
    expect(cyclic.nodes.map((n) => n.id).sort()).toEqual(['a', 'b'])
    const empty = layoutByWaves([])
    expect(empty.nodes).toEqual([])
    expect(empty.width).toBeGreaterThan(0)
  })

  it('runs from its own source with no module scope around it (as the page script does) and lays out the same', () => {
    const shipped = runInNewContext(layoutByWavesSource()) as typeof layoutByWaves
    const inputs = [
      { id: 'Service/b', dependsOn: ['Cluster/x', 'Service/a', 'Service/b'] },
      { id: 'Cluster/x', dependsOn: [] },
      { id: 'Service/a', dependsOn: ['Cluster/x', 'Missing/y'] },
      { id: 'c1', dependsOn: ['c2'] },
      { id: 'c2', dependsOn: ['c1'] },
    ]
    expect(JSON.stringify(shipped(inputs))).toBe(JSON.stringify(layoutByWaves(inputs)))
  })
})
