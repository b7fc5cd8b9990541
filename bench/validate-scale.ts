/**
 * @module Benchmark: load + schema + semantic rules + dependency graph at N services and with every
 * service in one namespace; and the CPU of a daemon resync's load step with and without the cache.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { buildDependencyGraph } from '../src/manifest/dependencies.js'
import { ManifestCache } from '../src/manifest/manifest-cache.js'
import { loadManifests, validateFiles } from '../src/manifest/validate.js'
import { generateManifests, type GenerateOptions } from './generate.js'

export interface ValidateScaleRow {
  readonly services: number
  readonly perNamespace: number
  readonly edges: number
  readonly validateMs: number
  /** CPU (user + system) of the same call: less sensitive than wall time to a machine shared with other work. */
  readonly validateCpuMs: number
  /** The graph alone, built again from the validated set. */
  readonly graphMs: number
}

function ms(start: number): number {
  return Math.round(performance.now() - start)
}

export function benchValidateScale(services: number, options: GenerateOptions = {}): ValidateScaleRow {
  const files = generateManifests(services, options)
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  const result = validateFiles(files)
  const cpu = process.cpuUsage(cpuBefore)
  const validateMs = ms(started)
  if (!result.ok) throw new Error(`generated manifests are invalid: ${result.issues[0]?.message ?? ''}`)
  const graphStarted = performance.now()
  const graph = buildDependencyGraph(result.set)
  return {
    services,
    perNamespace: options.perNamespace ?? 50,
    edges: graph.edges.length,
    validateMs,
    validateCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    graphMs: ms(graphStarted),
  }
}

export interface ResyncLoadRow {
  readonly services: number
  /** CPU (user + system) of `loadManifests` from disk without a cache, as every resync did before. */
  readonly uncachedCpuMs: number
  /** The same load with the daemon's cache warm: no file changed since the previous pass. */
  readonly cachedCpuMs: number
  /** Cache warm, one file changed. */
  readonly oneChangedCpuMs: number
}

function cpuMs<T>(fn: () => Promise<T>): Promise<number> {
  const before = process.cpuUsage()
  return fn().then(() => {
    const used = process.cpuUsage(before)
    return Math.round((used.user + used.system) / 1000)
  })
}

/** The load step of a daemon resync at N services, from files on disk, with and without the cache. */
export async function benchResyncLoad(services: number): Promise<ResyncLoadRow> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-resync-'))
  try {
    const files = generateManifests(services)
    for (const f of files) {
      mkdirSync(dirname(join(dir, f.file)), { recursive: true })
      writeFileSync(join(dir, f.file), f.text)
    }
    const uncachedCpuMs = await cpuMs(() => loadManifests([dir]))
    const cache = new ManifestCache()
    await loadManifests([dir], { cache })
    const cachedCpuMs = await cpuMs(() => loadManifests([dir], { cache }))
    const changed = files[1]
    if (changed) {
      writeFileSync(join(dir, changed.file), changed.text.replace('desiredCount: 2', 'desiredCount: 3'))
    }
    const oneChangedCpuMs = await cpuMs(() => loadManifests([dir], { cache }))
    return { services, uncachedCpuMs, cachedCpuMs, oneChangedCpuMs }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
