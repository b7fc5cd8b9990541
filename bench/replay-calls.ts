/**
 * @module Replays recorded calls (call-recorder.ts) straight into a local cloud, keeping what the
 * caller's order allowed: a call is sent once every call that was answered before it was sent has
 * been answered here too, with at most as many in flight as the caller had. What is left is the
 * cost of the calls themselves — the floor an `apply` is compared with. Run as its own process
 * (`node dist-bench/bench/replay-calls.js <calls.json> <endpoint>`), as the CLI is, it prints
 * `{ wallMs, calls, maxInFlight, errors }` as JSON.
 */
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import type { RecordedCall } from './call-recorder.js'

export interface ReplayResult {
  readonly wallMs: number
  readonly calls: number
  readonly maxInFlight: number
  /** Answers with status ≥ 400, by operation: should be only what the recording also saw fail. */
  readonly errors: Record<string, number>
}

/** The most calls the recording had in flight at once. */
export function recordedConcurrency(calls: readonly RecordedCall[]): number {
  const events = calls.flatMap((c) => [
    { at: c.sentAt, delta: 1 },
    { at: c.answeredAt, delta: -1 },
  ])
  events.sort((a, b) => a.at - b.at || a.delta - b.delta)
  let current = 0
  let max = 0
  for (const e of events) max = Math.max(max, (current += e.delta))
  return max
}

/** For each call (in sent order), how many calls — by answer order — it waited for. */
function predecessors(calls: readonly RecordedCall[], byAnswer: readonly RecordedCall[]): number[] {
  return calls.map((call) => {
    let low = 0
    let high = byAnswer.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if ((byAnswer[mid] as RecordedCall).answeredAt <= call.sentAt) low = mid + 1
      else high = mid
    }
    return low
  })
}

function send(agent: Agent, endpoint: URL, call: RecordedCall): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: endpoint.hostname,
        port: endpoint.port,
        method: call.method,
        path: call.path,
        headers: call.headers,
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end(call.body)
  })
}

export async function replayCalls(calls: readonly RecordedCall[], endpoint: string): Promise<ReplayResult> {
  const limit = Math.max(1, recordedConcurrency(calls))
  const byAnswer = [...calls].sort((a, b) => a.answeredAt - b.answeredAt)
  const waitsFor = predecessors(calls, byAnswer)
  const agent = new Agent({ keepAlive: true, maxSockets: limit })
  const url = new URL(endpoint)
  const done = new Set<RecordedCall>()
  let answeredPrefix = 0
  let inFlight = 0
  let maxInFlight = 0
  let next = 0
  const errors: Record<string, number> = {}
  const started = performance.now()
  await new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      while (answeredPrefix < byAnswer.length && done.has(byAnswer[answeredPrefix] as RecordedCall)) {
        answeredPrefix++
      }
      while (next < calls.length && inFlight < limit && (waitsFor[next] ?? 0) <= answeredPrefix) {
        const call = calls[next++] as RecordedCall
        inFlight++
        maxInFlight = Math.max(maxInFlight, inFlight)
        send(agent, url, call).then((status) => {
          if (status >= 400) {
            const operation = call.headers['x-amz-target'] ?? `${call.method} ${call.path}`
            errors[operation] = (errors[operation] ?? 0) + 1
          }
          inFlight--
          done.add(call)
          pump()
        }, reject)
      }
      if (done.size === calls.length) resolve()
    }
    pump()
  })
  agent.destroy()
  return { wallMs: Math.round(performance.now() - started), calls: calls.length, maxInFlight, errors }
}

const [, script, file, endpoint] = process.argv
if (script?.endsWith('replay-calls.js') && file && endpoint) {
  const calls = JSON.parse(readFileSync(file, 'utf8')) as RecordedCall[]
  process.stdout.write(`${JSON.stringify(await replayCalls(calls, endpoint))}\n`)
}
