/**
 * @module A loopback proxy in front of the local cloud that watches the wire for the fault soak:
 * counts write attempts (to kill a run after a chosen number of them) and delete attempts (every
 * delete in the soak is unplanned: nothing leaves the manifests).
 */
import type { IncomingMessage } from 'node:http'
import { amzTarget, startForwardingProxy } from '../test/support/forwarding-proxy.js'

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
  const target = amzTarget(req)
  if (target) {
    return {
      service: SERVICE_OF_PREFIX[target.prefix] ?? target.prefix,
      name: target.operation,
      write: !READ.test(target.operation),
    }
  }
  // FIS is REST: a GET reads, DELETE /experimentTemplates/{id} deletes, the rest write.
  const method = req.method ?? 'GET'
  return {
    service: 'FIS',
    name: `FIS ${method} ${(req.url ?? '').split('/')[1] ?? ''}`,
    write: method !== 'GET',
  }
}

export async function startWireProxy(target: string): Promise<WireProxy> {
  let writes = 0
  let onWrite: ((n: number) => void) | undefined
  const deletes = new Map<string, number>()
  const attempts = new Map<string, number>()
  const count = (req: IncomingMessage, code: string): void => {
    const op = operationOf(req)
    const key = `${op.service}.${op.service === 'FIS' ? 'REST' : op.name} ${code}`
    attempts.set(key, (attempts.get(key) ?? 0) + 1)
  }
  const proxy = await startForwardingProxy(target, {
    request: (req) => {
      const op = operationOf(req)
      if (op.write) {
        writes += 1
        onWrite?.(writes)
      }
      if (DELETE.test(op.name) || op.name.startsWith('FIS DELETE')) {
        deletes.set(op.name, (deletes.get(op.name) ?? 0) + 1)
      }
      return undefined
    },
    answer: (req, answer) => {
      const error = answer.headers['x-amzn-errortype']
      const status = answer.statusCode ?? 0
      // A 5xx without an AWS error type (an HTML page) is counted by its status, as the metrics do.
      count(
        req,
        typeof error === 'string' ? (error.split(':')[0] ?? '') : status >= 500 ? String(status) : 'ok',
      )
    },
    // A dropped answer: the client's connection closes as upstream's did (the metrics' network error code).
    lost: (req) => count(req, 'ECONNRESET'),
  })
  return {
    ...proxy,
    writes: () => writes,
    deletes: () => Object.fromEntries(deletes),
    attempts: () => Object.fromEntries(attempts),
    watchWrites: (callback) => {
      writes = 0
      onWrite = callback
    },
  }
}
