/** End to end: `run --dry-run` never mutates; bad start-up settings fail fast with a clear message. */
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { FAST_LOCAL_CLOUD, runCli, workspaceWithExample } from '../support/cli.js'
import { parsePrometheus, startDaemon, until } from '../support/daemon.js'

const ws = workspaceWithExample()
afterAll(() => ws.cleanup())

describe('ecs-reconciler run --dry-run', () => {
  it('plans and reports every resource without a single mutating call', async () => {
    const daemon = await startDaemon(
      [ws.manifests, '--local', '--local-state', ws.state, '--dry-run', '--interval', '1s'],
      FAST_LOCAL_CLOUD,
    )
    try {
      await until('two passes', async () =>
        (await daemon.status()).lastPass?.triggers.includes('resync') ? true : undefined,
      )
      const status = await daemon.status()
      expect(status.resources).toHaveLength(7)
      expect(status.resources.every((r) => r.status === 'planned' && r.lastAction === 'create')).toBe(true)
      const calls = [...parsePrometheus((await daemon.get('/metrics')).text)]
        .filter(([k, v]) => k.startsWith('ecs_reconciler_api_calls_total{') && v > 0)
        .map(([k]) => /operation="(\w+)"/.exec(k)?.[1] ?? '')
      expect(calls.length).toBeGreaterThan(0)
      expect(calls.filter((op) => !/^(Describe|List|Get)/.test(op))).toEqual([])
    } finally {
      expect((await daemon.stop()).code).toBe(0)
    }
    // The embedded cloud saves only after a change: there was none.
    expect(existsSync(ws.state) ? JSON.parse(readFileSync(ws.state, 'utf8')) : undefined).toBeUndefined()
  }, 30_000)
})

describe('ecs-reconciler run: shutdown', () => {
  it('a second signal during shutdown exits at once', async () => {
    const slow = workspaceWithExample()
    // Every call takes 3 s, so the first signal has a call in flight to wait for.
    const env = { ...FAST_LOCAL_CLOUD, ECS_RECONCILER_LOCAL_FAULTS: JSON.stringify({ latencyMs: 3000 }) }
    const daemon = await startDaemon([slow.manifests, '--local', '--local-state', slow.state], env)
    try {
      await until('the first pass', () =>
        daemon.logs().some((l) => l.msg === 'pass started') ? true : undefined,
      )
      daemon.child.kill('SIGTERM')
      await until('the shutdown to begin', () =>
        daemon.logs().some((l) => l.msg.startsWith('SIGTERM: finishing')) ? true : undefined,
      )
      const stopped = await daemon.stop('SIGTERM')
      // 130 comes only from the second signal's exit; the call in flight was not waited for.
      expect(stopped.code).toBe(130)
      expect(daemon.logs().some((l) => l.msg === 'stopped')).toBe(false)
    } finally {
      slow.cleanup()
    }
  }, 30_000)
})

describe('ecs-reconciler run --listen :PORT', () => {
  it('says in the log that it listens on every interface, names each address, and keeps the Host check', async () => {
    const daemon = await startDaemon(
      [ws.manifests, '--local', '--local-state', ws.state, '--dry-run', '--listen', ':0'],
      FAST_LOCAL_CLOUD,
    )
    try {
      const line = daemon.logs().find((l) => l.msg.startsWith('listening on every interface'))
      expect(line?.msg).toMatch(/^listening on every interface \(0\.0\.0\.0:\d+\): http:\/\/127\.0\.0\.1:\d+/)
      expect(line?.['boundUrls']).toContain(daemon.url)
      expect((await daemon.get('/healthz')).status).toBe(200)
    } finally {
      expect((await daemon.stop()).code).toBe(0)
    }
  }, 30_000)
})

describe('ecs-reconciler run: start-up errors', () => {
  it.each([
    [['--listen', 'nowhere'], /--listen must be host:port/],
    [['--git-url', '/no/such/repository'], /Cannot clone \/no\/such\/repository#main/],
    [['--interval', 'soon'], /--interval must be a duration/],
  ])('%j exits 1 with a clear message and no stack', async (extra, message) => {
    const r = await runCli(['run', ws.manifests, '--local', '--local-state', ws.state, ...extra], {
      env: FAST_LOCAL_CLOUD,
      timeoutMs: 20_000,
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(message)
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /)
  })

  it('a port in use is reported as such', async () => {
    const busy = createServer()
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    const { port } = busy.address() as AddressInfo
    try {
      const r = await runCli(
        ['run', ws.manifests, '--local', '--local-state', ws.state, '--listen', `127.0.0.1:${port}`],
        { env: FAST_LOCAL_CLOUD, timeoutMs: 20_000 },
      )
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(
        new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the address is already in use`),
      )
    } finally {
      busy.close()
    }
  })
})
