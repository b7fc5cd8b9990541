/**
 * The Cloud's SDK clients against the local cloud with injected throttling and 5xx: calls succeed
 * within their attempts, the attempt budget follows AWS_MAX_ATTEMPTS and --max-attempts, one rate
 * limiter serves all four clients, and every attempt on the wire is counted with its own code.
 * What the wire saw is measured by a counting proxy (requests = attempts; distinct
 * amz-sdk-invocation-id = logical calls) and by the local cloud's own request count.
 */
import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs'
import { DefaultRateLimiter } from '@smithy/core/retry'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Semaphore } from '../../../src/shared/concurrency.js'
import { CallCounter, type CallListener } from '../../../src/cloud/aws/call-stats.js'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import { installMiddleware } from '../../../src/cloud/aws/middleware.js'
import { ADAPTER_OPERATIONS } from '../../../src/cloud/aws/operations.js'
import { DaemonMetrics } from '../../../src/daemon/metrics.js'
import { CloudError, type Cloud } from '../../../src/cloud/ports/index.js'
import { startLocalCloud, type FaultConfig, type LocalCloud } from '../../../src/localcloud/index.js'
import { isolateAwsEnv } from '../../support/aws-env.js'
import { parsePrometheus } from '../../support/daemon.js'
import { clientConfig } from '../../support/local-cloud.js'
import { startCountingProxy, type CountingProxy } from '../../support/counting-proxy.js'

let server: LocalCloud | undefined
let proxy: CountingProxy | undefined
const clouds: Cloud[] = []
let restoreEnv: (() => void) | undefined

async function start(
  faults: FaultConfig,
  env: Parameters<typeof isolateAwsEnv>[0] = {},
): Promise<{ server: LocalCloud; proxy: CountingProxy }> {
  restoreEnv = isolateAwsEnv(env)
  server = await startLocalCloud({ clock: 'manual', faults })
  proxy = await startCountingProxy(server.endpoint)
  return { server, proxy }
}

function open(endpoint: string, maxAttempts?: number, onCall?: CallListener): Cloud {
  const cloud = createAwsCloud({
    readOnly: false,
    endpoint,
    region: 'us-east-1',
    maxAttempts,
    ...(onCall ? { onCall } : {}),
  })
  clouds.push(cloud)
  return cloud
}

afterEach(async () => {
  for (const c of clouds.splice(0)) c.close()
  await proxy?.close()
  await server?.close()
  restoreEnv?.()
  vi.restoreAllMocks()
})

const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0)

const TD = {
  family: 'web',
  cpu: '256',
  memory: '512',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  containerDefinitions: [{ name: 'app', image: 'nginx:1' }],
}

describe('retries under throttling and 5xx', () => {
  it('calls succeed; attempts counted (stats and daemon metrics) = requests received, retries = attempts − calls, per operation', async () => {
    const { server, proxy } = await start({ seed: 11, throttleRate: 0.2, serverErrorRate: 0.05 })
    const metrics = new DaemonMetrics(ADAPTER_OPERATIONS)
    const cloud = open(proxy.endpoint, undefined, (service, operation, code, _ms, attempt) =>
      metrics.recordCall(service, operation, code, attempt),
    )
    await cloud.writers!.ecs.createCluster({ name: 'shop' })
    await cloud.writers!.ecs.registerTaskDefinition(TD, {})
    // By family, so the by-ARN cache does not answer: each is one logical call (the read that failed whole runs).
    const [revisions] = await Promise.all([
      Promise.all(Array.from({ length: 10 }, () => cloud.readers.ecs.describeTaskDefinition('web'))),
      Promise.all(Array.from({ length: 4 }, () => cloud.readers.ecs.describeClusters(['shop']))),
      Promise.all(Array.from({ length: 3 }, () => cloud.readers.cloudMap.listNamespaces())),
      Promise.all(
        Array.from({ length: 3 }, () => cloud.readers.scaling.describeScaling(['service/shop/web'])),
      ),
    ])
    expect(revisions.map((td) => td?.family)).toEqual(Array.from({ length: 10 }, () => 'web'))
    expect(proxy.calls()['ECS.DescribeTaskDefinition']).toBe(10)

    const attempts = cloud.stats.snapshot()
    const wire = proxy.attempts()
    const counted = Object.fromEntries(Object.entries(attempts).map(([op, codes]) => [op, sum(codes)]))
    expect(counted).toEqual(wire)
    const retries = cloud.stats.retries()
    for (const op of Object.keys(wire)) {
      expect(retries[op] ?? 0, op).toBe((wire[op] ?? 0) - (proxy.calls()[op] ?? 0))
    }
    expect(cloud.stats.totalRetries()).toBeGreaterThan(0)
    expect(cloud.stats.total()).toBe(sum(wire))

    // The injected faults are counted under their own codes (ServerException where the service declares it,
    // InternalFailure elsewhere); every call ended in success, so each one was retried once.
    const injected = Object.values(attempts).reduce(
      (n, codes) =>
        n +
        (codes['ThrottlingException'] ?? 0) +
        (codes['ServerException'] ?? 0) +
        (codes['InternalFailure'] ?? 0),
      0,
    )
    expect(injected).toBe(cloud.stats.totalRetries())
    // The rest reached the handlers, which the local cloud counts itself.
    expect(sum(server.requestCount())).toBe(cloud.stats.total() - injected)

    // The daemon's series say the same, and every known operation has a retries series from the start.
    const samples = parsePrometheus(await metrics.render())
    const metric = (name: string, op: string): number => {
      const [service = '', operation = ''] = op.split('.')
      return [...samples]
        .filter(([k]) => k.startsWith(`${name}{service="${service}",operation="${operation}"`))
        .reduce((n, [, v]) => n + v, 0)
    }
    for (const op of Object.keys(wire)) {
      expect(metric('ecs_reconciler_api_calls_total', op), op).toBe(wire[op])
      expect(metric('ecs_reconciler_api_retries_total', op), op).toBe(retries[op] ?? 0)
    }
    expect(samples.get('ecs_reconciler_api_retries_total{service="FIS",operation="StartExperiment"}')).toBe(0)
  }, 60_000)
})

