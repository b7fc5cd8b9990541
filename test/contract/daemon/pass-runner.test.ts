/**
 * The daemon's pass against the in-process local cloud through the real adapters: failures back off
 * per resource (with their dependents), retry when due or when the manifest changes, and terminal
 * failures are not retried in a loop.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import {
  CloudError,
  type Cloud,
  type CloudMapReader,
  type EcsWriter,
  type UpdateServiceInput,
} from '../../../src/cloud/ports/index.js'
import { BackoffBook } from '../../../src/daemon/backoff.js'
import type { PassRunner } from '../../../src/daemon/reconcile-pass.js'
import type { ResourceEntry, StatusStore } from '../../../src/daemon/status.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { systemClock } from '../../../src/shared/clock.js'
import { workspaceWithExample } from '../../support/cli.js'
import { testPassRunner, testStatusStore } from '../../support/pass-runner.js'

const ws = workspaceWithExample()
let server: LocalCloud
let cloud: Cloud
let runner: PassRunner
let status: StatusStore
let skew = 0
/** ledger's UpdateService is refused as if the task role lacked the permission. */
let denyLedgerUpdates = false
/** storefront's next UpdateServices fail as if ECS were briefly unavailable (retryable). */
let storefrontOutages = 0
let storefrontRedeploys = 0
/** The next ListNamespaces fails as if throttled past the SDK's retries. */
let namespaceListingFailures = 0
let backoff: BackoffBook
const clock = {
  now: () => Date.now() + skew,
  sleep: (ms: number, signal?: AbortSignal) => systemClock.sleep(ms, signal),
}
const never = new AbortController().signal

const edit = ws.edit
const entry = (id: string): ResourceEntry | undefined => status.resourceEntries().find((r) => r.id === id)
const updateCalls = (): number => server.requestCount()['ECS.UpdateService'] ?? 0

beforeAll(async () => {
  server = await startLocalCloud({
    timing: { taskStartSeconds: 0.2, drainSeconds: 0.2, namespaceCreateSeconds: 0.1 },
    faults: { failingImages: ['broken'] },
  })
  const real = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
  const writers = real.writers!
  cloud = {
    ...real,
    readers: {
      ...real.readers,
      cloudMap: Object.assign(Object.create(real.readers.cloudMap) as CloudMapReader, {
        listNamespaces: () => {
          if (namespaceListingFailures > 0) {
            namespaceListingFailures -= 1
            return Promise.reject(
              new CloudError({
                awsCode: 'ThrottlingException',
                message: 'Rate exceeded',
                retryable: true,
                operation: 'ServiceDiscovery.ListNamespaces',
              }),
            )
          }
          return real.readers.cloudMap.listNamespaces()
        },
      }),
    },
    writers: {
      ...writers,
      // The adapter's own methods through the prototype; only UpdateService is intercepted.
      ecs: Object.assign(Object.create(writers.ecs) as EcsWriter, {
        updateService: (input: UpdateServiceInput) => {
          if (denyLedgerUpdates && input.service === 'ledger') {
            return Promise.reject(
              new CloudError({
                awsCode: 'AccessDeniedException',
                message: 'not authorized to perform ecs:UpdateService',
                retryable: false,
                operation: 'ECS.UpdateService',
              }),
            )
          }
          if (storefrontOutages > 0 && input.service === 'storefront') {
            storefrontOutages -= 1
            return Promise.reject(
              new CloudError({
                awsCode: 'ServerException',
                message: 'service unavailable',
                retryable: true,
                operation: 'ECS.UpdateService',
              }),
            )
          }
          if (input.service === 'storefront' && input.forceNewDeployment) storefrontRedeploys += 1
          return writers.ecs.updateService(input)
        },
      }),
    },
  }
  backoff = new BackoffBook({ baseMs: 60_000, maxMs: 600_000 })
  status = testStatusStore()
  runner = testPassRunner({ cloud, manifests: ws.manifests, status, backoff, clock })
  expect((await runner.run(['startup'], never)).outcome).toBe('success')
}, 60_000)

afterAll(async () => {
  cloud.close()
  await server.close()
  ws.cleanup()
})

