/**
 * The local cloud's faults that look like what sits in front of AWS: a 503 with an HTML page for a
 * body (a load balancer's), and a write whose response is dropped after the write happened (the
 * connection closes). And the idempotency token that makes the dropped CreateHttpNamespace safe to
 * retry: CreatorRequestId "allows failed CreateHttpNamespace requests to be retried without the risk
 * of running the operation twice" (https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateHttpNamespace.html).
 */
import { CreateHttpNamespaceCommand, ListNamespacesCommand } from '@aws-sdk/client-servicediscovery'
import { afterEach, describe, expect, it } from 'vitest'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { startWithClients, type Clients } from '../../support/local-cloud.js'

let cloud: LocalCloud | undefined
let clients: Clients | undefined

afterEach(async () => {
  await cloud?.close()
  await clients?.close()
  cloud = undefined
  clients = undefined
})

const ECS_TARGET = 'AmazonEC2ContainerServiceV20141113'

function post(endpoint: string, operation: string, body: unknown): Promise<Response> {
  return fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${ECS_TARGET}.${operation}` },
    body: JSON.stringify(body),
  })
}

describe('fault: HTML 503 pages', () => {
  it('answers 503 with an HTML body, before the handler runs', async () => {
    cloud = await startLocalCloud({ clock: 'manual', faults: { htmlServerErrorRate: 1 } })
    const res = await post(cloud.endpoint, 'CreateCluster', { clusterName: 'shop' })
    expect(res.status).toBe(503)
    expect(res.headers.get('content-type')).toBe('text/html')
    expect(await res.text()).toMatch(/^<html>.*503 Service Temporarily Unavailable/)
    expect(cloud.requestCount()).toEqual({})
  })
})

describe('fault: dropped write responses', () => {
  it('closes the connection after the write happened; reads are always answered', async () => {
    cloud = await startLocalCloud({
      clock: 'manual',
      consistencyLagMs: 0,
      faults: { dropWriteResponseRate: 1 },
    })
    await expect(post(cloud.endpoint, 'CreateCluster', { clusterName: 'shop' })).rejects.toThrow()
    expect(cloud.droppedResponses()).toEqual({ 'ECS.CreateCluster': 1 })
    const read = await post(cloud.endpoint, 'DescribeClusters', { clusters: ['shop'] })
    expect(read.status).toBe(200)
    expect(
      ((await read.json()) as { clusters: { clusterName: string }[] }).clusters.map((c) => c.clusterName),
    ).toEqual(['shop'])
  })
})

describe('CreateHttpNamespace with a CreatorRequestId', () => {
  it('a retry with the same token gets the same operation back and creates nothing more; another token is refused', async () => {
    clients = await startWithClients({ consistencyLagMs: 0 })
    const first = await clients.sd.send(
      new CreateHttpNamespaceCommand({ Name: 'shop', CreatorRequestId: 'token-1' }),
    )
    const again = await clients.sd.send(
      new CreateHttpNamespaceCommand({ Name: 'shop', CreatorRequestId: 'token-1' }),
    )
    expect(again.OperationId).toBe(first.OperationId)
    const other = await clients.sd
      .send(new CreateHttpNamespaceCommand({ Name: 'shop', CreatorRequestId: 'token-2' }))
      .catch((e: unknown) => e)
    expect((other as Error).name).toBe('NamespaceAlreadyExists')
    clients.cloud.advance(10)
    const listed = await clients.sd.send(new ListNamespacesCommand({}))
    expect(listed.Namespaces?.map((n) => n.Name)).toEqual(['shop'])
  })
})
