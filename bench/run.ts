/** @module Runs the benchmarks; results go to bench/.scratch/, or to bench/results/ with --record (see output-dir.ts). */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { benchApiCalls } from './api-calls.js'
import { benchFaultSoak } from './fault-soak.js'
import { benchLocalCloudScale } from './localcloud-scale.js'
import { benchOutputDir } from './output-dir.js'
import { benchPlanScale } from './plan-scale.js'
import { benchValidateCorpus } from './validate-corpus.js'
import { benchResyncLoad, benchValidateScale } from './validate-scale.js'

const ROOT = join(import.meta.dirname, '..', '..')
const { dir: RESULTS, recording } = benchOutputDir(ROOT, process.argv.slice(2), process.env)

const rows = [100, 1000].map((n) => benchPlanScale(n))
mkdirSync(RESULTS, { recursive: true })
const stamp = new Date().toISOString()
writeFileSync(join(RESULTS, 'plan-scale.json'), `${JSON.stringify({ measuredAt: stamp, node: process.version, rows }, null, 2)}\n`)
process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)

const validateRows = [100, 1000, 5000, 10000].map((n) => benchValidateScale(n))
validateRows.push(benchValidateScale(1000, { perNamespace: 1000 }))
const resync = await benchResyncLoad(1000)
writeFileSync(join(RESULTS, 'validate-scale.json'), `${JSON.stringify({ measuredAt: stamp, node: process.version, rows: validateRows, resyncLoad: resync }, null, 2)}\n`)
process.stdout.write(`${JSON.stringify({ validateRows, resync }, null, 2)}\n`)

// Needs the built CLI (npm run build).
const corpus = benchValidateCorpus(ROOT)
writeFileSync(join(RESULTS, 'validate-corpus.json'), `${JSON.stringify({ measuredAt: stamp, node: process.version, ...corpus }, null, 2)}\n`)
process.stdout.write(`${JSON.stringify(corpus, null, 2)}\n`)

const apiRows = []
for (const n of [50, 200, 1000]) apiRows.push(await benchApiCalls(n))
writeFileSync(join(RESULTS, 'api-calls.json'), `${JSON.stringify({ measuredAt: stamp, node: process.version, rows: apiRows }, null, 2)}\n`)
process.stdout.write(`${JSON.stringify(apiRows, null, 2)}\n`)

const localCloud = await benchLocalCloudScale()
writeFileSync(join(RESULTS, 'localcloud-scale.json'), `${JSON.stringify({ measuredAt: stamp, node: process.version, ...localCloud }, null, 2)}\n`)
process.stdout.write(`${JSON.stringify(localCloud, null, 2)}\n`)
// Several minutes: SIGKILLed applies, 100 plans and the daemon against a faulty local cloud, then without faults.
if (!process.argv.includes('--skip-soak')) {
  const soak = await benchFaultSoak()
  writeFileSync(join(RESULTS, 'fault-soak.json'), `${JSON.stringify({ measuredAt: stamp, node: process.version, ...soak }, null, 2)}\n`)
  process.stdout.write(`${JSON.stringify(soak, null, 2)}\n`)
}
process.stderr.write(`results written to ${RESULTS}${recording ? '' : ' (scratch; npm run bench -- --record to update bench/results/)'}\n`)
