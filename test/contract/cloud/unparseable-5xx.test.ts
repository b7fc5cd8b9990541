/**
 * A 5xx whose body is not an AWS error (a load balancer's HTML 503 page, an empty body) is retried
 * and counted as a 5xx by its status code on every client of the Cloud, the current SDK generation
 * (ECS) and the older FIS client alike; a 5xx with a JSON error body keeps its AWS code. The SDK
 * retries 500/502/503/504 as transient
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html). One timeout setting
 * reaches both generations.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import { ADAPTER_OPERATIONS } from '../../../src/cloud/aws/operations.js'
import type { Cloud } from '../../../src/cloud/ports/index.js'
import { DaemonMetrics } from '../../../src/daemon/metrics.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { isolateAwsEnv } from '../../support/aws-env.js'
import { parsePrometheus } from '../../support/daemon.js'
import {
  startForwardingProxy,
  type ForwardingProxy,
  type Replacement,
} from '../../support/forwarding-proxy.js'

const HTML_503: Replacement = {
  status: 503,
  headers: { 'content-type': 'text/html' },
  body: '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>',
}
const EMPTY_502: Replacement = { status: 502, headers: { 'content-length': '0' }, body: '' }
const JSON_503: Replacement = {
  status: 503,
  headers: { 'content-type': 'application/x-amz-json-1.1' },
  body: JSON.stringify({ __type: 'ServiceUnavailableException', message: 'try again' }),
}

let server: LocalCloud | undefined
let proxy: ForwardingProxy | undefined
let hung: Server | undefined
const clouds: Cloud[] = []
let restoreEnv: (() => void) | undefined

afterEach(async () => {
  for (const c of clouds.splice(0)) c.close()
  await proxy?.close()
  await server?.close()
  hung?.closeAllConnections()
  await new Promise((resolve) => (hung ? hung.close(resolve) : resolve(undefined)))
  hung = undefined
  restoreEnv?.()
})

interface Attempt {
  readonly call: string
  readonly code: string
}

/** The local cloud behind a proxy that answers each call's first attempts with `bad`, then passes through. */
async function openWithBadAnswers(bad: Replacement, perCall: number) {
  restoreEnv = isolateAwsEnv({})
  server = await startLocalCloud({ clock: 'manual' })
  const seen = new Map<string, number>()
  proxy = await startForwardingProxy(server.endpoint, {
    request: (req) => {
      const id = String(req.headers['amz-sdk-invocation-id'] ?? '')
      const n = (seen.get(id) ?? 0) + 1
      seen.set(id, n)
      return n <= perCall ? bad : undefined
    },
  })
  const attempts: Attempt[] = []
  const metrics = new DaemonMetrics(ADAPTER_OPERATIONS)
  const cloud = createAwsCloud({
    readOnly: false,
    endpoint: proxy.endpoint,
    region: 'us-east-1',
    onCall: (service, operation, code, _ms, attempt) => {
      attempts.push({ call: `${service}.${operation}`, code })
      metrics.recordCall(service, operation, code, attempt)
    },
  })
  clouds.push(cloud)
  return { cloud, attempts, metrics }
}

const codesOf = (attempts: readonly Attempt[], call: string) =>
  attempts.filter((a) => a.call === call).map((a) => a.code)

