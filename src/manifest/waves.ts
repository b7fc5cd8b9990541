/** @module Deterministic waves of the manifest graph: kind rank, then name, within a wave. */
import { topologicalWaves, type WavesResult } from '../graph/index.js'
import type { ManifestGraph } from './dependencies.js'
import { KINDS } from './schema/index.js'

const KIND_RANK = new Map<string, number>(KINDS.map((kind, i) => [kind, i]))

export function compareIds(a: string, b: string): number {
  const ka = KIND_RANK.get(a.split('/')[0] ?? '') ?? KINDS.length
  const kb = KIND_RANK.get(b.split('/')[0] ?? '') ?? KINDS.length
  return ka - kb || (a < b ? -1 : a > b ? 1 : 0)
}

/** Waves count from 1, as people count them, in every output, log and JSON field. */
export const FIRST_WAVE = 1

export function manifestWaves(graph: ManifestGraph): WavesResult {
  return topologicalWaves(graph.graph, compareIds)
}
