/**
 * @module Benchmark: the manifest load (read, parse, duplicate keys, aliases, schema, rules) at 8,000
 * and 80,000 keys, in one map (a service with a huge `environment`, the shape that took a minute with
 * the YAML library's quadratic duplicate-key check) and spread over documents (namespaces with labels),
 * plus a file of aliases. Linear means 10× the keys costs about 10× the time: the bench records the
 * ratio of CPU times and whether it stays within 12×.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadManifests } from '../src/manifest/validate.js'

export interface LoaderShapeRow {
  readonly shape: string
  readonly keys: number
  readonly bytes: number
  /** CPU (user + system) of the best of a few runs: less sensitive than wall time to a machine shared with other work. */
  readonly cpuMs: number
  readonly wallMs: number
}

export interface LoaderLinearResult {
  readonly rows: LoaderShapeRow[]
  /** Per shape: CPU at 80,000 keys over CPU at 8,000 (10× the input). */
  readonly ratios: Record<string, number>
  readonly maxRatioAllowed: number
  readonly linear: boolean
}

const SHAPES: Record<string, (keys: number) => string> = {
  /** One service whose container environment holds every key. */
  'one-map': (keys) =>
    `apiVersion: ecs-reconciler/v1alpha1\nkind: Service\nmetadata:\n  name: big\nspec:\n  cluster: bench\n  launchType: FARGATE\n  network:\n    subnets: [subnet-1]\n  taskDefinition:\n    cpu: 256\n    memory: 512\n    containers:\n      - name: app\n        image: public.ecr.aws/bench/app:1\n        environment:\n${Array.from({ length: keys }, (_, i) => `          K${i}: v${i}\n`).join('')}`,
  /** Namespaces of ten keys each (envelope and labels), one document each. */
  documents: (keys) =>
    Array.from(
      { length: keys / 10 },
      (_, i) =>
        `apiVersion: ecs-reconciler/v1alpha1\nkind: Namespace\nmetadata:\n  name: ns-${i}\n  labels: {a: "1", b: "2", c: "3", d: "4", e: "5"}\nspec: {}\n`,
    ).join('---\n'),
  /** A document per 1,000 keys once expanded: an anchored map of ten keys used by 90 aliases (under the limit). */
  aliases: (keys) =>
    Array.from(
      { length: Math.ceil(keys / 1000) },
      (_, d) =>
        `anchor: &a {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: ${d}}\nuses:\n${'  - *a\n'.repeat(90)}`,
    ).join('---\n'),
}

async function measure(shape: string, keys: number, runs: number): Promise<LoaderShapeRow> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-loader-'))
  try {
    const text = SHAPES[shape]?.(keys) ?? ''
    writeFileSync(join(dir, 'm.yaml'), text)
    let cpuMs = Infinity
    let wallMs = Infinity
    for (let run = 0; run < runs; run++) {
      const cpu = process.cpuUsage()
      const started = performance.now()
      await loadManifests([dir])
      const used = process.cpuUsage(cpu)
      cpuMs = Math.min(cpuMs, Math.round((used.user + used.system) / 1000))
      wallMs = Math.min(wallMs, Math.round(performance.now() - started))
    }
    return { shape, keys, bytes: Buffer.byteLength(text), cpuMs, wallMs }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function benchLoaderLinear(small = 8_000, runs = 3): Promise<LoaderLinearResult> {
  const maxRatioAllowed = 12
  // A warm-up, so the first shape measured does not pay for the JIT.
  await measure('one-map', small, 2)
  const rows: LoaderShapeRow[] = []
  const ratios: Record<string, number> = {}
  for (const shape of Object.keys(SHAPES)) {
    const low = await measure(shape, small, runs)
    const high = await measure(shape, small * 10, runs)
    rows.push(low, high)
    ratios[shape] = Math.round((high.cpuMs / Math.max(1, low.cpuMs)) * 10) / 10
  }
  return { rows, ratios, maxRatioAllowed, linear: Object.values(ratios).every((r) => r <= maxRatioAllowed) }
}
