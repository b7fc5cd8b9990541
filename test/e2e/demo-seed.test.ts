/**
 * The demo passes `verify`: scripts/seed-demo.mjs creates in the embedded local cloud's state file
 * what the example shop names outside its manifests (roles with their trust, secrets, log groups,
 * the stop-condition alarm), with the SDK calls a user makes in AWS; then `verify` on the example
 * exits 0 with every check passed or skipped with its reason, and `apply` deploys it with the
 * account checks on (no `--no-verify`).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FAST_LOCAL_CLOUD, runCli, type CliResult } from '../support/cli.js'
import { shopExampleDir } from '../support/example.js'

const SEED = resolve(import.meta.dirname, '../../scripts/seed-demo.mjs')
const dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-demo-seed-'))
const state = join(dir, 'local-cloud.json')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function seed(): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [SEED, '--local-state', state], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }))
  })
}

interface Check {
  readonly status: 'passed' | 'failed' | 'skipped'
  readonly check: string
  readonly resource: string
  readonly reason: string
}

const verifyJson = async (): Promise<{ code: number | null; checks: Check[] }> => {
  const r = await runCli(['verify', '--local', '--local-state', state, '--output', 'json', shopExampleDir()])
  return { code: r.code, checks: (JSON.parse(r.stdout) as { verify: Check[] }).verify }
}

describe('the seeded demo', () => {
  it('fails verify before the seed, naming what is missing', async () => {
    const { code, checks } = await verifyJson()
    expect(code).toBe(1)
    const failed = new Set(checks.filter((c) => c.status === 'failed').map((c) => c.check))
    expect([...failed].sort()).toEqual([
      'FIS role',
      'execution role',
      'log group',
      'secret',
      'stop condition alarm',
      'task role',
    ])
  }, 120_000)

  it('passes verify after the seed: every check passed, or skipped with its reason', async () => {
    const seeded = await seed()
    expect({ code: seeded.code, stderr: seeded.stderr }).toEqual({ code: 0, stderr: '' })
    expect(seeded.stdout).toContain('role shop-task-execution: created')
    const { code, checks } = await verifyJson()
    expect(checks.filter((c) => c.status === 'failed')).toEqual([])
    // Only the images are skipped: public.ecr.aws is not a registry verify can read.
    const skipped = checks.filter((c) => c.status === 'skipped')
    expect(skipped.length).toBeGreaterThan(0)
    for (const c of skipped) {
      expect(c.check).toBe('image')
      expect(c.reason).toMatch(/public\.ecr\.aws is not a private ECR registry/)
    }
    expect(new Set(checks.filter((c) => c.status === 'passed').map((c) => c.check))).toEqual(
      new Set([
        'FIS role',
        'stop condition alarm',
        'execution role',
        'task role',
        'secret',
        'log group',
        'subnet',
        'security group',
      ]),
    )
    expect(code).toBe(0)
  }, 120_000)

  it('is safe to run again, and apply deploys the example with the account checks on', async () => {
    const again = await seed()
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('role shop-task-execution: exists')
    const r = await runCli(
      ['apply', '--local', '--local-state', state, '--yes', '--output', 'json', shopExampleDir()],
      { env: FAST_LOCAL_CLOUD, verify: true, timeoutMs: 300_000 },
    )
    const results = (JSON.parse(r.stdout) as { results: { id: string; status: string }[] }).results
    expect(results.filter((x) => x.status !== 'succeeded')).toEqual([])
    expect(results.length).toBeGreaterThanOrEqual(7)
    expect(r.code).toBe(0)
  }, 300_000)
})
