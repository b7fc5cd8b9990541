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
  const cycles: string[][] = []
  const seen = new Set<string>()
  // The search keeps its own stack (a chain of thousands of dependsOn must not exhaust the call stack);
  // `path` is the current route from the root and `positionOf` where each grey node sits on it.
  const path: string[] = []
  const positionOf = new Map<string, number>()
  const pending: { node: string; next: readonly string[]; at: number }[] = []
  const enter = (node: string): void => {
    colour.set(node, GREY)
    positionOf.set(node, path.length)
    path.push(node)
    pending.push({ node, next: [...(graph.dependencies.get(node) ?? [])].sort(), at: 0 })
  }

  for (const root of graph.nodes) {
    if (colour.get(root) !== WHITE) continue
    enter(root)
    while (pending.length > 0) {
      const frame = pending[pending.length - 1] as (typeof pending)[number]
      if (frame.at >= frame.next.length) {
        pending.pop()
        path.pop()
        positionOf.delete(frame.node)
        colour.set(frame.node, BLACK)
        continue
      }
      const next = frame.next[frame.at++] as string
      const c = colour.get(next)
      if (c === GREY) {
        const cycle = [...path.slice(positionOf.get(next)), next]
        const key = canonicalCycle(cycle)
        if (!seen.has(key)) {
          seen.add(key)
          cycles.push(cycle)
        }
      } else if (c === WHITE) {
        enter(next)
      }
    }
  }
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
export function topologicalWaves(
  graph: DependencyGraph,
  compare: (a: string, b: string) => number = defaultCompare,
): WavesResult {
  // Kahn's algorithm, one level at a time: each edge is looked at once.
  const waiting = new Map<string, number>()
  for (const node of graph.nodes) waiting.set(node, graph.dependencies.get(node)?.size ?? 0)
  const dependents = reverseEdges(graph)
  const waves: string[][] = []
  let ready = graph.nodes.filter((node) => waiting.get(node) === 0)
  let placed = 0
  while (ready.length > 0) {
    ready.sort(compare)
    waves.push(ready)
    placed += ready.length
    const next: string[] = []
    for (const node of ready) {
      for (const dependent of dependents.get(node) ?? []) {
        if (!waiting.has(dependent)) continue
        const left = (waiting.get(dependent) ?? 0) - 1
        waiting.set(dependent, left)
        if (left === 0) next.push(dependent)
      }
    }
    ready = next
  }
  if (placed < waiting.size) return { ok: false, cycles: findCycles(graph) }
  return { ok: true, waves }
}

/** Nodes that depend on `node`, directly or through others. */
export function dependentsOf(graph: DependencyGraph, node: string): Set<string> {
  const reverse = reverseEdges(graph)
  const out = new Set<string>()
  const queue = [node]
  for (let head = 0; head < queue.length; head++) {
    const current = queue[head] as string
    for (const dependent of reverse.get(current) ?? []) {
      if (!out.has(dependent)) {
        out.add(dependent)
        queue.push(dependent)
      }
    }
  }
  return out
}

/** node → the nodes that depend on it, in the order the graph lists them. */
function reverseEdges(graph: DependencyGraph): Map<string, string[]> {
  const reverse = new Map<string, string[]>()
  for (const [from, deps] of graph.dependencies) {
    for (const to of deps) {
      const list = reverse.get(to)
      if (list) list.push(from)
      else reverse.set(to, [from])
    }
  }
  return reverse
}

function defaultCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
