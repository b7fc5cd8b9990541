/**
 * The steady-state gate holds across passes (docs/reconciling.md): a rollout still in progress, or whose
 * wait timed out, plans as `wait`, and its dependents start only once it is steady — a Service
 * Connect client must not start while its backend is below its desired count (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html: tasks
 * only see endpoints that existed when they started).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { ActualService, Cloud } from '../../../src/cloud/ports/index.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { executePlan } from '../../../src/reconciler/execute/executor.js'
import type { ExecutionEvent } from '../../../src/reconciler/execute/types.js'
import { planPass } from '../../../src/reconciler/pass.js'
import { countChanges, type Plan } from '../../../src/reconciler/plan/types.js'
import { systemClock } from '../../../src/shared/clock.js'
import { workspaceWithExample } from '../../support/cli.js'
import { loadExample } from '../../support/manifests.js'
import { folderSource, testPassRunner, testStatusStore } from '../../support/pass-runner.js'

const OPTIONS = {
  instance: 'ecs-reconciler',
  revision: 'r1',
  prune: false,
  adopt: false,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}
const newImages = (f: string, t: string) =>
  t.replace('ledger:1.4.2', 'ledger:1.5.0').replace('storefront:2.8.0', 'storefront:2.9.0')

let server: LocalCloud
let cloud: Cloud

async function plan(edit?: (f: string, t: string) => string): Promise<Plan> {
  const { set, graph } = loadExample(edit)
  return (await planPass(set, graph, cloud.readers, OPTIONS)).plan
}

function execute(p: Plan, timeoutMs: number, onEvent?: (e: ExecutionEvent) => void) {
  return executePlan(p, {
    readers: cloud.readers,
    writers: cloud.writers!,
    clock: systemClock,
    wait: true,
    timeoutMs,
    pollMs: 20,
    concurrency: 8,
    allowReplace: false,
    ...(onEvent ? { onEvent } : {}),
  })
}

/** The local cloud runs on a manual clock: time moves only while this ticker runs. */
function ticking(secondsPerTick: number): { stop: () => void } {
  const timer = setInterval(() => server.advance(secondsPerTick), 40)
  return { stop: () => clearInterval(timer) }
}

async function ledger(): Promise<ActualService | undefined> {
  return (await cloud.readers.ecs.describeServices('shop', ['ledger']))[0]
}

beforeAll(async () => {
  server = await startLocalCloud({
    clock: 'manual',
    timing: { taskStartSeconds: 2, drainSeconds: 1, namespaceCreateSeconds: 0.5 },
  })
  cloud = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
  const ticker = ticking(1)
  const results = await execute(await plan(), 60_000)
  ticker.stop()
  expect(results.filter((r) => r.status !== 'succeeded')).toEqual([])
}, 90_000)

afterAll(async () => {
  cloud.close()
  await server.close()
})

describe('steady-state gate across passes', () => {
  it('a timed-out rollout plans as wait, and its dependents start only once it is steady', async () => {
    // Time stands still: the backend's new deployment cannot finish, so its wait times out.
    const first = await execute(await plan(newImages), 300)
    const ledgerResult = first.find((r) => r.name === 'ledger')
    expect(ledgerResult).toMatchObject({ status: 'failed', timedOut: true })
    expect(first.find((r) => r.name === 'storefront')?.status).toBe('skipped')
    expect((await ledger())?.deployments.find((d) => d.status === 'PRIMARY')?.rolloutState).toBe(
      'IN_PROGRESS',
    )

    // The next pass: nothing left to change on the backend, but it is not steady.
    const next = await plan(newImages)
    const waiting = next.actions.find((a) => a.name === 'ledger')
    expect(waiting?.action).toBe('wait')
    expect(waiting?.reasons.join(' ')).toMatch(/rollout IN_PROGRESS/)
    expect(next.actions.find((a) => a.name === 'storefront')?.action).toBe('update')
    expect(countChanges(next)).toBe(1)

    // Run it with time moving slowly: the client must not start before the backend is steady.
    let ledgerWhenClientStarted: ActualService | undefined
    const started: Promise<void>[] = []
    const ticker = ticking(0.5)
    const results = await execute(next, 30_000, (e) => {
      if (e.type === 'action-start' && e.id === 'Service/shop/storefront') {
        started.push(ledger().then((s) => void (ledgerWhenClientStarted = s)))
      }
    })
    ticker.stop()
    await Promise.all(started)
    expect(results.map((r) => `${r.name}:${r.action}:${r.status}`).sort()).toEqual([
      'ledger:wait:succeeded',
      'storefront:update:succeeded',
    ])
    expect(ledgerWhenClientStarted?.deployments.map((d) => d.rolloutState)).toEqual(['COMPLETED'])
    expect(ledgerWhenClientStarted?.runningCount).toBe(ledgerWhenClientStarted?.desiredCount)
  }, 60_000)
})

describe('the daemon reports a rollout that outlived its wait as progressing', () => {
  it('progressing in /status, and the next pass waits for it before the client', async () => {
    const ws = workspaceWithExample()
    const status = testStatusStore()
    // Time starts moving only once a pass has read the services, so the plan sees the rollout still going.
    let startTicking: (() => void) | undefined
    const readers = {
      ...cloud.readers,
      ecs: Object.assign(Object.create(cloud.readers.ecs) as typeof cloud.readers.ecs, {
        describeServices: async (cluster: string, names: readonly string[]) => {
          const found = await cloud.readers.ecs.describeServices(cluster, names)
          startTicking?.()
          return found
        },
      }),
    }
    const runner = (timeoutMs: number) =>
      testPassRunner({
        cloud: { ...cloud, readers },
        source: folderSource(ws.manifests, 'r2'),
        status,
        settings: { pollMs: 20, timeoutMs },
      })
    const never = new AbortController().signal
    const entry = (id: string) => status.resourceEntries().find((r) => r.id === id)
    try {
      for (const file of ['ledger.yaml', 'storefront.yaml']) {
        const path = join(ws.manifests, file)
        writeFileSync(
          path,
          readFileSync(path, 'utf8')
            .replace('ledger:1.4.2', 'ledger:1.6.0')
            .replace('storefront:2.8.0', 'storefront:3.0.0'),
        )
      }
      // Time stands still on the local cloud: the backend's rollout outlives the wait.
      const first = await runner(300).run(['change'], never)
      expect(first.outcome).toBe('failure')
      expect(entry('Service/shop/ledger')?.status).toBe('progressing')
      expect(entry('Service/shop/storefront')?.status).toBe('skipped')

      let ticker: { stop: () => void } | undefined
      startTicking = () => void (ticker ??= ticking(0.5))
      const second = await runner(30_000).run(['resync'], never)
      ticker?.stop()
      expect(second.outcome).toBe('success')
      expect(entry('Service/shop/ledger')).toMatchObject({ status: 'synced', lastAction: 'wait' })
      expect(entry('Service/shop/storefront')).toMatchObject({ status: 'synced', lastAction: 'update' })
    } finally {
      ws.cleanup()
    }
  }, 60_000)
})
