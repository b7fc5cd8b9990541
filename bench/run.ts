/**
 * @module Runs the benchmarks; results go to bench/.scratch/, or to bench/results/ with --record (see
 * output-dir.ts). `--only a,b` runs some of them (names below). The CLI and daemon benches need the
 * built CLI (npm run build).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { benchApiCalls } from './api-calls.js'
import { benchApplyReplay } from './apply-replay.js'
import { benchCliScale } from './cli-scale.js'
import { benchDaemonLatency } from './daemon-latency.js'
import { benchFaultSoak } from './fault-soak.js'
import { benchLocalCloudScale } from './localcloud-scale.js'
import { benchLoaderLinear } from './loader-linear.js'
import { benchOutputDir } from './output-dir.js'
import { benchPlanScale } from './plan-scale.js'
import { benchValidateCorpus } from './validate-corpus.js'
import { benchResyncLoad, benchValidateScale } from './validate-scale.js'
import { benchScaleRow, type ScaleRow } from './scale-curve.js'
import { scaleCurveSvg } from './scale-svg.js'

const ROOT = join(import.meta.dirname, '..', '..')
const args = process.argv.slice(2)
const { dir: RESULTS, recording } = benchOutputDir(ROOT, args, process.env)
const onlyArg =
  args.find((a) => a.startsWith('--only='))?.slice('--only='.length) ??
  (args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined)
const only = onlyArg ? new Set(onlyArg.split(',')) : undefined
// `--sizes 500,1000,5000`: the service counts of apply-replay and scale-curve (default 500 and 1,000).
const sizesArg =
  args.find((a) => a.startsWith('--sizes='))?.slice('--sizes='.length) ??
  (args.includes('--sizes') ? args[args.indexOf('--sizes') + 1] : undefined)
const sizes = (sizesArg ?? '500,1000').split(',').map(Number)

const stamp = new Date().toISOString()
mkdirSync(RESULTS, { recursive: true })

function record(file: string, result: object): void {
  // The load average says how busy the 2-core machine was: figures taken under load are worth less.
  const machine = { cpus: cpus().length, loadAverage: loadavg().map((l) => Math.round(l * 10) / 10) }
  writeFileSync(
    join(RESULTS, file),
    `${JSON.stringify({ measuredAt: stamp, node: process.version, machine, ...result }, null, 2)}\n`,
  )
  process.stdout.write(`${file}: ${JSON.stringify(result, null, 2)}\n`)
}

const benches: Record<string, () => Promise<void> | void> = {
  'plan-scale': () =>
    record('plan-scale.json', { rows: [100, 1000, 5000, 10000].map((n) => benchPlanScale(n)) }),
  'validate-scale': async () => {
    const rows = [100, 1000, 5000, 10000].map((n) => benchValidateScale(n))
    rows.push(benchValidateScale(1000, { perNamespace: 1000 }))
    record('validate-scale.json', { rows, resyncLoad: await benchResyncLoad(1000) })
  },
  'validate-corpus': () => record('validate-corpus.json', benchValidateCorpus(ROOT)),
  'loader-linear': async () => record('loader-linear.json', await benchLoaderLinear()),
  'api-calls': async () => {
    const rows = []
    for (const n of [50, 200, 1000]) rows.push(await benchApiCalls(n))
    record('api-calls.json', { rows })
  },
  'cli-scale': async () => {
    // Written after every row: the large sizes take minutes, and what was measured is kept.
    const rows = []
    const shapes = [{ n: 100 }, { n: 1000 }, { n: 1000, perNamespace: 1000 }, { n: 5000 }, { n: 10000 }]
    for (const { n, perNamespace } of shapes) {
      rows.push(await benchCliScale(n, { apply: true, ...(perNamespace ? { perNamespace } : {}) }))
      record('cli-scale.json', { rows })
    }
  },
  'daemon-latency': async () =>
    record('daemon-latency.json', { rows: [await benchDaemonLatency(100), await benchDaemonLatency(1000)] }),
  'apply-replay': async () => {
    const rows = []
    for (const n of sizes) {
      rows.push(await benchApplyReplay(n))
      record('apply-replay.json', { rows })
    }
  },
  'scale-curve': async () => {
    const rows: ScaleRow[] = []
    for (const n of sizes) {
      rows.push(await benchScaleRow(n))
      record('scale-curve.json', { rows })
      const loads = rows.map((r) => `${r.services}: ${r.load.before[0] ?? '?'}`).join(', ')
      writeFileSync(
        join(RESULTS, 'scale-curve.svg'),
        scaleCurveSvg(rows, `${stamp}, load average (1 min) at start — ${loads}`),
      )
    }
  },
  'localcloud-scale': async () => record('localcloud-scale.json', await benchLocalCloudScale()),
  // Several minutes: SIGKILLed applies, 100 plans and the daemon against a faulty local cloud, then without faults.
  'fault-soak': async () => record('fault-soak.json', await benchFaultSoak()),
}

for (const [name, bench] of Object.entries(benches)) {
  if (only && !only.has(name)) continue
  await bench()
}
process.stderr.write(
  `results written to ${RESULTS}${recording ? '' : ' (scratch; npm run bench -- --record to update bench/results/)'}\n`,
)
