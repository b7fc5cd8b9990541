/**
 * End to end: live per-service progress while applying generated services, the stopped
 * reason of a failing image, saved plans applied exactly or refused once stale, cost in the JSON plan.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateManifests } from '../../bench/generate.js'
import { spawnSync } from 'node:child_process'
import { CLI, FAST_LOCAL_CLOUD, runCli, workspaceWithExample } from '../support/cli.js'

const env = FAST_LOCAL_CLOUD
const fastPoll = ['--poll-interval', '100ms']

describe('apply of 50 generated services off a terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-progress-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('prints per-service progress lines (one per change of state) and per-wave totals', async () => {
    const manifests = join(dir, 'manifests')
    for (const f of generateManifests(50, { cluster: 'gen' })) {
      mkdirSync(dirname(join(manifests, f.file)), { recursive: true })
      writeFileSync(join(manifests, f.file), f.text)
    }
    // Tasks take 1.5 s to start, so a rollout is seen IN_PROGRESS even through the suite's 300 ms read lag.
    const slowerStart = {
      ECS_RECONCILER_LOCAL_TIMING: JSON.stringify({
        taskStartSeconds: 1.5,
        drainSeconds: 0.3,
        namespaceCreateSeconds: 0.2,
      }),
    }
    const r = await runCli(
      ['apply', manifests, '--local', '--local-state', join(dir, 'state.json'), ...fastPoll],
      { env: slowerStart, timeoutMs: 300_000 },
    )
    expect(r.code, r.stdout + r.stderr).toBe(0)
    // Not a TTY: plain lines, no cursor movement.
    expect(r.stdout).not.toContain('\x1b[')
    const progressLines = r.stdout.split('\n').filter((l) => l.startsWith('  … Service gen/'))
    const services = new Set(progressLines.map((l) => /Service gen\/([\w-]+):/.exec(l)?.[1]))
    expect(services.size).toBe(50)
    expect(
      progressLines.some((l) => /IN_PROGRESS running \d+\/\d+, pending \d+, failed 0 \(\d+s\)/.test(l)),
    ).toBe(true)
    expect(progressLines.some((l) => /COMPLETED running (\d+)\/\1, pending 0, failed 0/.test(l))).toBe(true)
    // Never the same state twice in a row for one service.
    const last = new Map<string, string>()
    for (const l of progressLines) {
      const [label, state] = l.replace(/ \(\d+m?\d*s\)$/, '').split(': ')
      expect(last.get(label ?? '')).not.toBe(state)
      last.set(label ?? '', state ?? '')
    }
    expect(r.stdout).toMatch(
      /wave \d+ done: \d+ succeeded, 0 failed, 0 skipped — running (\d+)\/\1, pending 0, failed 0/,
    )
  }, 300_000)
})

describe('the shop example', () => {
  const ws = workspaceWithExample()
  const local = ['--local', '--local-state', ws.state]
  afterAll(() => ws.cleanup())
  const edit = ws.edit

  it('plan --output json carries the cost, per service, with its price date and source', async () => {
    const r = await runCli(['plan', ws.manifests, ...local, '--output', 'json'], { env })
    expect(r.code, r.stderr).toBe(0)
    const json = JSON.parse(r.stdout) as {
      cost: {
        known: boolean
        pricesAsOf: string
        source: string
        before: number
        after: number
        services: { id: string }[]
      }
    }
    expect(json.cost.known).toBe(true)
    expect(json.cost.pricesAsOf).toMatch(/^\d{4}-\d{2}$/)
    expect(json.cost.before).toBe(0)
    expect(json.cost.after).toBeGreaterThan(0)
    expect(json.cost.services.map((s) => s.id).sort()).toEqual([
      'Service/shop/ledger',
      'Service/shop/orders',
      'Service/shop/payments',
      'Service/shop/storefront',
    ])
  })

  it('plan --out saves a plan that apply FILE applies; the same file is refused once stale', async () => {
    const file = join(ws.dir, 'first.plan.json')
    const planned = await runCli(['plan', ws.manifests, ...local, '--out', file], { env })
    expect(planned.code, planned.stderr).toBe(0)
    expect(planned.stderr).toContain(`plan saved to ${file}`)
    const applied = await runCli(['apply', file, ...local, ...fastPoll, '--output', 'json'], { env })
    expect(applied.code, applied.stdout + applied.stderr).toBe(0)
    const results = (JSON.parse(applied.stdout) as { results: { name: string; status: string }[] }).results
    expect(results).toHaveLength(7)
    expect(results.every((x) => x.status === 'succeeded')).toBe(true)

    // Everything it planned to create now exists: the live state moved on.
    const again = await runCli(['apply', file, ...local, ...fastPoll], { env })
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('stale plan')
    expect(again.stderr).toContain('the live state changed since the plan was made')
    expect(again.stderr).not.toMatch(/\n\s+at /)
  }, 120_000)

  it('a saved plan is refused once a manifest changed, and nothing is applied', async () => {
    const file = join(ws.dir, 'second.plan.json')
    edit('orders.yaml', 'orders:1.4.2', 'orders:1.4.3')
    expect((await runCli(['plan', ws.manifests, ...local, '--out', file], { env })).code).toBe(0)
    edit('orders.yaml', 'orders:1.4.3', 'orders:1.4.4')
    const r = await runCli(['apply', file, ...local, ...fastPoll], { env })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('the manifests changed since the plan was made')
    const plan = JSON.parse(
      (await runCli(['plan', ws.manifests, ...local, '--output', 'json'], { env })).stdout,
    ) as { changes: number }
    expect(plan.changes).toBe(1)
    edit('orders.yaml', 'orders:1.4.4', 'orders:1.4.2')
  }, 120_000)

  it('a failing image reports the stopped reason and exit code of its tasks, in JSON and in text', async () => {
    edit('payments.yaml', 'payments:1.4.2', 'payments:broken-2.0')
    const faults = { ...env, ECS_RECONCILER_LOCAL_FAULTS: JSON.stringify({ failingImages: ['broken'] }) }
    const json = await runCli(['apply', ws.manifests, ...local, ...fastPoll, '--output', 'json'], {
      env: faults,
    })
    expect(json.code, json.stdout + json.stderr).toBe(1)
    const payments = (
      JSON.parse(json.stdout) as {
        results: {
          name: string
          status: string
          causes?: {
            stoppedTasks: { stopCode?: string; stoppedReason?: string; exitCodes: Record<string, number> }[]
            events: string[]
          }
        }[]
      }
    ).results.find((x) => x.name === 'payments')
    expect(payments?.status).toBe('failed')
    expect(payments?.causes?.stoppedTasks.length).toBeGreaterThan(0)
    expect(payments?.causes?.stoppedTasks.length).toBeLessThanOrEqual(3)
    expect(payments?.causes?.stoppedTasks[0]).toMatchObject({
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      exitCodes: { app: 1 },
    })
    expect(payments?.causes?.events.some((e) => /failed/.test(e))).toBe(true)

    const text = await runCli(['apply', ws.manifests, ...local, ...fastPoll], { env: faults })
    expect(text.code).toBe(1)
    expect(text.stdout).toMatch(
      /task \w+: EssentialContainerExited — Essential container in task exited \(app exit 1\)/,
    )
    edit('payments.yaml', 'payments:broken-2.0', 'payments:1.4.2')
  }, 180_000)
})

describe('plan --out under any file name', () => {
  it('prints an apply command that works exactly as printed', async () => {
    const ws = workspaceWithExample()
    try {
      // An `ecs-reconciler` on PATH, as after `npm install -g`, so the printed line runs in a shell unchanged.
      // Like runCli, it turns the account checks off: the example names roles and secrets no test creates.
      const bin = join(ws.dir, 'bin')
      mkdirSync(bin)
      writeFileSync(
        join(bin, 'ecs-reconciler'),
        `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@" --no-verify\n`,
        {
          mode: 0o755,
        },
      )
      const cloud = ['--local', '--local-state', 'cloud state.json', '--region', 'eu-west-1']
      const planned = await runCli(['plan', 'manifests', ...cloud, '--out', 'plan.bin'], { env, cwd: ws.dir })
      expect(planned.code, planned.stderr).toBe(0)
      const printed = /apply it with `([^`]+)`/.exec(planned.stderr)?.[1] ?? ''
      expect(printed).toBe(
        "ecs-reconciler apply plan.bin --local --local-state 'cloud state.json' --region eu-west-1",
      )
      const applied = spawnSync('/bin/sh', ['-c', printed], {
        cwd: ws.dir,
        env: { ...process.env, ...env, NO_COLOR: '1', PATH: `${bin}:${process.env['PATH'] ?? ''}` },
        encoding: 'utf8',
        timeout: 120_000,
      })
      expect(applied.status, applied.stdout + applied.stderr).toBe(0)
      const after = await runCli(['plan', 'manifests', ...cloud, '--output', 'json'], { env, cwd: ws.dir })
      expect((JSON.parse(after.stdout) as { changes: number }).changes).toBe(0)
    } finally {
      ws.cleanup()
    }
  }, 150_000)
})
