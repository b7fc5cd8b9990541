/**
 * A loopback HTTP proxy in front of the local cloud that counts what reaches the wire: every request
 * (an attempt) and every distinct `amz-sdk-invocation-id` (a logical call: the SDK keeps the id
 * across the retries of one call and changes it per call).
 */
import type { IncomingMessage } from 'node:http'
import { amzTarget, startForwardingProxy } from './forwarding-proxy.js'

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
  const target = amzTarget(req)
  if (target) return `${SERVICE_OF[target.prefix] ?? target.prefix}.${target.operation}`
  return `FIS.${req.method ?? ''} ${(req.url ?? '').split('?')[0] ?? ''}`
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const attempts = new Map<string, number>()
  const invocations = new Map<string, Set<string>>()
  const proxy = await startForwardingProxy(target, (req) => {
    const op = operationOf(req)
    attempts.set(op, (attempts.get(op) ?? 0) + 1)
    const id = req.headers['amz-sdk-invocation-id']
    const ids = invocations.get(op) ?? new Set<string>()
    ids.add(typeof id === 'string' ? id : `no-id-${attempts.get(op)}`)
    invocations.set(op, ids)
    return undefined
  })
  return {
    ...proxy,
    attempts: () => Object.fromEntries(attempts),
    calls: () => Object.fromEntries([...invocations].map(([op, ids]) => [op, ids.size])),
  }
}