describe('the attempt budget', () => {
  it('AWS_MAX_ATTEMPTS=2 makes a throttled call stop after 2 attempts on the wire', async () => {
    const { proxy } = await start({ throttleRate: 1 }, { AWS_MAX_ATTEMPTS: '2' })
    const cloud = open(proxy.endpoint)
    const err = await cloud.readers.ecs.describeClusters(['x']).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CloudError)
    expect((err as CloudError).awsCode).toBe('ThrottlingException')
    expect(proxy.attempts()).toEqual({ 'ECS.DescribeClusters': 2 })
    expect(cloud.stats.snapshot()).toEqual({ 'ECS.DescribeClusters': { ThrottlingException: 2 } })
    expect(cloud.stats.retries()).toEqual({ 'ECS.DescribeClusters': 1 })
  }, 30_000)

  it('an explicit maximum (--max-attempts) overrides AWS_MAX_ATTEMPTS', async () => {
    const { proxy } = await start({ throttleRate: 1 }, { AWS_MAX_ATTEMPTS: '2' })
    const cloud = open(proxy.endpoint, 3)
    await cloud.readers.ecs.describeClusters(['x']).catch(() => undefined)
    expect(proxy.attempts()).toEqual({ 'ECS.DescribeClusters': 3 })
  }, 30_000)
})

describe('the adaptive rate limiter', () => {
  it('is one per Cloud, shared by its four clients', async () => {
    const { proxy } = await start({})
    const limiters: unknown[] = []
    const original = Reflect.get<DefaultRateLimiter, 'getSendToken'>(
      DefaultRateLimiter.prototype,
      'getSendToken',
    )
    vi.spyOn(DefaultRateLimiter.prototype, 'getSendToken').mockImplementation(function (
      this: DefaultRateLimiter,
    ) {
      limiters.push(this)
      return original.call(this)
    })
    const cloud = open(proxy.endpoint)
    await cloud.readers.ecs.describeClusters(['x'])
    await cloud.readers.cloudMap.listNamespaces()
    await cloud.readers.scaling.describeScaling(['service/x/y'])
    await cloud.readers.fis.listExperimentTemplates()
    expect(limiters).toHaveLength(4)
    expect(new Set(limiters).size).toBe(1)
    await open(proxy.endpoint).readers.ecs.describeClusters(['x'])
    expect(new Set(limiters).size).toBe(2)
  })
})

describe('the read-only guard', () => {
  it('a refused call is counted once as ReadOnlyViolation and never reaches the wire', async () => {
    const { proxy } = await start({})
    const client = new ECSClient(clientConfig(proxy.endpoint))
    const counter = new CallCounter()
    installMiddleware(client.middlewareStack, 'ECS', {
      readOnly: true,
      counter,
      onCall: undefined,
      inFlight: new Semaphore(8),
    })
    const err = await client
      .send(new CreateClusterCommand({ clusterName: 'sneaky' }))
      .catch((e: unknown) => e)
    client.destroy()
    expect((err as CloudError).awsCode).toBe('ReadOnlyViolation')
    expect(proxy.attempts()).toEqual({})
    expect(counter.snapshot()).toEqual({ 'ECS.CreateCluster': { ReadOnlyViolation: 1 } })
    expect(counter.retries()).toEqual({})
  })
})
