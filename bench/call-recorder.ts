/**
 * @module A loopback proxy in front of the local cloud that records every call (method, path,
 * headers, body) with the moments it was sent and answered, so the same calls can be replayed
 * straight into a fresh local cloud (replay-calls.ts) to measure what they cost without the caller.
 */
import type { IncomingMessage } from 'node:http'
import { startForwardingProxy } from '../test/support/forwarding-proxy.js'

export interface RecordedCall {
  readonly method: string
  readonly path: string
  readonly headers: Record<string, string>
  readonly body: string
  /** Milliseconds since the recorder started: when the request arrived and when its answer ended. */
  readonly sentAt: number
  answeredAt: number
}

export interface CallRecorder {
  readonly endpoint: string
  /** The calls answered so far, in the order they were sent. */
  calls(): RecordedCall[]
  close(): Promise<void>
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string' && name !== 'host' && name !== 'connection') out[name] = value
  }
  return out
}

export async function startCallRecorder(target: string): Promise<CallRecorder> {
  const started = performance.now()
  const pending = new Map<IncomingMessage, RecordedCall>()
  const recorded: RecordedCall[] = []
  const proxy = await startForwardingProxy(target, {
    request: (req) => {
      const chunks: Buffer[] = []
      const call = {
        method: req.method ?? 'POST',
        path: req.url ?? '/',
        headers: flatHeaders(req),
        body: '',
        sentAt: performance.now() - started,
        answeredAt: Number.NaN,
      }
      // Listening here as well as piping: both see every chunk (attached before any is emitted).
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => (call.body = Buffer.concat(chunks).toString('utf8')))
      pending.set(req, call)
      return undefined
    },
    answer: (req, answer) => {
      const call = pending.get(req)
      pending.delete(req)
      answer.on('end', () => {
        if (!call) return
        call.answeredAt = performance.now() - started
        recorded.push(call)
      })
    },
    lost: (req) => pending.delete(req),
  })
  return {
    endpoint: proxy.endpoint,
    calls: () => [...recorded].sort((a, b) => a.sentAt - b.sentAt),
    close: () => proxy.close(),
  }
}
