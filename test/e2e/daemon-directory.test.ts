/** End to end: `run --local` on a watched directory: converge, apply edits, survive bad manifests, stop cleanly, restart. */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAST_LOCAL_CLOUD, editFile, runCli, workspaceWithExample } from '../support/cli.js'
import { parsePrometheus, passAfter, startDaemon, until, type DaemonProcess } from '../support/daemon.js'

const ws = workspaceWithExample()
const args = [
  ws.manifests,
  '--local',
  '--local-state',
  ws.state,
  '--interval',
  '2s',
  '--poll-interval',
  '100ms',
  '--debounce',
  '100ms',
  '--prune',
]
const SECRET_VALUE = 'sk-live-0042-do-not-log-me'
const EXAMPLE_IDS = [
  'ChaosSchedule/orders-resilience',
  'Cluster/shop',
  'Namespace/shop',
  'Service/shop/ledger',
  'Service/shop/orders',
  'Service/shop/payments',
  'Service/shop/storefront',
]

const edit = (file: string, from: string, to: string): void => editFile(ws.manifests, file, from, to)
const plan = () =>
  runCli(
    ['plan', ws.manifests, '--local', '--local-state', ws.state, '--detailed-exitcode', '--output', 'json'],
    { env: FAST_LOCAL_CLOUD },
  )

let daemon: DaemonProcess
let allOutput = ''

beforeAll(async () => {
  daemon = await startDaemon(args, FAST_LOCAL_CLOUD)
}, 30_000)

afterAll(async () => {
  if (daemon.child.exitCode === null) await daemon.stop()
  ws.cleanup()
})

