/**
 * A loopback proxy in front of the local cloud that keeps every ECS JSON request it forwards
 * (operation and body), so a test can tell which cluster each write touched and who sent it.
 */
import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  /** `CreateService`, `UpdateService`, … (the `X-Amz-Target` operation; FIS and others: method and path). */
  readonly operation: string
  readonly body: Record<string, unknown>
  readonly at: number
}

export interface RecordingProxy {
  readonly endpoint: string
  readonly requests: RecordedRequest[]
  close(): Promise<void>
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target)
  const requests: RecordedRequest[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      const header = req.headers['x-amz-target']
      const operation = typeof header === 'string' ? (header.split('.')[1] ?? header) : `${req.method ?? ''} ${(req.url ?? '').split('?')[0] ?? ''}`
      let body: Record<string, unknown> = {}
      try {
        body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {}
      } catch {
        // Not JSON (a query-protocol call): kept without a body.
      }
      requests.push({ operation, body, at: Date.now() })
      const out = request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      })
      out.on('error', () => res.destroy())
      out.end(raw)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** The ECS cluster a request names, if any: `cluster`, `clusterName`, or a service or cluster ARN. */
export function clusterOfRequest(body: Record<string, unknown>): string | undefined {
  for (const key of ['cluster', 'clusterName']) {
    const value = body[key]
    if (typeof value === 'string') return value.includes(':cluster/') ? value.split(':cluster/')[1] : value
  }
  const arn = body['resourceArn']
  if (typeof arn === 'string') {
    const service = /:service\/([^/]+)\/[^/]+$/.exec(arn)
    if (service) return service[1]
    const cluster = /:cluster\/([^/]+)$/.exec(arn)
    if (cluster) return cluster[1]
  }
  return undefined
}
