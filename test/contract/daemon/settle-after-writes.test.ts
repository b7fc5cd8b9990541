/**
 * The ECS API is eventually consistent: a read right after a write may show the resource as it was
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html, "the ECS API follows
 * an eventual consistency model"; Application Auto Scaling says the same of its creates,
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html). A daemon pass that follows
 * one that wrote therefore waits before it reads, instead of planning from its own stale view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { Cloud } from '../../../src/cloud/ports/index.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { workspaceWithExample } from '../../support/cli.js'
import { steppedClock, type SteppedClock } from '../../support/driven-clock.js'
import { testPassRunner } from '../../support/pass-runner.js'

const ws = workspaceWithExample()
let server: LocalCloud
let cloud: Cloud
const never = new AbortController().signal
const sleeps: number[] = []
// The runner's sleeps move the cloud's clock: the settle and the lag pass without real waiting.
let clock: SteppedClock
const edit = ws.edit

beforeAll(async () => {
  server = await startLocalCloud({
    clock: 'manual',
    timing: { taskStartSeconds: 0.1, drainSeconds: 0.1, namespaceCreateSeconds: 0.05 },
    consistencyLagMs: 700,
  })
  cloud = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
  clock = steppedClock(server, (ms) => sleeps.push(ms))
}, 60_000)

afterAll(async () => {
  cloud.close()
  await server.close()
  ws.cleanup()
})

describe('a pass after one that wrote', () => {
  it('waits for the writes to read back, then finds nothing left to do', async () => {
    const runner = testPassRunner({
      cloud,
      manifests: ws.manifests,
      clock,
      settings: { pollMs: 50, settleMs: 1_000 },
    })
    expect((await runner.run(['startup'], never)).outcome).toBe('success')
    // New Service Connect endpoints on ledger: its clients are redeployed once, and the owed-redeploy
    // mark on each is removed last; a stale read of that mark would redeploy them again (with
    // settleMs 0 this test fails that way).
    edit(
      'ledger.yaml',
      '          - port: 80\n            dnsName: ledger',
      '          - port: 8081\n            dnsName: ledger',
    )
    expect((await runner.run(['change'], never)).changes).toBeGreaterThan(1)
    const updates = server.requestCount()['ECS.UpdateService'] ?? 0
    const registrations = server.requestCount()['ECS.RegisterTaskDefinition'] ?? 0
    sleeps.length = 0

    const next = await runner.run(['resync'], never)
    // The first sleep of the pass is the settle: the whole second, as no time passed since the last write.
    expect(sleeps[0]).toBe(1_000)
    expect(next.changes).toBe(0)
    expect(server.requestCount()['ECS.UpdateService'] ?? 0).toBe(updates)
    expect(server.requestCount()['ECS.RegisterTaskDefinition'] ?? 0).toBe(registrations)
  }, 60_000)

  it('a pass that wrote nothing does not delay the next one', async () => {
    const runner = testPassRunner({
      cloud,
      manifests: ws.manifests,
      clock,
      settings: { pollMs: 50, settleMs: 1_000 },
    })
    // The lag of the writes above passes: this runner does not know of them, so it would not settle.
    clock.advance(1)
    expect((await runner.run(['resync'], never)).changes).toBe(0)
    sleeps.length = 0
    await runner.run(['resync'], never)
    expect(sleeps).toEqual([])
  }, 60_000)
})
