/**
 * A loopback HTTP proxy in front of the local cloud that loses responses: the first `count` requests
 * of an operation are forwarded and performed upstream, but the client gets a 503 instead of the
 * answer, as when a connection drops after AWS acted. The SDK retries a 503 (aws-facts §4).
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface LossyProxy {
  readonly endpoint: string
  /** Requests seen per `X-Amz-Target` operation name (`CreateService`, …). */
  seen(operation: string): number
  close(): Promise<void>
}

export async function startLossyProxy(target: string, lose: { operation: string; count: number }): Promise<LossyProxy> {
  const upstream = new URL(target)
  const seen = new Map<string, number>()
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const header = req.headers['x-amz-target']
    const operation = typeof header === 'string' ? (header.split('.')[1] ?? '') : ''
    const n = (seen.get(operation) ?? 0) + 1
    seen.set(operation, n)
    const lost = operation === lose.operation && n <= lose.count
    const forward = request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      if (!lost) {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
        return
      }
      // Performed upstream; the answer never reaches the caller.
      answer.resume()
      answer.on('end', () => {
        res.writeHead(503, { 'content-type': 'application/x-amz-json-1.1' })
        res.end(JSON.stringify({ __type: 'ServiceUnavailableException', message: 'response lost on the way back' }))
      })
    })
    forward.on('error', (err) => {
      res.writeHead(502)
      res.end(String(err))
    })
    req.pipe(forward)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    seen: (operation) => seen.get(operation) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
