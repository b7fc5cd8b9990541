/**
 * The linear graph algorithms (Kahn's waves, iterative cycle search, queue-based dependents) give
 * exactly what the original ones gave; the originals are kept here as the oracle.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createGraph,
  dependentsOf,
  findCycles,
  topologicalWaves,
  type DependencyGraph,
} from '../../../src/graph/index.js'

function canonical(cycle: readonly string[]): string {
  const ring = cycle.slice(0, -1)
  const min = ring.reduce((a, b) => (b < a ? b : a))
  const start = ring.indexOf(min)
  return [...ring.slice(start), ...ring.slice(0, start)].join('→')
}

function recursiveCycles(graph: DependencyGraph): string[][] {
  const colour = new Map<string, number>(graph.nodes.map((n) => [n, 0]))
  const stack: string[] = []
  const cycles: string[][] = []
  const seen = new Set<string>()
  const visit = (node: string): void => {
    colour.set(node, 1)
    stack.push(node)
    for (const next of [...(graph.dependencies.get(node) ?? [])].sort()) {
      const c = colour.get(next)
      if (c === 1) {
        const cycle = [...stack.slice(stack.indexOf(next)), next]
        if (!seen.has(canonical(cycle))) {
          seen.add(canonical(cycle))
          cycles.push(cycle)
        }
      } else if (c === 0) visit(next)
    }
    stack.pop()
    colour.set(node, 2)
  }
  for (const node of graph.nodes) if (colour.get(node) === 0) visit(node)
  return cycles
}

function repeatedScanWaves(graph: DependencyGraph, compare: (a: string, b: string) => number) {
  const remaining = new Map<string, Set<string>>()
  for (const node of graph.nodes) remaining.set(node, new Set(graph.dependencies.get(node)))
  const waves: string[][] = []
  while (remaining.size > 0) {
    const ready = [...remaining].filter(([, deps]) => deps.size === 0).map(([n]) => n)
    if (ready.length === 0) return { ok: false, cycles: recursiveCycles(graph) }
    ready.sort(compare)
    waves.push(ready)
    for (const node of ready) remaining.delete(node)
    for (const deps of remaining.values()) for (const node of ready) deps.delete(node)
  }
  return { ok: true, waves }
}

function transitiveDependents(graph: DependencyGraph, node: string): Set<string> {
  const out = new Set<string>()
  let grew = true
  while (grew) {
    grew = false
    for (const [from, deps] of graph.dependencies) {
      if (out.has(from)) continue
      if (deps.has(node) || [...deps].some((d) => out.has(d))) {
        out.add(from)
        grew = true
      }
    }
  }
  return out
}

const NODES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']
const graphArb = fc
  .array(fc.tuple(fc.constantFrom(...NODES), fc.constantFrom(...NODES)), { maxLength: 20 })
  .map((edges) =>
    createGraph(
      NODES,
      edges.map(([from, to]) => ({ from, to })),
    ),
  )
const byLengthThenName = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)

describe('graph algorithms match the originals', () => {
  it('waves (or the cycles) are the same', () => {
    fc.assert(
      fc.property(graphArb, (graph) => {
        expect(topologicalWaves(graph)).toEqual(
          repeatedScanWaves(graph, (a, b) => (a < b ? -1 : a > b ? 1 : 0)),
        )
        expect(topologicalWaves(graph, byLengthThenName)).toEqual(repeatedScanWaves(graph, byLengthThenName))
      }),
      { numRuns: 500 },
    )
  })
  it('cycles are the same, in the same order', () => {
    fc.assert(
      fc.property(graphArb, (graph) => {
        expect(findCycles(graph)).toEqual(recursiveCycles(graph))
      }),
      { numRuns: 500 },
    )
  })
  it('dependents are every node that reaches the given one', () => {
    fc.assert(
      fc.property(graphArb, fc.constantFrom(...NODES), (graph, node) => {
        expect(dependentsOf(graph, node)).toEqual(transitiveDependents(graph, node))
      }),
      { numRuns: 300 },
    )
  })
  it('handles a chain of 30,000 dependencies: no cycle, one wave per link, every node a dependent of the first', () => {
    const n = 30_000
    const nodes = Array.from({ length: n }, (_, i) => `n${String(i).padStart(6, '0')}`)
    const graph = createGraph(
      nodes,
      nodes.slice(1).map((from, i) => ({ from, to: nodes[i] as string })),
    )
    expect(findCycles(graph)).toEqual([])
    const waves = topologicalWaves(graph)
    expect(waves.ok && waves.waves.length).toBe(n)
    expect(dependentsOf(graph, nodes[0] as string).size).toBe(n - 1)
  })
})
