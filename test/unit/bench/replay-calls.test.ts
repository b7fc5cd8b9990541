import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import type { RecordedCall } from '../../../bench/call-recorder.js'
import { recordedConcurrency, replayCalls } from '../../../bench/replay-calls.js'

let server: Server | undefined
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  server = undefined
})

const call = (name: string, sentAt: number, answeredAt: number): RecordedCall => ({
  method: 'POST',
  path: `/${name}`,
  headers: { 'content-type': 'text/plain' },
  body: name,
  sentAt,
  answeredAt,
})

/** A server that answers each call when the test releases it, and logs arrivals and answers in order. */
async function gatedServer(log: string[]) {
  const gates = new Map<string, () => void>()
  const arrived = new Map<string, () => void>()
  server = createServer((req, res) => {
    const name = (req.url ?? '/').slice(1)
    log.push(`sent ${name}`)
    gates.set(name, () => {
      log.push(`answered ${name}`)
      res.end('{}')
    })
    arrived.get(name)?.()
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const reached = (name: string) =>
    gates.has(name) ? Promise.resolve() : new Promise<void>((resolve) => arrived.set(name, resolve))
  return { endpoint, reached, release: (name: string) => gates.get(name)?.() }
}

it('sends a call only after the calls that were answered before it was sent, and keeps the recorded concurrency', async () => {
  // a and b overlap; c was sent after b's answer (not a's); d after every answer.
  const calls = [call('a', 0, 10), call('b', 1, 5), call('c', 6, 8), call('d', 11, 12)]
  expect(recordedConcurrency(calls)).toBe(2)
  const log: string[] = []
  const s = await gatedServer(log)
  const replay = replayCalls(calls, s.endpoint)
  await s.reached('a')
  await s.reached('b')
  s.release('b')
  await s.reached('c')
  s.release('c')
  // d needs a's answer: it has not been sent while a is held.
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(log).not.toContain('sent d')
  s.release('a')
  await s.reached('d')
  s.release('d')
  const result = await replay
  expect(result).toMatchObject({ calls: 4, maxInFlight: 2, errors: {} })
  expect(log.indexOf('sent c')).toBeGreaterThan(log.indexOf('answered b'))
  expect(log.indexOf('sent c')).toBeLessThan(log.indexOf('answered a'))
  expect(log.indexOf('sent d')).toBeGreaterThan(log.indexOf('answered a'))
})
