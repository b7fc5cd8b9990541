/**
 * End to end: `run --prune` on manifests behind symbolic links keeps what they declare, and a link
 * that stops leading anywhere makes the set incomplete: reported, nothing deleted.
 */
import { copyFileSync, mkdirSync, renameSync, rmSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAST_LOCAL_CLOUD, runCli, workspaceWithExample } from '../support/cli.js'
import { passAfter, startDaemon, until, type DaemonProcess } from '../support/daemon.js'

const ws = workspaceWithExample()
const local = ['--local', '--local-state', ws.state]
const env = FAST_LOCAL_CLOUD
const STOREFRONT = join(ws.manifests, 'storefront.yaml')
const STORED = join(ws.dir, 'store', 'storefront.yaml')

let daemon: DaemonProcess | undefined

beforeAll(async () => {
  const first = await runCli(['apply', ws.manifests, ...local, '--poll-interval', '100ms'], { env })
  expect(first.code, first.stdout + first.stderr).toBe(0)
  mkdirSync(join(ws.dir, 'store'))
  renameSync(STOREFRONT, STORED)
  symlinkSync(STORED, STOREFRONT)
  daemon = await startDaemon(
    [
      ws.manifests,
      ...local,
      '--interval',
      '1s',
      '--poll-interval',
      '100ms',
      '--debounce',
      '100ms',
      '--prune',
    ],
    env,
  )
}, 180_000)

afterAll(async () => {
  if (daemon && daemon.child.exitCode === null) await daemon.stop()
  ws.cleanup()
})

const deleteLines = (d: DaemonProcess) => d.logs().filter((l) => /^delete /.test(l.msg))

describe('run --prune on linked manifests', () => {
  it('a manifest behind a link is reconciled, not pruned', async () => {
    const d = daemon as DaemonProcess
    await until('readiness', async () => ((await d.get('/readyz')).status === 200 ? true : undefined), 30_000)
    const status = await d.status()
    expect(status.manifests?.valid).toBe(true)
    expect(status.resources.find((r) => r.id === 'Service/shop/storefront')?.status).toBe('synced')
    expect(deleteLines(d)).toEqual([])
  }, 60_000)

  it('a dangling link: reported in status and logs, nothing deleted, storefront still live', async () => {
    const d = daemon as DaemonProcess
    const since = Date.now()
    renameSync(STORED, `${STORED}.moved`)
    const broken = await until('the unreadable link in /status', async () => {
      const s = await d.status()
      return s.manifests && !s.manifests.valid ? s : undefined
    })
    expect(broken.manifests?.issues.map((i) => [i.rule, i.file])).toEqual([
      ['file/unreadable', join(ws.manifests, 'storefront.yaml')],
    ])
    await passAfter(d, since + 2_000, 'a pass with the link dangling')
    expect(deleteLines(d)).toEqual([])
    expect(d.logs().some((l) => l.level >= 50 && l.msg.includes('dangling symbolic link'))).toBe(true)

    // Live state still has storefront: with a plain copy of its manifest, the plan changes nothing.
    renameSync(`${STORED}.moved`, STORED)
    rmSync(STOREFRONT)
    copyFileSync(STORED, STOREFRONT)
    const plan = await runCli(['plan', ws.manifests, ...local, '--detailed-exitcode'], { env })
    expect(plan.code, plan.stdout + plan.stderr).toBe(0)
  }, 60_000)
})