describe('a 5xx the SDK cannot parse', () => {
  it.each([
    ['an HTML 503 page', HTML_503, '503'],
    ['an empty 502', EMPTY_502, '502'],
  ])(
    '%s is retried and counted by its status code on the current clients and the older FIS client',
    async (_what, bad, code) => {
      const { cloud, attempts, metrics } = await openWithBadAnswers(bad, 2)
      await cloud.writers!.ecs.createCluster({ name: 'shop' })
      expect([...(await cloud.readers.ecs.describeClusters(['shop'])).keys()]).toEqual(['shop'])
      expect(await cloud.readers.fis.listExperimentTemplates()).toEqual([])
      expect(await cloud.readers.cloudMap.listNamespaces()).toEqual([])

      for (const call of [
        'ECS.CreateCluster',
        'ECS.DescribeClusters',
        'FIS.ListExperimentTemplates',
        'ServiceDiscovery.ListNamespaces',
      ]) {
        expect(codesOf(attempts, call), call).toEqual([code, code, 'ok'])
      }
      expect(attempts.map((a) => a.code)).not.toContain('SyntaxError')
      const samples = [...parsePrometheus(await metrics.render())]
      const sampleOf = (operation: string) =>
        samples.find(
          ([key]) =>
            key.startsWith('ecs_reconciler_api_calls_total{') &&
            key.includes(`operation="${operation}"`) &&
            key.includes(`code="${code}"`),
        )?.[1]
      expect(sampleOf('ListExperimentTemplates')).toBe(2)
      expect(sampleOf('DescribeClusters')).toBe(2)
    },
  )

  it('a 5xx with an AWS JSON error body keeps its AWS error code, on both generations', async () => {
    const { cloud, attempts } = await openWithBadAnswers(JSON_503, 1)
    await cloud.readers.ecs.describeClusters(['shop'])
    await cloud.readers.fis.listExperimentTemplates()
    expect(codesOf(attempts, 'ECS.DescribeClusters')).toEqual(['ServiceUnavailableException', 'ok'])
    expect(codesOf(attempts, 'FIS.ListExperimentTemplates')).toEqual(['ServiceUnavailableException', 'ok'])
  })

  it('gives up after the attempts with a CloudError naming the status, retryable, never a SyntaxError', async () => {
    const { cloud } = await openWithBadAnswers(HTML_503, 99)
    const limited = createAwsCloud({
      readOnly: true,
      endpoint: proxy!.endpoint,
      region: 'us-east-1',
      maxAttempts: 2,
    })
    clouds.push(limited)
    const err = await limited.readers.fis.listExperimentTemplates().catch((e: unknown) => e)
    expect(err).toMatchObject({ awsCode: '503', httpStatus: 503, retryable: true })
    expect(String((err as Error).message)).toContain('HTTP 503 with a body that is not an AWS error')
    expect(cloud).toBeDefined()
  })
})

describe('the shared client configuration', () => {
  it('one request timeout reaches every client, the older FIS generation included: a hung call fails instead of waiting', async () => {
    restoreEnv = isolateAwsEnv({})
    // Accepts connections and never answers.
    hung = createServer(() => undefined)
    await new Promise<void>((resolve) => hung!.listen(0, '127.0.0.1', resolve))
    const endpoint = `http://127.0.0.1:${(hung.address() as AddressInfo).port}`
    const cloud = createAwsCloud({
      readOnly: true,
      endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      requestTimeoutMs: 200,
    })
    clouds.push(cloud)
    const ecs = await cloud.readers.ecs.describeClusters(['x']).catch((e: unknown) => e)
    const fis = await cloud.readers.fis.listExperimentTemplates().catch((e: unknown) => e)
    for (const err of [ecs, fis]) {
      expect(String((err as Error).message)).toMatch(/timed? ?out|Timeout/i)
    }
  })
})

describe('a dropped connection', () => {
  it('is counted under its network error code, on every attempt the SDK made', async () => {
    restoreEnv = isolateAwsEnv({})
    server = await startLocalCloud({ clock: 'manual', faults: { dropWriteResponseRate: 1 } })
    const codes: string[] = []
    const cloud = createAwsCloud({
      readOnly: false,
      endpoint: server.endpoint,
      region: 'us-east-1',
      maxAttempts: 2,
      onCall: (_service, _operation, code) => codes.push(code),
    })
    clouds.push(cloud)
    await expect(cloud.writers!.ecs.createCluster({ name: 'shop' })).rejects.toThrow()
    expect(codes).toEqual(['ECONNRESET', 'ECONNRESET'])
    expect(server.droppedResponses()).toEqual({ 'ECS.CreateCluster': 2 })
  })
})
