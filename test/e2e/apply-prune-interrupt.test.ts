/** End to end: pruning order and fences, and an interrupted apply that a rerun finishes. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FAST_LOCAL_CLOUD, runCli, workspaceWithExample } from '../support/cli.js'

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

const ws = workspaceWithExample()
const local = ['--local', '--local-state', ws.state]
const fastPoll = ['--poll-interval', '100ms']
const env = FAST_LOCAL_CLOUD
afterAll(() => ws.cleanup())

describe('interrupt, rerun, prune', () => {
  it('SIGINT during apply starts nothing new, reports what was done, and a rerun converges', async () => {
    let sent = false
    const r = await runCli(['apply', ws.manifests, ...local], {
      env,
      onStdout: (chunk, child) => {
        // Interrupt once the first service wave is under way.
        if (!sent && /wave 3:/.test(chunk)) {
          sent = true
          child.kill('SIGINT')
        }
      },
    })
    expect(sent).toBe(true)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('interrupted')
    expect(r.stdout).toMatch(/skipped/)
    expect(r.stdout).not.toMatch(/\n\s+at /)

    const rerun = await runCli(['apply', ws.manifests, ...local, ...fastPoll, '--output', 'json'], { env })
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0)
    const results = (JSON.parse(rerun.stdout) as ApplyJson).results
    expect(results.length).toBeGreaterThan(0)
    expect(results.every((x) => x.status === 'succeeded')).toBe(true)
    const plan = await runCli(['plan', ws.manifests, ...local, '--detailed-exitcode'], { env })
    expect(plan.code, plan.stdout).toBe(0)
  }, 180_000)

  it('prune removes only managed resources: chaos, then clients, then servers, namespaces last', async () => {
    for (const f of ['storefront.yaml', 'orders.yaml', 'chaos.yaml', 'payments.yaml', 'ledger.yaml']) {
      rmSync(join(ws.manifests, f))
    }
    // Keep the cluster, drop the namespace from the manifests (the cluster's default namespace goes too).
    const clusterFile = join(ws.manifests, 'cluster.yaml')
    const text = readFileSync(clusterFile, 'utf8')
    writeFileSync(
      clusterFile,
      text.split('---')[0]!.replace('  serviceConnectDefaults:\n    namespace: shop\n', ''),
    )

    // Without --prune, plan warns about every managed resource of every kind that left the manifests.
    const warned = await runCli(['plan', ws.manifests, ...local], { env })
    expect(warned.code, warned.stderr).toBe(0)
    for (const id of [
      'ChaosSchedule/orders-resilience',
      'Namespace/shop',
      'Service/shop/ledger',
      'Service/shop/storefront',
    ]) {
      expect(warned.stdout).toContain(id)
    }

    // Over --max-deletes: plan shows the deletes as blocked, apply deletes nothing and exits 1.
    const blockedPlan = await runCli(['plan', ws.manifests, ...local, '--prune'], { env })
    expect(blockedPlan.code, blockedPlan.stderr).toBe(0)
    expect(blockedPlan.stdout).toMatch(/deletes blocked — 6 deletes exceed --max-deletes 5/)
    expect(blockedPlan.stdout).toMatch(/- Service shop\/ledger\s+delete blocked/)
    expect(blockedPlan.stdout).not.toMatch(/No changes\. Live state matches/)
    const refused = await runCli(
      ['apply', ws.manifests, ...local, ...fastPoll, '--prune', '--output', 'json'],
      { env },
    )
    expect(refused.code, refused.stdout + refused.stderr).toBe(1)
    expect(refused.stdout).not.toContain('"delete"')

    const r = await runCli(
      ['apply', ws.manifests, ...local, ...fastPoll, '--prune', '--max-deletes', '10', '--output', 'json'],
      { env },
    )
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const deletes = (JSON.parse(r.stdout) as ApplyJson).results.filter((x) => x.action === 'delete')
    const waveOf = (name: string): number => deletes.find((d) => d.name === name)?.wave ?? -1
    expect(deletes.map((d) => d.name).sort()).toEqual([
      'ledger',
      'orders',
      'orders-resilience',
      'payments',
      'shop',
      'storefront',
    ])
    expect(waveOf('orders-resilience')).toBeLessThan(waveOf('storefront'))
    expect(waveOf('storefront')).toBeLessThan(waveOf('ledger'))
    expect(waveOf('ledger')).toBeLessThan(waveOf('shop'))
    expect(deletes.every((d) => d.status === 'succeeded')).toBe(true)
    const plan = await runCli(['plan', ws.manifests, ...local, '--prune', '--detailed-exitcode'], { env })
    expect(plan.code, plan.stdout).toBe(0)
  }, 180_000)
})