describe('daemon pass: backoff and terminal failures', () => {
  it('a failed backend is retried only when due, and its dependents wait with it', async () => {
    edit('payments.yaml', 'payments:1.4.2', 'payments:broken-1')
    edit('orders.yaml', 'orders:1.4.2', 'orders:1.4.3')
    const first = await runner.run(['change'], never)
    expect(first.outcome).toBe('failure')
    expect(entry('Service/shop/payments')).toMatchObject({ status: 'failed', attempts: 1 })
    expect(entry('Service/shop/orders')?.status).toBe('skipped')
    const retryAt = Date.parse(entry('Service/shop/payments')?.retryAt ?? '')
    expect(retryAt - clock.now()).toBeGreaterThan(50_000)

    const calls = updateCalls()
    await runner.run(['resync'], never)
    expect(updateCalls()).toBe(calls)
    expect(entry('Service/shop/payments')?.status).toBe('backoff')
    expect(entry('Service/shop/orders')?.status).toBe('backoff')

    skew += 61_000
    await runner.run(['retry'], never)
    expect(updateCalls()).toBeGreaterThan(calls)
    const second = entry('Service/shop/payments')
    expect(second).toMatchObject({ status: 'failed', attempts: 2 })
    // The delay doubled: 120 s after this attempt.
    expect(Date.parse(second?.retryAt ?? '') - clock.now()).toBeGreaterThan(110_000)
  }, 60_000)

  it('a manifest change retries at once, and then everything converges', async () => {
    edit('payments.yaml', 'payments:broken-1', 'payments:1.4.3')
    const record = await runner.run(['change'], never)
    expect(record.outcome).toBe('success')
    expect(entry('Service/shop/payments')).toMatchObject({ status: 'synced', lastAction: 'update' })
    expect(entry('Service/shop/orders')).toMatchObject({ status: 'synced', lastAction: 'update' })
    expect(status.resourceEntries().every((r) => r.status === 'synced')).toBe(true)
  }, 60_000)

  it('a terminal failure is not retried on resync or later, only after its manifest changes', async () => {
    denyLedgerUpdates = true
    edit('ledger.yaml', 'ledger:1.4.2', 'ledger:1.4.3')
    await runner.run(['change'], never)
    const failed = entry('Service/shop/ledger')
    expect(failed?.status).toBe('failed')
    expect(failed?.error).toMatch(/AccessDenied.*not retried until its manifest changes/)
    expect(failed?.retryAt).toBeUndefined()

    const calls = updateCalls()
    skew += 3_600_000
    await runner.run(['resync'], never)
    expect(updateCalls()).toBe(calls)
    expect(entry('Service/shop/ledger')?.status).toBe('backoff')

    denyLedgerUpdates = false
    edit('ledger.yaml', 'ledger:1.4.3', 'ledger:1.4.4')
    expect((await runner.run(['change'], never)).outcome).toBe('success')
    expect(entry('Service/shop/ledger')).toMatchObject({ status: 'synced', lastAction: 'update' })
  }, 60_000)
})

describe('daemon pass: a new service whose first deployment fails', () => {
  const auditFile = join(ws.manifests, 'audit.yaml')

  it('is retried as a redeploy when due, never reported in sync, and converges once fixed', async () => {
    const ledger = readFileSync(join(ws.manifests, 'ledger.yaml'), 'utf8')
    writeFileSync(
      auditFile,
      ledger.replaceAll('ledger', 'audit').replace(/image: \S+/, 'image: public.ecr.aws/shop/audit:broken-1'),
    )
    await runner.run(['change'], never)
    expect(entry('Service/shop/audit')).toMatchObject({ status: 'failed', lastAction: 'create', attempts: 1 })

    skew += 61_000
    await runner.run(['retry'], never)
    expect(entry('Service/shop/audit')).toMatchObject({
      status: 'failed',
      lastAction: 'redeploy',
      attempts: 2,
    })

    edit('audit.yaml', 'audit:broken-1', 'audit:1.0.0')
    expect((await runner.run(['change'], never)).outcome).toBe('success')
    expect(entry('Service/shop/audit')).toMatchObject({ status: 'synced', lastAction: 'update' })
  }, 60_000)
})

describe('daemon pass: a client redeploy that failed is still owed', () => {
  it('is retried when due although the backend change is done and the client plans as in sync', async () => {
    storefrontOutages = 1
    storefrontRedeploys = 0
    edit(
      'ledger.yaml',
      '          - port: 80\n            dnsName: ledger',
      '          - port: 8081\n            dnsName: ledger',
    )
    await runner.run(['change'], never)
    expect(entry('Service/shop/ledger')).toMatchObject({ status: 'synced', lastAction: 'update' })
    expect(entry('Service/shop/storefront')).toMatchObject({ status: 'failed', lastAction: 'redeploy' })
    expect(storefrontRedeploys).toBe(0)

    skew += 61_000
    expect((await runner.run(['retry'], never)).outcome).toBe('success')
    expect(entry('Service/shop/storefront')).toMatchObject({ status: 'synced', lastAction: 'redeploy' })
    expect(storefrontRedeploys).toBe(1)

    // Owed once: the next pass is quiet.
    await runner.run(['resync'], never)
    expect(entry('Service/shop/storefront')?.lastAction).toBe('noop')
    expect(storefrontRedeploys).toBe(1)
  }, 60_000)
})

describe('daemon pass: reading live state fails', () => {
  it('fails the pass and schedules a retry of the whole pass with backoff', async () => {
    namespaceListingFailures = 1
    const failed = await runner.run(['resync'], never)
    expect(failed.outcome).toBe('failure')
    expect(failed.error).toMatch(/ThrottlingException/)
    const retryAt = backoff.nextRetryAt()
    expect((retryAt ?? 0) - clock.now()).toBeGreaterThan(50_000)

    skew += 61_000
    expect((await runner.run(['retry'], never)).outcome).toBe('success')
    expect(backoff.nextRetryAt()).toBeUndefined()
  }, 30_000)
})
