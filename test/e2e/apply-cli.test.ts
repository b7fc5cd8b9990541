/** End to end: the built CLI's plan and apply against the embedded local cloud (docs/reconciling.md, docs/cli.md). */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAST_LOCAL_CLOUD, runCli, workspaceWithExample } from '../support/cli.js'
import { loadExample } from '../support/manifests.js'

interface ApplyJson {
  results: {
    kind: string
    name: string
    action: string
    status: string
    wave: number
    startedAt: string | null
    finishedAt: string | null
    error?: string
  }[]
}
interface PlanJson {
  changes: number
  actions: {
    kind: string
    name: string
    action: string
    wave: number
    diff: { path: string }[]
    reasons: string[]
  }[]
}

const ws = workspaceWithExample()
const local = ['--local', '--local-state', ws.state]
const fastPoll = ['--poll-interval', '100ms']
const env = FAST_LOCAL_CLOUD

const apply = async (...extra: string[]) =>
  runCli(['apply', ws.manifests, ...local, ...fastPoll, '--output', 'json', ...extra], { env })
const planJson = async (...extra: string[]) => {
  const r = await runCli(['plan', ws.manifests, ...local, '--output', 'json', ...extra], { env })
  return { ...r, json: JSON.parse(r.stdout) as PlanJson }
}
const edit = ws.edit

afterAll(() => ws.cleanup())

describe('apply --local on the example system', () => {
  let first: ApplyJson
  beforeAll(async () => {
    const r = await apply()
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    first = JSON.parse(r.stdout) as ApplyJson
  }, 120_000)

  it('succeeds for every resource', () => {
    expect(first.results.map((r) => `${r.kind}/${r.name}:${r.action}:${r.status}`).sort()).toEqual(
      [
        'ChaosSchedule/orders-resilience:create:succeeded',
        'Cluster/shop:create:succeeded',
        'Namespace/shop:create:succeeded',
        'Service/ledger:create:succeeded',
        'Service/orders:create:succeeded',
        'Service/payments:create:succeeded',
        'Service/storefront:create:succeeded',
      ].sort(),
    )
  })

  it('finishes every resource before anything that depends on it starts', () => {
    const { set, graph } = loadExample()
    const byId = new Map(
      first.results.map((r) => [
        set.resources.find((x) => x.kind === r.kind && x.name === r.name)?.id ?? '',
        r,
      ]),
    )
    let checked = 0
    for (const [id, deps] of graph.graph.dependencies) {
      const result = byId.get(id)
      for (const dep of deps) {
        const before = byId.get(dep)
        if (!result?.startedAt || !before?.finishedAt) continue
        expect(Date.parse(result.startedAt), `${id} started before ${dep} finished`).toBeGreaterThanOrEqual(
          Date.parse(before.finishedAt),
        )
        checked++
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10)
  })

  it('then plans no changes, exit 0 with --detailed-exitcode, and leaves the state file byte-identical', async () => {
    const before = readFileSync(ws.state)
    const r = await runCli(['plan', ws.manifests, ...local, '--detailed-exitcode', '--stats'], { env })
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toContain('No changes')
    expect(r.stderr).toMatch(/API calls: \d+/)
    expect(r.stderr).not.toMatch(/\.(Create|Update|Delete|Deregister|Register|Put|Tag|Untag|Start|Stop)\w*\s/)
    expect(readFileSync(ws.state).equals(before)).toBe(true)
  })

  it('an image change updates exactly that service', async () => {
    edit('payments.yaml', 'payments:1.4.2', 'payments:1.5.0')
    const plan = await planJson('--detailed-exitcode')
    expect(plan.code).toBe(2)
    expect(
      plan.json.actions
        .filter((a) => a.action !== 'noop')
        .map((a) => [a.name, a.action, a.diff.map((d) => d.path)]),
    ).toEqual([['payments', 'update', ['taskDefinition.containers.app.image']]])
    const r = await apply()
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect((JSON.parse(r.stdout) as ApplyJson).results.map((x) => [x.name, x.status])).toEqual([
      ['payments', 'succeeded'],
    ])
    expect((await planJson()).json.changes).toBe(0)
  }, 120_000)

  it('a new endpoint on a backend redeploys its clients after it', async () => {
    edit(
      'ledger.yaml',
      '          - port: 80\n            dnsName: ledger',
      '          - port: 8081\n            dnsName: ledger',
    )
    const r = await apply()
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const results = (JSON.parse(r.stdout) as ApplyJson).results
    const ledger = results.find((x) => x.name === 'ledger')
    const storefront = results.find((x) => x.name === 'storefront')
    expect(ledger?.action).toBe('update')
    expect(storefront?.action).toBe('redeploy')
    expect(Date.parse(storefront?.startedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(ledger?.finishedAt ?? ''),
    )
    expect((await planJson()).json.changes).toBe(0)
  }, 120_000)

  it('a failing backend image is rolled back, reported failed, its dependents skipped, exit 1', async () => {
    edit('payments.yaml', 'payments:1.5.0', 'payments:broken-2.0')
    edit('orders.yaml', 'orders:1.4.2', 'orders:1.4.3')
    const r = await runCli(['apply', ws.manifests, ...local, ...fastPoll, '--output', 'json'], {
      env: { ...env, ECS_RECONCILER_LOCAL_FAULTS: JSON.stringify({ failingImages: ['broken'] }) },
    })
    expect(r.code, r.stdout + r.stderr).toBe(1)
    const results = (JSON.parse(r.stdout) as ApplyJson).results
    const payments = results.find((x) => x.name === 'payments')
    expect(payments?.status).toBe('failed')
    expect(payments?.error).toMatch(/rolled back|failed/i)
    const orders = results.find((x) => x.name === 'orders')
    expect(orders?.status).toBe('skipped')
    expect(orders?.error).toContain('payments')

    // The rollback left payments on its previous revision: fixing the manifest converges.
    edit('payments.yaml', 'payments:broken-2.0', 'payments:1.5.0')
    const plan = await planJson()
    expect(plan.json.actions.filter((a) => a.action !== 'noop').map((a) => a.name)).toEqual(['orders'])
    expect((await apply()).code).toBe(0)
    expect((await planJson()).json.changes).toBe(0)
  }, 180_000)

  it('apply prints environment and secret changes as (sensitive), never their values', async () => {
    edit(
      'payments.yaml',
      '          LOG_LEVEL: info\n',
      '          LOG_LEVEL: info\n          API_KEY: apply-secret-123\n',
    )
    edit('payments.yaml', 'shop/payments/db-hUtqTm', 'shop/payments/db-Rotated9')
    const r = await runCli(['apply', ws.manifests, ...local, ...fastPoll], { env })
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.stdout.split('\n')[0]).toBe('region: us-east-1')
    expect(r.stdout).toContain('taskDefinition.containers.app.environment.API_KEY: (unset) → "(sensitive)"')
    expect(r.stdout).toContain(
      'taskDefinition.containers.app.secrets.DATABASE_URL: "(sensitive)" → "(sensitive)"',
    )
    expect(r.stdout + r.stderr).not.toContain('apply-secret-123')
    expect(r.stdout + r.stderr).not.toContain('db-Rotated9')
  }, 120_000)
})
