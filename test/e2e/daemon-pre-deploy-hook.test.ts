/**
 * End to end: a pre-deploy hook runs once per revision even when the daemon is killed (-9) while the
 * hook task runs and is started again. The restarted daemon finds the hook task of that revision by
 * its startedBy and waits for it instead of starting another. One standalone local cloud
 * (AWS_ENDPOINT_URL) outlives both daemons, as AWS would.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, workspaceWithExample } from '../support/cli.js'
import { startDaemon, until, type DaemonProcess } from '../support/daemon.js'
import { startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud-process.js'

const ws = workspaceWithExample()
const cloudState = join(ws.dir, 'cloud.json')
let cloud: LocalCloudProcess | undefined
let env: Record<string, string> = {}
const daemons: DaemonProcess[] = []

interface World {
  ecs: {
    services: Record<string, { name: string; status: string; taskDefinition: string }>
    tasks: Record<string, { taskDefinitionArn: string; run?: { startedBy?: string } }>
  }
}

const world = (): World | undefined =>
  existsSync(cloudState) ? (JSON.parse(readFileSync(cloudState, 'utf8')) as World) : undefined

/** `family:revision` of every hook task the local cloud has started. */
const hookTasks = (): string[] =>
  Object.values(world()?.ecs.tasks ?? {})
    .filter((t) => t.run?.startedBy?.startsWith('ecs-reconciler-pre-deploy-'))
    .map((t) => t.taskDefinitionArn.split('/').pop() ?? '')
    .sort()

const paymentsRevision = (): string | undefined =>
  Object.values(world()?.ecs.services ?? {})
    .find((s) => s.name === 'payments' && s.status === 'ACTIVE')
    ?.taskDefinition.split('/')
    .pop()

const daemonArgs = [ws.manifests, '--interval', '1s', '--poll-interval', '100ms', '--debounce', '100ms']

beforeAll(async () => {
  // Hook tasks run long enough to kill the daemon while one runs.
  cloud = await startLocalCloudProcess(cloudState, ['--task-run-seconds', '4'])
  env = cloud.env
  ws.edit(
    'payments.yaml',
    '  launchType: FARGATE',
    '  hooks:\n    preDeploy:\n      command: [./migrate, --up]\n  launchType: FARGATE',
  )
  const applied = await runCli(['apply', ws.manifests, '--yes', '--poll-interval', '100ms'], { env })
  expect(applied.code, applied.stdout + applied.stderr).toBe(0)
}, 180_000)

afterAll(async () => {
  for (const d of daemons) if (d.child.exitCode === null && d.child.signalCode === null) await d.stop()
  await cloud?.stop()
  ws.cleanup()
})

describe('a pre-deploy hook under the daemon', () => {
  it('runs once for a revision across a daemon killed during the hook and restarted', async () => {
    expect(hookTasks()).toEqual(['payments:1'])
    const first = await startDaemon(daemonArgs, env)
    daemons.push(first)
    ws.edit('payments.yaml', 'payments:1.4.2', 'payments:1.5.0')
    await until(
      'the hook task of revision 2',
      () => (hookTasks().includes('payments:2') ? true : undefined),
      30_000,
    )
    first.child.kill('SIGKILL')
    await until('the daemon to die', () => (first.child.signalCode !== null ? true : undefined))
    expect(paymentsRevision()).toBe('payments:1')

    const second = await startDaemon(daemonArgs, env)
    daemons.push(second)
    await until(
      'the restarted daemon to roll revision 2',
      async () => {
        const entry = (await second.status()).resources.find((r) => r.id === 'Service/shop/payments')
        return paymentsRevision() === 'payments:2' && entry?.status === 'synced' ? true : undefined
      },
      45_000,
    )
    expect(hookTasks()).toEqual(['payments:1', 'payments:2'])
  }, 120_000)
})
