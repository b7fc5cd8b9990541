/**
 * End to end in one process: the daemon on a driven clock against the local cloud (manual clock),
 * with the shop example's chaos schedule every five minutes. The schedule runs, FIS stops an orders
 * task (aws:ecs:stop-task; https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#ecs-actions-reference),
 * ECS replaces it, the run completes, and /status and /metrics show it.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import { startDaemon, type RunningDaemon } from '../../../src/daemon/daemon.js'
import { DirectorySource } from '../../../src/daemon/sources/directory.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { chaosEvery5Minutes } from '../../support/chaos-world.js'
import { DrivenClock, driveUntil as drive } from '../../support/driven-clock.js'
import { workspaceWithExample } from '../../support/cli.js'

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true'

const ws = workspaceWithExample()
const logs: { msg: string; experimentId?: string }[] = []
let server: LocalCloud
let clock: DrivenClock
let daemon: RunningDaemon

const driveUntil = <T>(what: string, check: () => Promise<T | undefined>, maxSeconds: number): Promise<T> =>
  drive(clock, what, check, maxSeconds)

interface ChaosStatus {
  name: string
  nextRun: { utc: string; local: string } | null
  runs: { slot: string; outcome: string; experimentId?: string; guardrail?: string }[]
}
const chaosStatus = async (): Promise<ChaosStatus[]> =>
  ((await (await fetch(`${daemon.url}/status`)).json()) as { chaos: ChaosStatus[] }).chaos
const metrics = async (): Promise<string> => (await fetch(`${daemon.url}/metrics`)).text()

beforeAll(async () => {
  const chaosFile = join(ws.manifests, 'chaos.yaml')
  // A longer deadline than the runner tests use: the driven clock runs ahead of real time here.
  writeFileSync(
    chaosFile,
    chaosEvery5Minutes('chaos.yaml', readFileSync(chaosFile, 'utf8')).replace(
      'startingDeadlineSeconds: 30',
      'startingDeadlineSeconds: 240',
    ),
  )
  server = await startLocalCloud({
    clock: 'manual',
    timing: { taskStartSeconds: 5, drainSeconds: 5, namespaceCreateSeconds: 1 },
  })
  clock = new DrivenClock(server)
  const logger = pino(
    { level: 'info' },
    new Writable({
      write: (chunk: Buffer, _e, done) => {
        logs.push(JSON.parse(chunk.toString()) as { msg: string })
        done()
      },
    }),
  )
  daemon = await startDaemon({
    source: new DirectorySource(ws.manifests, 'r1', 50),
    openCloud: () => {
      const cloud = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
      return Promise.resolve({ cloud, pollMs: 1000, close: () => Promise.resolve(cloud.close()) })
    },
    logger,
    clock,
    listen: { host: '127.0.0.1', port: 0 },
    intervalMs: 60_000,
    backoff: { baseMs: 10_000, maxMs: 60_000 },
    settings: {
      instance: 'ecs-reconciler',
      defaultCluster: 'default',
      revision: 'r1',
      dryRun: false,
      prune: false,
      adopt: false,
      maxDeletes: 5,
      force: false,
      allowReplace: false,
      // The fixtures name roles and secrets no test creates; verify has tests of its own.
      verify: false,
      timeoutMs: 600_000,
      concurrency: 4,
      pollMs: 1000,
    },
  })
}, 60_000)

afterAll(async () => {
  await daemon.stop()
  await server.close()
  ws.cleanup()
})

describe('the daemon runs a chaos schedule on the local cloud', () => {
  it('starts the 00:05 slot, FIS stops an orders task, the service recovers, the run completes in status and metrics', async () => {
    const started = await driveUntil(
      'the 00:05 slot to start',
      async () =>
        (await chaosStatus())[0]?.runs.find(
          (r) => r.slot === '2026-01-01T00:05:00Z' && r.outcome === 'started',
        ),
      600,
    )
    const ecs = createAwsCloud({ readOnly: true, endpoint: server.endpoint, region: 'us-east-1' })
    try {
      await driveUntil(
        'an orders task to be stopped by FIS',
        async () => {
          const orders = (await ecs.readers.ecs.describeServices('shop', ['orders']))[0]
          return orders && orders.runningCount < orders.desiredCount ? orders : undefined
        },
        30,
      )
      const done = await driveUntil(
        'the run to complete',
        async () =>
          (await chaosStatus())[0]?.runs.find(
            (r) => r.slot === '2026-01-01T00:05:00Z' && r.outcome === 'completed',
          ),
        600,
      )
      expect(done.experimentId).toBe(started.experimentId)
      const orders = (await ecs.readers.ecs.describeServices('shop', ['orders']))[0]
      expect(orders).toMatchObject({ runningCount: 2, desiredCount: 2 })
    } finally {
      ecs.close()
    }
    const status = (await chaosStatus())[0]
    expect(status?.name).toBe('orders-resilience')
    expect(Date.parse(status?.nextRun?.utc ?? '')).toBeGreaterThan(Date.parse('2026-01-01T00:05:00Z'))
    const text = await metrics()
    expect(text).toMatch(
      /ecs_reconciler_chaos_runs_total\{schedule="orders-resilience",outcome="started"\} [1-9]/,
    )
    expect(text).toMatch(
      /ecs_reconciler_chaos_runs_total\{schedule="orders-resilience",outcome="completed"\} 1/,
    )
    expect(text).toMatch(
      /ecs_reconciler_chaos_next_run_timestamp_seconds\{schedule="orders-resilience"\} \d+/,
    )
    expect(text).toMatch(/ecs_reconciler_chaos_running \d/)
    expect(
      logs.some((l) => l.experimentId === started.experimentId && /started experiment/.test(l.msg)),
    ).toBe(true)
  }, 180_000)
})
