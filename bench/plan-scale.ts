/** @module Benchmark: validate + graph + plan time and memory at N services (pure stages, no I/O). */
import { emptyActualState } from '../src/reconciler/kinds/registry.js'
import { validateFiles } from '../src/manifest/validate.js'
import { buildPlan } from '../src/reconciler/plan/build-plan.js'
import { countChanges } from '../src/reconciler/plan/types.js'
import { generateManifests } from './generate.js'
import { sentLiveState } from './sent-state.js'

const OPTIONS = {
  instance: 'ecs-reconciler',
  revision: 'bench',
  prune: false,
  adopt: false,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}

function time<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now()
  const value = fn()
  return { value, ms: performance.now() - start }
}

export function benchPlanScale(services: number): Record<string, number | string> {
  const files = generateManifests(services)
  globalThis.gc?.()
  const heapBefore = process.memoryUsage().heapUsed
  const validated = time(() => validateFiles(files))
  if (!validated.value.ok) {
    throw new Error(`generated manifests are invalid: ${validated.value.issues[0]?.message ?? ''}`)
  }
  const { set, graph } = validated.value
  const fromEmpty = time(() => buildPlan(set, graph, emptyActualState(), OPTIONS))
  const live = sentLiveState(fromEmpty.value)
  const steady = time(() => buildPlan(set, graph, live, OPTIONS))
  const heapAfter = process.memoryUsage().heapUsed
  return {
    services,
    files: files.length,
    validateMs: Math.round(validated.ms),
    planFromEmptyMs: Math.round(fromEmpty.ms),
    planSteadyMs: Math.round(steady.ms),
    steadyChanges: countChanges(steady.value),
    waves: steady.value.waveCount,
    heapDeltaMiB: Math.round(((heapAfter - heapBefore) / 1024 / 1024) * 10) / 10,
    rssMiB: Math.round(process.memoryUsage().rss / 1024 / 1024),
  }
}
