/** @module Benchmark: load + schema + semantic rules + dependency graph at N services, and with every service in one namespace. */
import { buildDependencyGraph } from '../src/manifest/dependencies.js'
import { validateFiles } from '../src/manifest/validate.js'
import { generateManifests, type GenerateOptions } from './generate.js'

export interface ValidateScaleRow {
  readonly services: number
  readonly perNamespace: number
  readonly edges: number
  readonly validateMs: number
  /** The graph alone, built again from the validated set. */
  readonly graphMs: number
}

function ms(start: number): number {
  return Math.round(performance.now() - start)
}

export function benchValidateScale(services: number, options: GenerateOptions = {}): ValidateScaleRow {
  const files = generateManifests(services, options)
  const started = performance.now()
  const result = validateFiles(files)
  const validateMs = ms(started)
  if (!result.ok) throw new Error(`generated manifests are invalid: ${result.issues[0]?.message ?? ''}`)
  const graphStarted = performance.now()
  const graph = buildDependencyGraph(result.set)
  return { services, perNamespace: options.perNamespace ?? 50, edges: graph.edges.length, validateMs, graphMs: ms(graphStarted) }
}
