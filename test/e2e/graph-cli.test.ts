/** End to end: `graph` in its three formats, and `schema`. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli, runSeed } from '../support/cli.js'
import { examplesSnapshot } from '../support/example.js'
import { EXAMPLES_DIR } from '../support/manifests.js'

describe('ecs-reconciler graph', () => {
  it('of an environment says which documents its unread lookups leave out, and --lookups puts them in', async () => {
    const cwd = join(examplesSnapshot(), 'shop')
    const without = await runCli(['graph', 'envs/staging'], { cwd })
    expect(without.code, without.stderr).toBe(0)
    expect(without.stdout).not.toContain('Service/shop/storefront')
    expect(without.stderr).toContain(
      'envs/staging/services.yaml:13:16: warning [environment/lookup-deferred] not checked: ${ssm:/shop/staging/storefront-version}',
    )
    const dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-graph-'))
    try {
      const state = join(dir, 'state.json')
      expect((await runSeed(['--quiet', '--local-state', state])).code).toBe(0)
      const withLookups = await runCli(
        ['graph', 'envs/staging', '--lookups', '--local', '--local-state', state],
        {
          cwd,
        },
      )
      expect(withLookups.code, withLookups.stderr).toBe(0)
      expect(withLookups.stderr).toBe('')
      expect(withLookups.stdout).toMatch(
        /Service\/shop\/storefront {2}← .*Service\/orders \(service-connect\)/,
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('--format mermaid puts every backend in an earlier wave than the frontend', async () => {
    const r = await runCli(['graph', EXAMPLES_DIR, '--format', 'mermaid'])
    expect(r.code, r.stderr).toBe(0)
    const waveOf = (name: string): number => {
      const lines = r.stdout.split('\n')
      let wave = -1
      for (const line of lines) {
        const header = /subgraph wave(\d+)/.exec(line)
        if (header) wave = Number(header[1])
        if (line.includes(`["Service/${name}"]`)) return wave
      }
      throw new Error(`${name} not in the graph:\n${r.stdout}`)
    }
    expect(r.stdout.startsWith('flowchart LR')).toBe(true)
    for (const backend of ['ledger', 'payments', 'orders']) {
      expect(waveOf(backend)).toBeLessThan(waveOf('storefront'))
    }
    expect(waveOf('ledger')).toBeLessThan(waveOf('payments'))
    expect(r.stdout).toContain('-->|service-connect|')
  })

  it('--format dot is a digraph with the dependency edges', async () => {
    const r = await runCli(['graph', EXAMPLES_DIR, '--format', 'dot'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^digraph ecs_reconciler \{/)
    expect(r.stdout).toContain('"Service/shop/payments" -> "Service/shop/orders" [label="dependsOn"]')
  })

  it('text lists waves in order with the reason of each edge', async () => {
    const r = await runCli(['graph', EXAMPLES_DIR])
    expect(r.code).toBe(0)
    expect(r.stdout.indexOf('Namespace/shop')).toBeLessThan(r.stdout.indexOf('Service/shop/ledger'))
    expect(r.stdout).toContain('Service/shop/storefront  ←')
  })

  it('exits 1 with the problems when the manifests are invalid', async () => {
    const r = await runCli(['graph', '/nonexistent/manifests'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('file/not-found')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('an unknown format is refused with a clear message', async () => {
    const r = await runCli(['graph', EXAMPLES_DIR, '--format', 'png'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/Allowed choices are text, mermaid, dot/)
  })
})

describe('ecs-reconciler schema', () => {
  it('prints a JSON Schema with one branch per kind', async () => {
    const r = await runCli(['schema'])
    expect(r.code).toBe(0)
    const schema = JSON.parse(r.stdout) as { $schema: string; oneOf?: unknown[]; anyOf?: unknown[] }
    expect(schema.$schema).toContain('2020-12')
    expect((schema.oneOf ?? schema.anyOf ?? []).length).toBe(4)
  })
})
