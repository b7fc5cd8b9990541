/**
 * @module The CI smoke run of the scale bench: one scale-curve row at 500 services (or the count
 * given), printed with the machine's load. It fails only on what is not timing: a command that
 * fails, a replay that the local cloud refuses, or a read pass above the fewest calls the APIs allow.
 * `npm run build && npx tsc -p tsconfig.bench.json && node dist-bench/bench/smoke.js [services]`
 */
import { benchScaleRow } from './scale-curve.js'

const services = Number(process.argv[2] ?? 500)
const row = await benchScaleRow(services)
process.stdout.write(`${JSON.stringify(row, null, 2)}\n`)
const problems = [
  ...(row.plan.callsToMinimum === 1 ? [] : [`a cold plan made ${row.plan.callsToMinimum}× the fewest calls`]),
  ...(row.applyFloor.replayErrors === 0 ? [] : [`${row.applyFloor.replayErrors} replayed calls failed`]),
]
for (const p of problems) process.stderr.write(`smoke: ${p}\n`)
process.exitCode = problems.length > 0 ? 1 : 0
