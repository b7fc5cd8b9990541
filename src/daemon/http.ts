/** @module The daemon's HTTP face: / (the status page), /healthz, /readyz, /metrics, /status. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ReconcilerError, errorMessage } from '../shared/errors.js'
import {
  DEFAULT_HTTP_TIMEOUTS,
  HostAllowList,
  boundAddresses,
  urlOf,
  type HttpTimeouts,
} from './http-guard.js'
import type { DaemonMetrics } from './metrics.js'
import { STATUS_PAGE_CSP, renderStatusPage } from './status-page/document.js'
import type { StatusStore } from './status.js'

export interface HttpEndpoint {
  readonly url: string
  /** One URL per address the listener answers on: several when it listens on every interface. */
  readonly boundUrls: readonly string[]
  close(): Promise<void>
}

export interface HttpGuardOptions {
  /** `Host` names accepted besides loopback names and the bound addresses (`--allowed-hosts`). */
  readonly allowedHosts?: readonly string[]
  readonly timeouts?: HttpTimeouts
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
  guard: HttpGuardOptions = {},
): Promise<HttpEndpoint> {
  const timeouts = guard.timeouts ?? DEFAULT_HTTP_TIMEOUTS
  const hosts = new HostAllowList(listen.host, guard.allowedHosts ?? [])
  const server: Server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      // Node checks the two timeouts above only this often (30 s by default).
      connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
    },
    (req, res) => {
      if (!hosts.allows(req.headers.host)) {
        res
          .writeHead(421, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' })
          .end(
            `refused: Host "${req.headers.host ?? ''}" is not a name of this daemon; ` +
              'start it with --allowed-hosts NAME to accept that name\n',
          )
        return
      }
      route(req, res, status, metrics)
    },
  )
  await bind(server, listen)
  const address = server.address() as AddressInfo
  return {
    url: urlOf(address.address, address.port),
    boundUrls: boundAddresses(address.address).map((bound) => urlOf(bound, address.port)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function route(req: IncomingMessage, res: ServerResponse, status: StatusStore, metrics: DaemonMetrics): void {
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
        {
          'content-security-policy': STATUS_PAGE_CSP,
          'x-content-type-options': 'nosniff',
        },
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
}

function bind(server: Server, listen: { host: string; port: number }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
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
}
