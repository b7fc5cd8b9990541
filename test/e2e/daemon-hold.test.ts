/**
 * End to end: a rollback's hold against the daemon. `apply` v1 then v2, `rollback` → v1 running and
 * held; the daemon's resyncs leave it on v1 (it reports `held`); `resume` → its next pass rolls v2;
 * a later hold is lifted by a manifest change, which the daemon then applies. The CLI and the daemon
 * share one standalone local cloud (AWS_ENDPOINT_URL), as they would share an AWS account.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, workspaceWithExample } from '../support/cli.js'
import { passAfter, startDaemon, until, type DaemonProcess } from '../support/daemon.js'
import { startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud-process.js'

const ws = workspaceWithExample()
const cloudState = join(ws.dir, 'cloud.json')
let cloud: LocalCloudProcess | undefined
let env: Record<string, string> = {}
let daemon: DaemonProcess | undefined

const cli = (...args: string[]) => runCli(args, { env })
const apply = () => cli('apply', ws.manifests, '--yes', '--poll-interval', '100ms')

/** The revision the local cloud's payments service runs (`payments:N`), as persisted. */
function paymentsRevision(): string | undefined {
  if (!existsSync(cloudState)) return undefined
  const world = JSON.parse(readFileSync(cloudState, 'utf8')) as {
    ecs: { services: Record<string, { name: string; status: string; taskDefinition: string }> }
  }
  const service = Object.values(world.ecs.services).find(
    (s) => s.name === 'payments' && s.status === 'ACTIVE',
  )
  return service?.taskDefinition.split('/').pop()
}

const paymentsEntry = async (d: DaemonProcess) =>
  (await d.status()).resources.find((r) => r.id === 'Service/shop/payments')

beforeAll(async () => {
  cloud = await startLocalCloudProcess(cloudState)
  env = cloud.env
  expect((await apply()).code).toBe(0)
  ws.edit('payments.yaml', 'payments:1.4.2', 'payments:1.5.0')
  expect((await apply()).code).toBe(0)
}, 180_000)

afterAll(async () => {
  if (daemon && daemon.child.exitCode === null && daemon.child.signalCode === null) await daemon.stop()
  await cloud?.stop()
  ws.cleanup()
})

describe('a hold under the daemon', () => {
  it('stays on the rolled-back revision through resyncs until resume, then rolls the manifest again', async () => {
    const rolled = await cli('rollback', 'payments', ws.manifests)
    expect(rolled.code, rolled.stdout + rolled.stderr).toBe(0)
    await until('the rollback persisted', () => (paymentsRevision() === 'payments:1' ? true : undefined))

    daemon = await startDaemon(
      [ws.manifests, '--interval', '1s', '--poll-interval', '100ms', '--debounce', '100ms'],
      env,
    )
    const started = Date.now()
    const first = await passAfter(daemon, started, 'a first pass')
    const second = await passAfter(daemon, Date.parse(first.lastPass!.finishedAt), 'a second pass (resync)')
    expect(second.lastPass?.triggers).toContain('resync')
    expect((await paymentsEntry(daemon))?.status).toBe('held')
    expect(paymentsRevision()).toBe('payments:1')

    const resumed = await cli('resume', 'payments', ws.manifests)
    expect(resumed.code, resumed.stderr).toBe(0)
    await until(
      'the daemon to roll the manifest again',
      async () =>
        paymentsRevision() === 'payments:2' && (await paymentsEntry(daemon!))?.status === 'synced'
          ? true
          : undefined,
      30_000,
    )
  }, 120_000)

  it('a new manifest commit lifts a hold, and the daemon applies it', async () => {
    const rolled = await cli('rollback', 'payments', ws.manifests)
    expect(rolled.code, rolled.stdout + rolled.stderr).toBe(0)
    await until('held in the daemon', async () =>
      (await paymentsEntry(daemon!))?.status === 'held' ? true : undefined,
    )
    expect(paymentsRevision()).toBe('payments:1')
    ws.edit('payments.yaml', 'payments:1.5.0', 'payments:1.6.0')
    await until(
      'the daemon to roll the new manifest',
      async () =>
        paymentsRevision() === 'payments:3' && (await paymentsEntry(daemon!))?.status === 'synced'
          ? true
          : undefined,
      30_000,
    )
  }, 120_000)
})
