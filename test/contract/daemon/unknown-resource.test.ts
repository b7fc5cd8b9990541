/**
 * The daemon's pass when a service's task definition cannot be read (the local cloud fails every
 * DescribeTaskDefinition of one family): the service is reported `unknown` with the error, never
 * `synced`, in /status and in the resources-by-status gauge; what depends on it is skipped; the pass
 * does not count as converged; the read is retried with a growing backoff and, once it reads again,
 * everything converges.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { Cloud } from '../../../src/cloud/ports/index.js'
import { BackoffBook } from '../../../src/daemon/backoff.js'
import { DaemonMetrics } from '../../../src/daemon/metrics.js'
import type { PassRunner } from '../../../src/daemon/reconcile-pass.js'
import type { ResourceEntry, StatusStore } from '../../../src/daemon/status.js'
import { startLocalCloud, type FaultConfig, type LocalCloud } from '../../../src/localcloud/index.js'
import { systemClock } from '../../../src/shared/clock.js'
import { workspaceWithExample } from '../../support/cli.js'
import { testPassRunner, testStatusStore } from '../../support/pass-runner.js'

const ws = workspaceWithExample()
/** Emptied to lift the fault: the local cloud reads this list on every request. */
const failRequests: NonNullable<FaultConfig['failRequests']> = []
let server: LocalCloud
let cloud: Cloud
let runner: PassRunner
let status: StatusStore
let metrics: DaemonMetrics
let backoff: BackoffBook
let skew = 0
const clock = {
  now: () => Date.now() + skew,
  sleep: (ms: number, signal?: AbortSignal) => systemClock.sleep(ms, signal),
}
const never = new AbortController().signal

const edit = ws.edit
const entry = (id: string): ResourceEntry | undefined => status.resourceEntries().find((r) => r.id === id)
const gauge = async (status: string): Promise<number> =>
  Number(
    new RegExp(`^ecs_reconciler_resources\\{kind="Service",status="${status}"\\} (\\d+)`, 'm').exec(
      await metrics.render(),
    )?.[1],
  )

beforeAll(async () => {
  server = await startLocalCloud({
    timing: { taskStartSeconds: 0.2, drainSeconds: 0.2, namespaceCreateSeconds: 0.1 },
    faults: { failRequests },
  })
  // Everything created by an earlier daemon; this one starts cold (no revision cached) against the same account.
  const earlier = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
  expect((await passRunner(earlier).run(['startup'], never)).outcome).toBe('success')
  earlier.close()
  // Two attempts a call: the permanent fault is given up on quickly.
  cloud = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1', maxAttempts: 2 })
  runner = passRunner(cloud)
}, 60_000)

function passRunner(cloud: Cloud): PassRunner {
  backoff = new BackoffBook({ baseMs: 60_000, maxMs: 600_000 })
  metrics = new DaemonMetrics([])
  status = testStatusStore()
  return testPassRunner({ cloud, manifests: ws.manifests, metrics, status, backoff, clock })
}

afterAll(async () => {
  cloud.close()
  await server.close()
  ws.cleanup()
})

describe('daemon pass: a service whose task definition cannot be read', () => {
  it('is unknown (not synced) in status and metrics, its dependents are skipped, and the read is retried with backoff', async () => {
    failRequests.push({ operation: 'DescribeTaskDefinition', match: 'task-definition/payments:' })
    // New images: the plan must read payments' running revision to compare (its tag no longer proves the content).
    edit('payments.yaml', 'payments:1.4.2', 'payments:1.4.3')
    edit('orders.yaml', 'orders:1.4.2', 'orders:1.4.3')
    edit('ledger.yaml', 'ledger:1.4.2', 'ledger:1.4.3')
    const first = await runner.run(['startup'], never)
    expect(first.outcome).toBe('failure')
    expect(entry('Service/shop/payments')).toMatchObject({
      status: 'unknown',
      lastAction: 'unknown',
      attempts: 1,
      error: expect.stringMatching(/^could not read task definition payments:1: .*ThrottlingException/),
    })
    expect(entry('Service/shop/orders')).toMatchObject({
      status: 'skipped',
      error: 'Service payments is unknown in this pass (its state could not be read)',
    })
    expect(entry('Service/shop/ledger')?.status).toBe('synced')
    expect(await gauge('unknown')).toBe(1)
    const retryAt = Date.parse(entry('Service/shop/payments')?.retryAt ?? '')
    expect(retryAt - clock.now()).toBeGreaterThan(50_000)
    // The daemon's scheduler wakes for this retry.
    expect(backoff.nextRetryAt()).toBe(retryAt)

    skew += 61_000
    const second = await runner.run(['retry'], never)
    expect(second.outcome).toBe('failure')
    expect(entry('Service/shop/payments')).toMatchObject({ status: 'unknown', attempts: 2 })
    expect(Date.parse(entry('Service/shop/payments')?.retryAt ?? '') - clock.now()).toBeGreaterThan(110_000)

    failRequests.splice(0)
    skew += 121_000
    const third = await runner.run(['retry'], never)
    expect(third.outcome).toBe('success')
    for (const name of ['payments', 'orders', 'ledger']) {
      expect(entry(`Service/shop/${name}`)?.status).toBe('synced')
    }
    expect(await gauge('unknown')).toBe(0)
    expect(backoff.nextRetryAt()).toBeUndefined()
  }, 90_000)
})
