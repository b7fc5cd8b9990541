/** A call whose response never comes ends at the request timeout instead of stalling a pass for ever. */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'

let server: Server
let endpoint: string

beforeAll(async () => {
  // Reads the request and never answers.
  server = createServer((req) => void req.resume())
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

describe('request timeout', () => {
  it('a hung call fails after the timeout (every attempt), not never', async () => {
    const cloud = createAwsCloud({
      readOnly: true,
      endpoint,
      region: 'us-east-1',
      requestTimeoutMs: 200,
      maxAttempts: 2,
    })
    try {
      const outcome = await Promise.race([
        cloud.readers.ecs.describeClusters(['shop']).then(
          () => 'answered',
          () => 'failed',
        ),
        new Promise((resolve) => setTimeout(() => resolve('still waiting'), 10_000)),
      ])
      expect(outcome).toBe('failed')
    } finally {
      cloud.close()
    }
  }, 15_000)
})
