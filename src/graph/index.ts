/** @module Public face of the dependency graph. */
export {
  createGraph,
  dependentsOf,
  findCycles,
  topologicalWaves,
  type DependencyGraph,
  type Edge,
  type WavesResult,
} from './graph.js'
