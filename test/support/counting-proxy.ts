/**
 * A loopback HTTP proxy in front of the local cloud that counts what reaches the wire: every request
 * (an attempt) and every distinct `amz-sdk-invocation-id` (a logical call: the SDK keeps the id
 * across the retries of one call and changes it per call).
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface CountingProxy {
  readonly endpoint: string
  /** Attempts by operation: `ECS.DescribeClusters`, … (FIS by method and path). */
  attempts(): Record<string, number>
  /** Logical calls (distinct invocation ids) by operation. */
  calls(): Record<string, number>
  close(): Promise<void>
}

const SERVICE_OF: Record<string, string> = {
  AmazonEC2ContainerServiceV20141113: 'ECS',
  Route53AutoNaming_v20170314: 'ServiceDiscovery',
  AnyScaleFrontendService: 'ApplicationAutoScaling',
}

function operationOf(req: IncomingMessage): string {
  const target = req.headers['x-amz-target']
  if (typeof target === 'string') {
    const [prefix = '', operation = ''] = target.split('.')
    return `${SERVICE_OF[prefix] ?? prefix}.${operation}`
  }
  return `FIS.${req.method ?? ''} ${(req.url ?? '').split('?')[0] ?? ''}`
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target)
  const attempts = new Map<string, number>()
  const invocations = new Map<string, Set<string>>()
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const op = operationOf(req)
    attempts.set(op, (attempts.get(op) ?? 0) + 1)
    const id = req.headers['amz-sdk-invocation-id']
    const ids = invocations.get(op) ?? new Set<string>()
    ids.add(typeof id === 'string' ? id : `no-id-${attempts.get(op)}`)
    invocations.set(op, ids)
    const forward = request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
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
    attempts: () => Object.fromEntries(attempts),
    calls: () => Object.fromEntries([...invocations].map(([op, ids]) => [op, ids.size])),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
