/** @module A generic dependency graph: edges, cycle detection that returns the path, topological waves. Pure. */

export interface DependencyGraph {
  readonly nodes: readonly string[]
  /** node → the nodes it depends on (which must be done first). */
  readonly dependencies: ReadonlyMap<string, ReadonlySet<string>>
}

export interface Edge {
  /** The dependent node. */
  readonly from: string
  /** The node it depends on. */
  readonly to: string
}

/** Builds a graph; edges naming unknown nodes are ignored (reference rules report those). */
export function createGraph(nodes: Iterable<string>, edges: Iterable<Edge>): DependencyGraph {
  const list = [...new Set(nodes)].sort()
  const known = new Set(list)
  const dependencies = new Map<string, Set<string>>(list.map((n) => [n, new Set<string>()]))
  for (const { from, to } of edges) {
    if (from !== to && known.has(from) && known.has(to)) dependencies.get(from)?.add(to)
    else if (from === to && known.has(from)) dependencies.get(from)?.add(to)
  }
  return { nodes: list, dependencies }
}

/** Every elementary cycle found by a depth-first search, each as a path that returns to its start. */
export function findCycles(graph: DependencyGraph): string[][] {
  const WHITE = 0
  const GREY = 1
  const BLACK = 2
  const colour = new Map<string, number>(graph.nodes.map((n) => [n, WHITE]))
  const stack: string[] = []
  const cycles: string[][] = []
  const seen = new Set<string>()

  const visit = (node: string): void => {
    colour.set(node, GREY)
    stack.push(node)
    for (const next of [...(graph.dependencies.get(node) ?? [])].sort()) {
      const c = colour.get(next)
      if (c === GREY) {
        const cycle = [...stack.slice(stack.indexOf(next)), next]
        const key = canonicalCycle(cycle)
        if (!seen.has(key)) {
          seen.add(key)
          cycles.push(cycle)
        }
      } else if (c === WHITE) {
        visit(next)
      }
    }
    stack.pop()
    colour.set(node, BLACK)
  }
  for (const node of graph.nodes) if (colour.get(node) === WHITE) visit(node)
  return cycles
}

/** Rotation-independent key so one cycle is reported once. */
function canonicalCycle(cycle: readonly string[]): string {
  const ring = cycle.slice(0, -1)
  const min = ring.reduce((a, b) => (b < a ? b : a))
  const start = ring.indexOf(min)
  return [...ring.slice(start), ...ring.slice(0, start)].join('→')
}

export type WavesResult = { ok: true; waves: string[][] } | { ok: false; cycles: string[][] }

/**
 * Groups nodes into waves: wave 0 has no dependencies, wave n depends only on earlier waves.
 * Within a wave nodes are ordered by `compare` (default: by name), so output is deterministic.
 */
export function topologicalWaves(graph: DependencyGraph, compare: (a: string, b: string) => number = defaultCompare): WavesResult {
  const remaining = new Map<string, Set<string>>()
  for (const node of graph.nodes) remaining.set(node, new Set(graph.dependencies.get(node)))
  const waves: string[][] = []
  while (remaining.size > 0) {
    const ready = [...remaining].filter(([, deps]) => deps.size === 0).map(([n]) => n)
    if (ready.length === 0) return { ok: false, cycles: findCycles(graph) }
    ready.sort(compare)
    waves.push(ready)
    for (const node of ready) remaining.delete(node)
    for (const deps of remaining.values()) for (const node of ready) deps.delete(node)
  }
  return { ok: true, waves }
}

/** Nodes that depend on `node`, directly or through others. */
export function dependentsOf(graph: DependencyGraph, node: string): Set<string> {
  const reverse = new Map<string, string[]>()
  for (const [from, deps] of graph.dependencies) for (const to of deps) reverse.set(to, [...(reverse.get(to) ?? []), from])
  const out = new Set<string>()
  const queue = [node]
  while (queue.length > 0) {
    const current = queue.shift() as string
    for (const dependent of reverse.get(current) ?? []) {
      if (!out.has(dependent)) {
        out.add(dependent)
        queue.push(dependent)
      }
    }
  }
  return out
}

function defaultCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
