/** @module Runs the benchmarks and writes their results to bench/results/. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { benchPlanScale } from './plan-scale.js'

const RESULTS = join(import.meta.dirname, '..', '..', 'bench', 'results')

const rows = [100, 1000].map((n) => benchPlanScale(n))
mkdirSync(RESULTS, { recursive: true })
const stamp = new Date().toISOString()
writeFileSync(join(RESULTS, 'plan-scale.json'), `${JSON.stringify({ measuredAt: stamp, node: process.version, rows }, null, 2)}\n`)
process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
