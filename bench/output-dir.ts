/** @module Where a benchmark run writes its results: the committed record only when asked. */
import { join } from 'node:path'

/**
 * `bench/results/` (committed, quoted in docs/benchmarks.md) with `--record` or BENCH_RECORD=1; otherwise
 * `bench/.scratch/` (git-ignored), so a trial run on a busy laptop never overwrites the record.
 */
export function benchOutputDir(
  root: string,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): { dir: string; recording: boolean } {
  const recording = argv.includes('--record') || ['1', 'true'].includes(env['BENCH_RECORD'] ?? '')
  return { dir: join(root, 'bench', recording ? 'results' : '.scratch'), recording }
}
