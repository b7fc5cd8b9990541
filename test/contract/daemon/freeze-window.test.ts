/**
 * Freeze windows (Cluster spec.freezeWindows, docs/manifests.md): inside one, the daemon plans and
 * reports the change but makes none in that cluster (status `frozen`); once the window is over the
 * change goes through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { Cloud } from '../../../src/cloud/ports/index.js'
import type { PassRunner } from '../../../src/daemon/reconcile-pass.js'
import type { StatusStore } from '../../../src/daemon/status.js'
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
const clock = {
  now: () => Date.now() + skew,
  sleep: (ms: number, signal?: AbortSignal) => systemClock.sleep(ms, signal),
}
const never = new AbortController().signal
const updates = (): number => server.requestCount()['ECS.UpdateService'] ?? 0

beforeAll(async () => {
  server = await startLocalCloud({
    timing: { taskStartSeconds: 0.2, drainSeconds: 0.2, namespaceCreateSeconds: 0.1 },
  })
  cloud = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
  status = testStatusStore()
  runner = testPassRunner({ cloud, manifests: ws.manifests, status, clock })
  expect((await runner.run(['startup'], never)).outcome).toBe('success')
}, 60_000)

afterAll(async () => {
  cloud.close()
  await server.close()
  ws.cleanup()
})

describe('daemon in a freeze window', () => {
  it('reports the change as frozen and makes none; after the window it applies it', async () => {
    const start = new Date(Date.now() - 60_000).toISOString()
    const end = new Date(Date.now() + 3_600_000).toISOString()
    const edit = ws.edit
    edit(
      'cluster.yaml',
      '  containerInsights: enabled',
      `  containerInsights: enabled\n  freezeWindows:\n    - start: "${start}"\n      end: "${end}"`,
    )
    edit('orders.yaml', 'orders:1.4.2', 'orders:1.4.3')
    const before = updates()
    await runner.run(['change'], never)
    expect(updates()).toBe(before)
    const orders = status.resourceEntries().find((r) => r.id === 'Service/shop/orders')
    expect(orders).toMatchObject({
      status: 'frozen',
      lastAction: 'update',
      error: expect.stringContaining('cluster shop is frozen'),
    })
    skew = 2 * 3_600_000
    await runner.run(['resync'], never)
    expect(status.resourceEntries().find((r) => r.id === 'Service/shop/orders')).toMatchObject({
      status: 'synced',
    })
    expect(updates()).toBeGreaterThan(before)
  }, 60_000)
})
