/** End to end: `validate` on every corpus case — exit 1, the rule at file:line:col, no stack trace, no hang. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'
import { corpusCases, WARNING_RULES } from '../support/corpus.js'
import { EXAMPLES_DIR } from '../support/manifests.js'

const cases = corpusCases()

describe('ecs-reconciler validate', () => {
  it('a path with no manifests is an error, not a clean bill of health', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ecs-reconciler-empty-'))
    try {
      const r = await runCli(['validate', empty])
      expect(r.code).toBe(1)
      expect(r.stderr).toContain(`no manifests found under ${empty}`)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }
  })

  it('exits 0 on the examples', async () => {
    const r = await runCli(['validate', EXAMPLES_DIR])
    expect(r.code, r.stdout).toBe(0)
    expect(r.stdout).toMatch(/0 errors, 0 warnings; 7 resources/)
  })

  it('prints JSON with --output json', async () => {
    const r = await runCli([
      'validate',
      cases.find((c) => c.rule === 'sc/port-name')?.dir ?? '',
      '--output',
      'json',
    ])
    expect(r.code).toBe(1)
    const json = JSON.parse(r.stdout) as {
      valid: boolean
      issues: { rule: string; line: number; col: number; hint: string }[]
    }
    expect(json.valid).toBe(false)
    expect(json.issues.find((i) => i.rule === 'sc/port-name')).toMatchObject({
      line: expect.any(Number) as number,
      col: expect.any(Number) as number,
      hint: expect.any(String) as string,
    })
  })

  // Two at a time (CI has two cores): each is its own process, as a user would run it. Timing is
  // measured in bench/ (validate-corpus); here a case only fails for a hang.
  it('reports every corpus case at its line with its rule', async () => {
    const pending = [...cases]
    const failures: string[] = []
    const slow: string[] = []
    const worker = async (): Promise<void> => {
      for (let c = pending.shift(); c; c = pending.shift()) {
        const started = Date.now()
        const r = await runCli(['validate', c.dir])
        const ms = Date.now() - started
        if (ms > 15_000) slow.push(`${c.name}: ${ms} ms`)
        const expectedCode = WARNING_RULES.has(c.rule) ? 0 : 1
        const located = new RegExp(
          `${c.file.replace('.', '\\.')}:${c.line}:\\d+: (error|warning) \\[${c.rule.replace('/', '\\/')}\\]`,
        )
        if (r.code !== expectedCode) failures.push(`${c.name}: exit ${String(r.code)}`)
        if (!located.test(r.stdout)) {
          failures.push(`${c.name}: no ${c.rule} at ${c.file}:${c.line} in\n${r.stdout}`)
        }
        if (/\n\s+at \S+ \(/.test(r.stdout + r.stderr)) failures.push(`${c.name}: stack trace`)
      }
    }
    await Promise.all([worker(), worker()])
    expect(failures).toEqual([])
    expect(slow).toEqual([])
  }, 120_000)
})
