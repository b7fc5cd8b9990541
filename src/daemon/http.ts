/** @module The daemon's HTTP face: / (the status page), /healthz, /readyz, /metrics, /status. */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ReconcilerError, errorMessage } from '../shared/errors.js'
import type { DaemonMetrics } from './metrics.js'
import { STATUS_PAGE_CSP, renderStatusPage } from './status-page/document.js'
import type { StatusStore } from './status.js'

export interface HttpEndpoint {
  readonly url: string
  close(): Promise<void>
}

export function parseListen(text: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(text.trim())
  const port = Number(match?.[3])
  if (!match || port > 65_535) return undefined
  return { host: match[1] ?? (match[2] || '0.0.0.0'), port }
}

export async function serveHttp(
  listen: { host: string; port: number },
  status: StatusStore,
  metrics: DaemonMetrics,
): Promise<HttpEndpoint> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    const send = (code: number, type: string, body: string, headers: Record<string, string> = {}): void => {
      res
        .writeHead(code, { 'content-type': type, 'cache-control': 'no-store', ...headers })
        .end(req.method === 'HEAD' ? undefined : body)
    }
    switch (path) {
      case '/':
        return send(
          200,
          'text/html; charset=utf-8',
          renderStatusPage(status.toJSON(), new Date().toISOString()),
          { 'content-security-policy': STATUS_PAGE_CSP, 'x-content-type-options': 'nosniff' },
        )
      case '/healthz':
        return send(200, 'text/plain; charset=utf-8', 'ok\n')
      case '/readyz':
        return status.ready
          ? send(200, 'text/plain; charset=utf-8', 'ready\n')
          : send(503, 'text/plain; charset=utf-8', 'first pass not finished\n')
      case '/status':
        return send(200, 'application/json; charset=utf-8', `${JSON.stringify(status, null, 2)}\n`)
      case '/metrics':
        metrics.render().then(
          (text) => send(200, metrics.contentType, text),
          () => send(500, 'text/plain; charset=utf-8', 'metrics unavailable\n'),
        )
        return
      default:
        return send(
          404,
          'text/plain; charset=utf-8',
          'not found: try / (the status page), /healthz, /readyz, /metrics or /status\n',
        )
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why =
        err.code === 'EADDRINUSE'
          ? 'the address is already in use'
          : err.code === 'EACCES'
            ? 'permission denied'
            : errorMessage(err)
      reject(
        new ReconcilerError('INVALID_INPUT', `cannot listen on ${listen.host}:${listen.port}: ${why}`, {
          hint: 'choose another --listen address, or 127.0.0.1:0 for any free port',
        }),
      )
    })
    server.listen(listen.port, listen.host, () => resolve())
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
