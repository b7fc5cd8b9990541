import { describe, expect, it } from 'vitest'
import { createGraph, dependentsOf, findCycles, topologicalWaves } from '../../../src/graph/index.js'

const graph = (edges: [string, string][], extra: string[] = []) =>
  createGraph(
    [...new Set([...edges.flat(), ...extra])],
    edges.map(([from, to]) => ({ from, to })),
  )

describe('findCycles', () => {
  it.each([
    [
      'none',
      [
        ['b', 'a'],
        ['c', 'b'],
      ] as [string, string][],
      [],
    ],
    [
      'two nodes',
      [
        ['a', 'b'],
        ['b', 'a'],
      ] as [string, string][],
      [['a', 'b', 'a']],
    ],
    [
      'four nodes',
      [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'd'],
        ['d', 'a'],
      ] as [string, string][],
      [['a', 'b', 'c', 'd', 'a']],
    ],
    ['a self loop', [['a', 'a']] as [string, string][], [['a', 'a']]],
  ])('%s', (_name, edges, cycles) => {
    expect(findCycles(graph(edges))).toEqual(cycles)
  })
})

describe('topologicalWaves', () => {
  it('puts dependencies in earlier waves, sorted within a wave', () => {
    const result = topologicalWaves(
      graph(
        [
          ['web', 'api'],
          ['api', 'db'],
          ['worker', 'db'],
        ],
        ['cron'],
      ),
    )
    expect(result).toEqual({ ok: true, waves: [['cron', 'db'], ['api', 'worker'], ['web']] })
  })
  it('is deterministic whatever the input order', () => {
    const a = topologicalWaves(createGraph(['c', 'b', 'a'], [{ from: 'c', to: 'a' }]))
    const b = topologicalWaves(createGraph(['a', 'b', 'c'], [{ from: 'c', to: 'a' }]))
    expect(a).toEqual(b)
  })
  it('reports the cycles instead of waves', () => {
    expect(
      topologicalWaves(
        graph([
          ['a', 'b'],
          ['b', 'a'],
          ['c', 'a'],
        ]),
      ),
    ).toEqual({ ok: false, cycles: [['a', 'b', 'a']] })
  })
})

describe('dependentsOf', () => {
  it('follows dependents transitively', () => {
    expect(
      [
        ...dependentsOf(
          graph([
            ['web', 'api'],
            ['api', 'db'],
            ['admin', 'web'],
          ]),
          'db',
        ),
      ].sort(),
    ).toEqual(['admin', 'api', 'web'])
  })
})
