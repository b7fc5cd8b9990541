/** @module Runs the benchmarks and writes their results to bench/results/. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { benchApiCalls } from './api-calls.js'
import { benchPlanScale } from './plan-scale.js'
import { benchValidateCorpus } from './validate-corpus.js'
import { benchResyncLoad, benchValidateScale } from './validate-scale.js'

const ROOT = join(import.meta.dirname, '..', '..')
const RESULTS = join(ROOT, 'bench', 'results')

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
