/**
 * A loopback HTTP proxy that forwards every request to one upstream (the local cloud) and lets its
 * owner look at each request first, and optionally keep the upstream's answer from the caller.
 * The counting, lossy and soak proxies are this plus what they watch for.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ForwardingProxy {
  readonly endpoint: string
  close(): Promise<void>
}

/**
 * What to do with one request. Return `undefined` to pass the upstream's answer through, or a
 * replacement `{ status, headers, body }` sent once the upstream has performed the request.
 */
export type OnRequest = (req: IncomingMessage) => { status: number; headers: Record<string, string>; body: string } | undefined

/** The operation a request names in `X-Amz-Target` (`CreateService`), with its service prefix; FIS (REST) has none. */
export function amzTarget(req: IncomingMessage): { prefix: string; operation: string } | undefined {
  const header = req.headers['x-amz-target']
  if (typeof header !== 'string') return undefined
  const [prefix = '', operation = ''] = header.split('.')
  return { prefix, operation }
}

export async function startForwardingProxy(target: string, onRequest: OnRequest): Promise<ForwardingProxy> {
  const upstream = new URL(target)
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const replacement = onRequest(req)
    const forward = request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      if (!replacement) {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
        return
      }
      // Performed upstream; the answer never reaches the caller.
      answer.resume()
      answer.on('end', () => {
        res.writeHead(replacement.status, replacement.headers)
        res.end(replacement.body)
      })
    })
    forward.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502)
      res.end(String(err))
    })
    res.on('close', () => forward.destroy())
    req.pipe(forward)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
