/**
 * A loopback HTTP proxy in front of the local cloud that loses responses: the first `count` requests
 * of an operation are forwarded and performed upstream, but the client gets a 503 instead of the
 * answer, as when a connection drops after AWS acted. The SDK retries a 503 (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
 */
import { amzTarget, startForwardingProxy } from './forwarding-proxy.js'

export interface LossyProxy {
  readonly endpoint: string
  /** Requests seen per `X-Amz-Target` operation name (`CreateService`, …). */
  seen(operation: string): number
  close(): Promise<void>
}

const LOST = {
  status: 503,
  headers: { 'content-type': 'application/x-amz-json-1.1' },
  body: JSON.stringify({ __type: 'ServiceUnavailableException', message: 'response lost on the way back' }),
}

export async function startLossyProxy(
  target: string,
  lose: { operation: string; count: number },
): Promise<LossyProxy> {
  const seen = new Map<string, number>()
  const proxy = await startForwardingProxy(target, {
    request: (req) => {
      const operation = amzTarget(req)?.operation ?? ''
      const n = (seen.get(operation) ?? 0) + 1
      seen.set(operation, n)
      return operation === lose.operation && n <= lose.count ? LOST : undefined
    },
  })
  return { ...proxy, seen: (operation) => seen.get(operation) ?? 0 }
}
