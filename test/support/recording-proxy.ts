/**
 * A loopback proxy in front of the local cloud that keeps every request it forwards (operation and
 * JSON body), so a test can tell which cluster each write touched and who sent it.
 */
import { amzTarget, startForwardingProxy } from './forwarding-proxy.js'

export interface RecordedRequest {
  /** `CreateService`, `UpdateService`, … (the `X-Amz-Target` operation; FIS: method and path). */
  readonly operation: string
  /** Filled in once the request's body has arrived. */
  body: Record<string, unknown>
  readonly at: number
}

export interface RecordingProxy {
  readonly endpoint: string
  readonly requests: RecordedRequest[]
  close(): Promise<void>
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = []
  const proxy = await startForwardingProxy(target, {
    request: (req) => {
      const entry: RecordedRequest = {
        operation: amzTarget(req)?.operation ?? `${req.method ?? ''} ${(req.url ?? '').split('?')[0] ?? ''}`,
        body: {},
        at: Date.now(),
      }
      requests.push(entry)
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        try {
          if (chunks.length > 0) {
            entry.body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>
          }
        } catch {
          // Not JSON: kept without a body.
        }
      })
      return undefined
    },
  })
  return { endpoint: proxy.endpoint, requests, close: () => proxy.close() }
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
