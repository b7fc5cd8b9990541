/** @module Deterministic waves of the manifest graph: kind rank, then name, within a wave. */
import { topologicalWaves, type WavesResult } from '../graph/index.js'
import type { ManifestGraph } from './dependencies.js'

const KIND_RANK: Record<string, number> = { Namespace: 0, Cluster: 1, Service: 2, ChaosSchedule: 3 }

export function compareIds(a: string, b: string): number {
  const ka = KIND_RANK[a.split('/')[0] ?? ''] ?? 9
  const kb = KIND_RANK[b.split('/')[0] ?? ''] ?? 9
  return ka - kb || (a < b ? -1 : a > b ? 1 : 0)
}

export function manifestWaves(graph: ManifestGraph): WavesResult {
  return topologicalWaves(graph.graph, compareIds)
}
