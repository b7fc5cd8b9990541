/**
 * @module A loopback proxy in front of the local cloud that watches the wire for the fault soak:
 * counts write attempts (to kill a run after a chosen number of them) and delete attempts (every
 * delete in the soak is unplanned: nothing leaves the manifests).
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

const READ = /^(Describe|List|Get)/
const DELETE = /^(Delete|Deregister)/

export interface WireProxy {
  readonly endpoint: string
  /** Write attempts (anything but Describe*, List*, Get*, FIS GETs) since the last reset. */
  writes(): number
  /** Delete attempts by operation, over the whole soak. */
  deletes(): Record<string, number>
  /** Every attempt answered so far, by `Service.Operation` and code (`ok` or the AWS error code), as the daemon's metrics label them. */
  attempts(): Record<string, number>
  /** Calls `onWrite(n)` on every write attempt from now on (n counts from 1). */
  watchWrites(onWrite: ((n: number) => void) | undefined): void
  close(): Promise<void>
}

/** awsJson1_1 target prefixes → the service label of `ecs_reconciler_api_calls_total`. */
const SERVICE_OF_PREFIX: Record<string, string> = {
  AmazonEC2ContainerServiceV20141113: 'ECS',
  Route53AutoNaming_v20170314: 'ServiceDiscovery',
  AnyScaleFrontendService: 'ApplicationAutoScaling',
  ResourceGroupsTaggingAPI_20170126: 'ResourceGroupsTaggingAPI',
}

function operationOf(req: IncomingMessage): { service: string; name: string; write: boolean } {
  const target = req.headers['x-amz-target']
  if (typeof target === 'string') {
    const [prefix = '', name = ''] = target.split('.')
    return { service: SERVICE_OF_PREFIX[prefix] ?? prefix, name, write: !READ.test(name) }
  }
  // FIS is REST: a GET reads, DELETE /experimentTemplates/{id} deletes, the rest write.
  const method = req.method ?? 'GET'
  return { service: 'FIS', name: `FIS ${method} ${(req.url ?? '').split('/')[1] ?? ''}`, write: method !== 'GET' }
}

export async function startWireProxy(target: string): Promise<WireProxy> {
  const upstream = new URL(target)
  let writes = 0
  let onWrite: ((n: number) => void) | undefined
  const deletes = new Map<string, number>()
  const attempts = new Map<string, number>()
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const op = operationOf(req)
    if (op.write) {
      writes += 1
      onWrite?.(writes)
    }
    if (DELETE.test(op.name) || op.name.startsWith('FIS DELETE')) deletes.set(op.name, (deletes.get(op.name) ?? 0) + 1)
    const forward = request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const error = answer.headers['x-amzn-errortype']
      const key = `${op.service}.${op.service === 'FIS' ? 'REST' : op.name} ${typeof error === 'string' ? error.split(':')[0] : 'ok'}`
      attempts.set(key, (attempts.get(key) ?? 0) + 1)
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
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
    writes: () => writes,
    deletes: () => Object.fromEntries(deletes),
    attempts: () => Object.fromEntries(attempts),
    watchWrites: (callback) => {
      writes = 0
      onWrite = callback
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
