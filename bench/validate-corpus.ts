/** @module Benchmark: wall time of `ecs-reconciler validate` as a process, per bad-input corpus case, one at a time. */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

export interface CorpusTiming {
  readonly cases: number
  readonly medianMs: number
  readonly p95Ms: number
  readonly maxMs: number
  readonly slowest: string
  /** `node -e 0`: the part of every run that is Node's own start-up. */
  readonly nodeStartMs: number
}

function timeProcess(args: string[]): number {
  const start = performance.now()
  spawnSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } })
  return performance.now() - start
}

export function benchValidateCorpus(repoRoot: string): CorpusTiming {
  const cli = join(repoRoot, 'dist', 'cli', 'main.js')
  const corpus = join(repoRoot, 'test', 'fixtures', 'invalid')
  const rows = readdirSync(corpus)
    .sort()
    .map((name) => ({ name, ms: timeProcess([cli, 'validate', join(corpus, name)]) }))
    .sort((a, b) => a.ms - b.ms)
  const at = (q: number): number =>
    Math.round(rows[Math.min(rows.length - 1, Math.floor(q * rows.length))]?.ms ?? 0)
  const slowest = rows.at(-1)
  return {
    cases: rows.length,
    medianMs: at(0.5),
    p95Ms: at(0.95),
    maxMs: Math.round(slowest?.ms ?? 0),
    slowest: slowest?.name ?? '',
    nodeStartMs: Math.round(timeProcess(['-e', '0'])),
  }
}
