/** @module Renders the dependency graph and its waves as text, Mermaid or Graphviz dot. */
import type { ManifestGraph, ReasonedEdge } from '../../manifest/dependencies.js'
import { FIRST_WAVE } from '../../manifest/waves.js'

const shortId = (id: string): string => id.replace(/^Service\/[^/]+\//, 'Service/')
const nodeKey = (id: string): string => id.replace(/[^A-Za-z0-9_]/g, '_')

export function renderGraphText(graph: ManifestGraph, waves: readonly string[][]): string {
  const out: string[] = []
  for (const [i, wave] of waves.entries()) {
    out.push(`wave ${FIRST_WAVE + i}:`)
    for (const id of wave) {
      const deps = graph.edges.filter((e) => e.from === id)
      const after =
        deps.length > 0 ? `  ← ${deps.map((e) => `${shortId(e.to)} (${e.reason})`).join(', ')}` : ''
      out.push(`  ${id}${after}`)
    }
  }
  return out.join('\n')
}

export function renderGraphMermaid(graph: ManifestGraph, waves: readonly string[][]): string {
  const out = ['flowchart LR']
  for (const [i, wave] of waves.entries()) {
    out.push(`  subgraph wave${FIRST_WAVE + i}["wave ${FIRST_WAVE + i}"]`)
    for (const id of wave) out.push(`    ${nodeKey(id)}["${shortId(id)}"]`)
    out.push('  end')
  }
  // Arrows point in apply order: dependency → dependent.
  for (const edge of sortedEdges(graph.edges)) {
    out.push(`  ${nodeKey(edge.to)} -->|${edge.reason}| ${nodeKey(edge.from)}`)
  }
  return out.join('\n')
}

export function renderGraphDot(graph: ManifestGraph, waves: readonly string[][]): string {
  const out = ['digraph ecs_reconciler {', '  rankdir=LR;', '  node [shape=box];']
  for (const [i, wave] of waves.entries()) {
    out.push(`  subgraph cluster_wave${FIRST_WAVE + i} {`, `    label="wave ${FIRST_WAVE + i}";`)
    for (const id of wave) out.push(`    "${id}" [label="${shortId(id)}"];`)
    out.push('  }')
  }
  for (const edge of sortedEdges(graph.edges)) {
    out.push(`  "${edge.to}" -> "${edge.from}" [label="${edge.reason}"];`)
  }
  out.push('}')
  return out.join('\n')
}

function sortedEdges(edges: readonly ReasonedEdge[]): ReasonedEdge[] {
  return [...edges].sort((a, b) => a.to.localeCompare(b.to) || a.from.localeCompare(b.from))
}