describe('ecs-reconciler run --local on a directory', () => {
  it('is alive at once, ready after the first pass, and converges the example system', async () => {
    expect((await daemon.get('/healthz')).status).toBe(200)
    await until('readiness', async () => ((await daemon.get('/readyz')).status === 200 ? true : undefined))
    const status = await daemon.status()
    expect(status.lastPass?.outcome).toBe('success')
    expect(status.resources.map((r) => r.id)).toEqual(EXAMPLE_IDS)
    expect(status.resources.every((r) => r.status === 'synced')).toBe(true)
    expect((await plan()).code).toBe(0)
    // Every line of a pass carries its pass's id.
    const passLines = daemon.logs().filter((l) => /^(pass |wave |create |update )/.test(l.msg))
    expect(passLines.length).toBeGreaterThan(10)
    // Waves count from 1 in the daemon's logs, as in plan and graph.
    expect(passLines.find((l) => l.msg.startsWith('wave '))?.msg).toBe('wave 1 started')
    expect(passLines.every((l) => typeof l.reconcileId === 'string' && l.reconcileId.length > 0)).toBe(true)
  }, 30_000)

  it('serves /metrics as Prometheus text with every label series present', async () => {
    const res = await daemon.get('/metrics')
    expect(res.status).toBe(200)
    const samples = parsePrometheus(res.text)
    expect(samples.get('ecs_reconciler_passes_total{trigger="startup",outcome="success"}')).toBe(1)
    expect(samples.get('ecs_reconciler_passes_total{trigger="retry",outcome="failure"}')).toBe(0)
    expect(samples.get('ecs_reconciler_resources{kind="Service",status="synced"}')).toBe(4)
    expect(samples.get('ecs_reconciler_resources{kind="ChaosSchedule",status="backoff"}')).toBe(0)
    expect(samples.get('ecs_reconciler_drift_found_total{kind="Namespace"}')).toBe(0)
    expect(samples.get('ecs_reconciler_manifests_valid')).toBe(1)
    expect(
      samples.get('ecs_reconciler_api_calls_total{service="ECS",operation="CreateService",code="ok"}'),
    ).toBe(4)
    // Created before any call: the series of an operation the daemon never makes (ListClusters is
    // import's). Not a FIS call: the example's chaos schedule may start a run while this test runs.
    expect(
      samples.get('ecs_reconciler_api_calls_total{service="ECS",operation="ListClusters",code="ok"}'),
    ).toBe(0)
    expect(samples.has('ecs_reconciler_pass_duration_seconds_count')).toBe(true)
  })

  it('applies an edit, and never logs environment or secret values', async () => {
    const since = Date.now()
    edit('payments.yaml', 'payments:1.4.2', 'payments:1.4.3')
    edit(
      'payments.yaml',
      '          LOG_LEVEL: info\n',
      `          LOG_LEVEL: info\n          API_KEY: ${SECRET_VALUE}\n`,
    )
    await until(
      'payments updated',
      async () =>
        (await daemon.status()).resources.find(
          (r) =>
            r.id === 'Service/shop/payments' &&
            r.lastAction === 'update' &&
            r.status === 'synced' &&
            Date.parse(r.at) > since,
        ),
      15_000,
    )
    const r = await plan()
    expect(r.code, r.stdout).toBe(0)
    const updateLine = daemon.logs().find((l) => l.msg === 'update Service/shop/payments')
    expect(JSON.stringify(updateLine)).toContain('taskDefinition.containers.app.environment.API_KEY')
    expect(JSON.stringify(updateLine)).toContain('(sensitive)')
    expect(daemon.output()).not.toContain(SECRET_VALUE)
  }, 30_000)

  it('reports a broken manifest in logs, status and metrics, deletes nothing, stays healthy; fixing it converges', async () => {
    const path = join(ws.manifests, 'orders.yaml')
    const good = readFileSync(path, 'utf8')
    const since = Date.now()
    writeFileSync(path, good.replace('  desiredCount:', '  desiredCount: [unclosed\n  desiredCount:'))
    const broken = await until('the problem in /status', async () => {
      const s = await daemon.status()
      return s.manifests && !s.manifests.valid ? s : undefined
    })
    expect(broken.manifests?.reconciling).toBe('last-valid')
    expect(broken.manifests?.issues.some((i) => i.file.endsWith('orders.yaml') && i.line > 1)).toBe(true)
    // A resync on the last valid set passes while the file is broken: orders is not pruned.
    const during = await passAfter(daemon, since + 2500, 'a pass on the last valid set')
    expect(during.resources.map((r) => r.id)).toEqual(EXAMPLE_IDS)
    expect(parsePrometheus((await daemon.get('/metrics')).text).get('ecs_reconciler_manifests_valid')).toBe(0)
    expect(daemon.logs().some((l) => l.level >= 50 && l.msg.includes('orders.yaml:'))).toBe(true)
    expect(daemon.logs().some((l) => /^delete /.test(l.msg))).toBe(false)
    expect((await daemon.get('/healthz')).status).toBe(200)

    writeFileSync(path, good)
    const fixed = await until('valid manifests again', async () => {
      const s = await daemon.status()
      return s.manifests?.valid && s.lastPass?.outcome === 'success' ? s : undefined
    })
    expect(fixed.manifests?.reconciling).toBe('current')
    expect(parsePrometheus((await daemon.get('/metrics')).text).get('ecs_reconciler_manifests_valid')).toBe(1)
  }, 40_000)

  it('exits 0 on SIGTERM in the middle of a pass, and a restart converges', async () => {
    const seen = daemon.logs().length
    edit('ledger.yaml', 'ledger:1.4.2', 'ledger:1.4.3')
    await until('the ledger update to start', () =>
      daemon
        .logs()
        .slice(seen)
        .some((l) => l.msg === 'update Service/shop/ledger')
        ? true
        : undefined,
    )
    const stopped = await daemon.stop('SIGTERM')
    allOutput += daemon.output()
    expect(stopped.code).toBe(0)
    // A clean stop, not the shutdown backstop (which logs a warning and exits without 'stopped').
    expect(daemon.logs().at(-1)?.msg).toBe('stopped')

    daemon = await startDaemon(args, FAST_LOCAL_CLOUD)
    await until('readiness after restart', async () =>
      (await daemon.get('/readyz')).status === 200 ? true : undefined,
    )
    const after = await daemon.status()
    expect(after.lastPass?.outcome).toBe('success')
    expect(after.resources.every((r) => r.status === 'synced')).toBe(true)
    expect((await plan()).code).toBe(0)
    allOutput += daemon.output()
    expect(allOutput).not.toContain(SECRET_VALUE)
  }, 40_000)
})
