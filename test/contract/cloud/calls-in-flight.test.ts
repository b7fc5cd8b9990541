/**
 * One bound on calls in flight per Cloud, across its clients: a pass that fans out hundreds of reads
 * queues them instead of putting them all on the wire at once (at 5,000 services, 500
 * DescribeServices batches fired together timed out).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'

let server: Server
let endpoint: string
let inFlight = 0
let maxInFlight = 0

beforeAll(async () => {
  // Answers every ECS DescribeServices with nothing found, after a short delay, counting overlap.
  server = createServer((req, res) => {
    inFlight += 1
    maxInFlight = Math.max(maxInFlight, inFlight)
    req.resume()
    setTimeout(() => {
      inFlight -= 1
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' })
      res.end(JSON.stringify({ services: [], failures: [] }))
    }, 20)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

describe('calls in flight', () => {
  it('200 describe batches across clusters never put more than the bound on the wire', async () => {
    const cloud = createAwsCloud({ readOnly: true, endpoint, region: 'us-east-1', maxInFlight: 6 })
    try {
      const names = Array.from({ length: 100 }, (_, i) => `s${i}`)
      // 2 clusters × 100 names = 20 batches of 10, each a DescribeServices call, all asked for at once.
      await Promise.all(['a', 'b'].map((cluster) => cloud.readers.ecs.describeServices(cluster, names)))
      expect(cloud.stats.snapshot()['ECS.DescribeServices']?.['ok']).toBe(20)
      expect(maxInFlight).toBeGreaterThan(1)
      expect(maxInFlight).toBeLessThanOrEqual(6)
    } finally {
      cloud.close()
    }
  })
})
