/**
 * End to end: the daemon's HTTP endpoints keep answering while a large manifest set loads (the load
 * gives the event loop turns). The set holds 5,000 namespaces and one broken document, so the first
 * pass is its load alone: it reads nothing from AWS, and every /healthz answer received between
 * "pass started" and "pass finished" was given while the manifests were loading.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAST_LOCAL_CLOUD } from '../support/cli.js'
import { startDaemon, until, type DaemonProcess } from '../support/daemon.js'

const NAMESPACES = 5_000
const dir = mkdtempSync(join(tmpdir(), 'daemon-large-load-'))
const manifests = join(dir, 'manifests')
let daemon: DaemonProcess | undefined

beforeAll(() => {
  mkdirSync(manifests)
  const doc = (i: number) =>
    `apiVersion: ecs-reconciler/v1alpha1\nkind: Namespace\nmetadata:\n  name: ns-${i}\n  labels:\n  ${Array.from({ length: 20 }, (_, k) => `  k${k}: v${k}`).join('\n  ')}\nspec: {}\n`
  writeFileSync(
    join(manifests, 'many.yaml'),
    Array.from({ length: NAMESPACES }, (_, i) => doc(i)).join('---\n'),
  )
  writeFileSync(join(manifests, 'broken.yaml'), 'apiVersion: ecs-reconciler/v1alpha1\nkind: Nope\n')
})

afterAll(async () => {
  if (daemon && daemon.child.exitCode === null) await daemon.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('a large manifest set loading', () => {
  it('does not stop /healthz answering', async () => {
    const d = await startDaemon(
      [manifests, '--local', '--local-state', join(dir, 'state.json')],
      FAST_LOCAL_CLOUD,
    )
    daemon = d
    const answeredAt: number[] = []
    const passFinished = () => d.logs().find((l) => l.msg === 'pass finished')
    while (!passFinished()) {
      const res = await d.get('/healthz')
      expect(res.status).toBe(200)
      answeredAt.push(Date.now())
    }
    const started = d.logs().find((l) => l.msg === 'pass started')?.['time'] as number
    const finished = passFinished()?.['time'] as number
    expect(passFinished()?.['outcome']).toBe('invalid_manifests')
    const during = answeredAt.filter((t) => t > started && t < finished)
    // Loaded at once, the pass would block the event loop from its start to its end: no answer in between.
    expect(
      during.length,
      `${during.length} answers in a load of ${finished - started} ms`,
    ).toBeGreaterThanOrEqual(3)
    await until('status', async () => ((await d.status()).manifests?.valid === false ? true : undefined))
  }, 120_000)
})
