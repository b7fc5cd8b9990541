/**
 * The daemon's load step: a load that throws (an unreadable source, a bug) is reported as invalid
 * manifests and the last valid set is still reconciled, instead of failing the whole pass. Dry run
 * against the in-process local cloud on loopback.
 */
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { Cloud } from '../../../src/cloud/ports/index.js'
import { BackoffBook } from '../../../src/daemon/backoff.js'
import { DaemonMetrics } from '../../../src/daemon/metrics.js'
import { PassRunner } from '../../../src/daemon/reconcile-pass.js'
import { StatusStore } from '../../../src/daemon/status.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { systemClock } from '../../../src/shared/clock.js'
import { workspaceWithExample } from '../../support/cli.js'

const ws = workspaceWithExample()
let server: LocalCloud
let cloud: Cloud
let sourceBroken = false
const never = new AbortController().signal

beforeAll(async () => {
  server = await startLocalCloud({ timing: { taskStartSeconds: 0.1, drainSeconds: 0.1, namespaceCreateSeconds: 0.1 } })
  cloud = createAwsCloud({ readOnly: true, endpoint: server.endpoint, region: 'us-east-1' })
})
afterAll(async () => {
  cloud.close()
  await server.close()
  ws.cleanup()
})

describe('daemon load step', () => {
  it('a throwing load keeps reconciling the last valid set and reports the error as a manifest problem', async () => {
    const status = new StatusStore({ instance: 'ecs-reconciler', source: 'test', region: 'us-east-1', dryRun: true, startedAt: new Date().toISOString() })
    const runner = new PassRunner({
      source: {
        description: 'test',
        start: () => Promise.resolve(),
        snapshot: () => {
          if (sourceBroken) throw new Error('checkout is missing')
          return { paths: [ws.manifests], revision: 'r1' }
        },
        close: () => Promise.resolve(),
      },
      cloud,
      logger: pino({ level: 'silent' }, new Writable({ write: (_c, _e, done) => done() })),
      metrics: new DaemonMetrics([]),
      status,
      backoff: new BackoffBook({ baseMs: 60_000, maxMs: 600_000 }),
      clock: systemClock,
      settings: { instance: 'ecs-reconciler', defaultCluster: 'default', revision: undefined, dryRun: true, prune: false, adopt: false, maxDeletes: 5, force: false, allowReplace: false, timeoutMs: 30_000, pollMs: 50, concurrency: 8 },
    })
    const first = await runner.run(['startup'], never)
    expect(first.outcome).toBe('success')
    const planned = status.resourceEntries().map((r) => r.id).sort()
    expect(planned.length).toBeGreaterThan(0)

    sourceBroken = true
    const second = await runner.run(['resync'], never)
    expect(second.error).toBeUndefined()
    expect(second.outcome).toBe('success')
    const json = status.toJSON() as { manifests: { valid: boolean; reconciling: string; issues: { rule: string; message: string }[] } }
    expect(json.manifests.valid).toBe(false)
    expect(json.manifests.reconciling).toBe('last-valid')
    expect(json.manifests.issues).toEqual([expect.objectContaining({ rule: 'load/failed', message: expect.stringContaining('checkout is missing') })])
    expect(status.resourceEntries().map((r) => r.id).sort()).toEqual(planned)
  })
})
