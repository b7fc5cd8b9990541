/**
 * A loopback HTTP proxy that forwards every request to one upstream (the local cloud) and lets its
 * owner look at each request and answer, and optionally keep the upstream's answer from the caller.
 * The counting, lossy and soak (bench/wire-proxy.ts) proxies are this plus what they watch for.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ForwardingProxy {
  readonly endpoint: string
  close(): Promise<void>
}

export interface Replacement {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: string
}

export interface ProxyHooks {
  /**
   * Looks at a request before it is forwarded. Return `undefined` to pass the upstream's answer
   * through, or a replacement sent once the upstream has performed the request.
   */
  request?(req: IncomingMessage): Replacement | undefined
  /** Looks at the upstream's answer (status, headers) to a request. */
  answer?(req: IncomingMessage, answer: IncomingMessage): void
  /** Told of a request whose answer the upstream never sent (its connection closed). */
  lost?(req: IncomingMessage): void
}

/** The operation a request names in `X-Amz-Target` (`CreateService`), with its service prefix; FIS (REST) has none. */
export function amzTarget(req: IncomingMessage): { prefix: string; operation: string } | undefined {
  const header = req.headers['x-amz-target']
  if (typeof header !== 'string') return undefined
  const [prefix = '', operation = ''] = header.split('.')
  return { prefix, operation }
}

export async function startForwardingProxy(target: string, hooks: ProxyHooks): Promise<ForwardingProxy> {
  const upstream = new URL(target)
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const replacement = hooks.request?.(req)
    const forward = request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        hooks.answer?.(req, answer)
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
      },
    )
    // An answer the upstream dropped is dropped here too, so the caller sees what it would see without us.
    forward.on('error', () => {
      hooks.lost?.(req)
      res.socket?.destroy()
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
