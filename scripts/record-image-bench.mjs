/* global process, console */
// Writes bench/results/image.json from figures scripts/ci-image.sh measured, and fails (exit 1) when
// the image is over bench/image-budget.json. Usage:
//   node scripts/record-image-bench.mjs --image-bytes N --base-bytes N --ready-ms N --stop-ms N --node vX.Y.Z
import { loadavg, cpus } from 'node:os'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    'image-bytes': { type: 'string' },
    'base-bytes': { type: 'string' },
    'ready-ms': { type: 'string' },
    'stop-ms': { type: 'string' },
    node: { type: 'string' },
  },
})
const number = (name) => {
  const n = Number(values[name])
  if (!Number.isFinite(n) || n < 0 || values[name] === undefined) {
    console.error(`record-image-bench: --${name} must be a number, got ${String(values[name])}`)
    process.exit(2)
  }
  return n
}

const bench = resolve(import.meta.dirname, '../bench')
const budget = JSON.parse(readFileSync(resolve(bench, 'image-budget.json'), 'utf8'))
const imageBytes = number('image-bytes')
const result = {
  measuredAt: new Date().toISOString(),
  machine: { cpus: cpus().length, loadAverage: loadavg().map((l) => Math.round(l * 10) / 10) },
  base: {
    kind: 'local (scripts/make-base-image.sh)',
    node: values.node ?? 'unknown',
    bytes: number('base-bytes'),
  },
  image: {
    bytes: imageBytes,
    budgetBytes: budget.maxImageBytes,
    withinBudget: imageBytes <= budget.maxImageBytes,
  },
  startToReadyMs: number('ready-ms'),
  sigtermToExitMs: number('stop-ms'),
  publicBase: {
    image: 'node:20-bookworm-slim',
    bytes: 'unmeasured: no container registry is reachable from CI',
  },
}
mkdirSync(resolve(bench, 'results'), { recursive: true })
writeFileSync(resolve(bench, 'results/image.json'), `${JSON.stringify(result, null, 2)}\n`)
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`
console.log(
  `image ${mb(imageBytes)} (budget ${mb(budget.maxImageBytes)}, base ${mb(result.base.bytes)}), ` +
    `start to ready ${result.startToReadyMs} ms, SIGTERM to exit ${result.sigtermToExitMs} ms -> bench/results/image.json`,
)
if (!result.image.withinBudget) {
  console.error(
    `record-image-bench: the image is ${mb(imageBytes)}, over the budget of ${mb(budget.maxImageBytes)}`,
  )
  process.exit(1)
}
