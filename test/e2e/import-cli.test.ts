/**
 * End to end: `ecs-reconciler import` as docs/cli.md shows it. After the example is applied,
 * `import --local --cluster shop --namespace shop --out imported/` writes manifests that validate clean
 * and plan with no changes; it only reads (every AWS call it makes is a Describe/List/Get); it refuses to
 * overwrite files unless --force; bad input is a clear error.
 */
import { chmodSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAST_LOCAL_CLOUD, runCli, workspaceWithExample } from '../support/cli.js'

const ws = workspaceWithExample()
const local = ['--local', '--local-state', ws.state]
const env = FAST_LOCAL_CLOUD
const out = join(ws.dir, 'imported')
const importArgs = ['import', ...local, '--cluster', 'shop', '--namespace', 'shop', '--out', out]

afterAll(() => ws.cleanup())

beforeAll(async () => {
  const r = await runCli(['apply', ws.manifests, ...local, '--poll-interval', '100ms'], { env })
  expect(r.code, r.stdout + r.stderr).toBe(0)
}, 120_000)

describe('import --local after the demo', () => {
  it('writes one file per service plus cluster.yaml and namespaces.yaml, reading only', async () => {
    const r = await runCli([...importArgs, '--stats'], { env })
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(readdirSync(out).sort()).toEqual([
      'cluster.yaml',
      'ledger.yaml',
      'namespaces.yaml',
      'orders.yaml',
      'payments.yaml',
      'storefront.yaml',
    ])
    // They may hold environment values: readable by their owner only, and the output says so.
    for (const file of readdirSync(out)) expect(statSync(join(out, file)).mode & 0o777, file).toBe(0o600)
    expect(r.stdout).toContain('readable by you only (mode 0600)')
    expect(r.stdout).toContain('Imported 1 cluster(s), 1 namespace(s), 4 service(s).')
    expect(r.stdout).toContain('Nothing was left out')
    // The read-only clients refuse writes; what was sent proves none was even tried.
    const operations = [...r.stderr.matchAll(/^\s+([A-Za-z]+\.[A-Za-z]+)\s/gm)].map((m) => m[1] ?? '')
    expect(operations.length).toBeGreaterThan(0)
    expect(operations.filter((op) => !/\.(Describe|List|Get)/.test(op))).toEqual([])
    // Defaults are left out, maps stay maps, secrets stay references.
    const orders = readFileSync(join(out, 'orders.yaml'), 'utf8')
    expect(orders).not.toMatch(
      /minimumHealthyPercent|maximumPercent|essential: true|operatingSystemFamily|healthCheckGracePeriodSeconds/,
    )
    expect(orders).toContain('DATABASE_URL: arn:aws:secretsmanager:')
    expect(orders).toContain('PORT: "8080"')
  }, 60_000)

  it('the imported manifests validate clean and plan with no changes', async () => {
    const v = await runCli(['validate', out], { env })
    expect(v.code, v.stdout + v.stderr).toBe(0)
    expect(v.stdout).toContain('0 errors, 0 warnings')
    const p = await runCli(['plan', out, ...local, '--adopt', '--detailed-exitcode'], { env })
    expect(p.code, p.stdout + p.stderr).toBe(0)
    expect(p.stdout).toContain('No changes.')
  }, 60_000)

  it('refuses to overwrite existing files without --force, and overwrites with it', async () => {
    const before = readFileSync(join(out, 'ledger.yaml'), 'utf8')
    const refused = await runCli(importArgs, { env })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('would overwrite')
    expect(refused.stderr).toContain('--force')
    expect(refused.stderr).not.toMatch(/\n\s+at /)
    chmodSync(join(out, 'ledger.yaml'), 0o644)
    const forced = await runCli([...importArgs, '--force'], { env })
    expect(forced.code, forced.stderr).toBe(0)
    expect(readFileSync(join(out, 'ledger.yaml'), 'utf8')).toBe(before)
    // An overwritten file is made owner-only too, whatever its mode was.
    expect(statSync(join(out, 'ledger.yaml')).mode & 0o777).toBe(0o600)
  }, 60_000)

  it('--include-chaos writes the FIS template as a suspended ChaosSchedule with a placeholder schedule', async () => {
    const dir = join(ws.dir, 'with-chaos')
    const r = await runCli(['import', ...local, '--cluster', 'shop', '--out', dir, '--include-chaos'], {
      env,
    })
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const chaos = readFileSync(join(dir, 'chaos.yaml'), 'utf8')
    expect(chaos).toMatch(/schedule: .* # placeholder/)
    expect(chaos).toMatch(/suspend: true # /)
    expect(chaos).toContain('service: orders')
    const v = await runCli(['validate', dir], { env })
    expect(v.code, v.stdout + v.stderr).toBe(0)
  }, 60_000)

  it('--all-clusters imports every cluster of the region', async () => {
    const dir = join(ws.dir, 'all')
    const r = await runCli(['import', ...local, '--all-clusters', '--out', dir], { env })
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(readFileSync(join(dir, 'cluster.yaml'), 'utf8')).toContain('name: shop')
    expect(existsSync(join(dir, 'storefront.yaml'))).toBe(true)
  }, 60_000)

  it('an unknown cluster or a missing --out is a clear error, and nothing is written', async () => {
    const dir = join(ws.dir, 'nothing')
    const unknown = await runCli(['import', ...local, '--cluster', 'nope', '--out', dir], { env })
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('no ACTIVE cluster named "nope"')
    expect(existsSync(dir)).toBe(false)
    const noOut = await runCli(['import', ...local, '--cluster', 'shop'], { env })
    expect(noOut.code).toBe(1)
    expect(noOut.stderr).toContain('--out')
  }, 60_000)
})
