/**
 * `verify` on bad input: no manifests, or manifests that do not load, is exit 1 with a clear message
 * and no stack trace, before any AWS call. (Its checks against an account: test/conformance/verify-account.test.ts.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-verify-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// No AWS is reachable: an endpoint nothing listens on, so a read attempted would fail the test's expectations.
const env = {
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'x',
  AWS_SECRET_ACCESS_KEY: 'x',
}

describe('verify on bad input', () => {
  it('exits 1 when no manifests are found, saying where it looked', async () => {
    const r = await runCli(['verify', dir], { env })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^error: no manifests found under .*ecs-reconciler-verify-cli-/m)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  }, 60_000)

  it('exits 1 on a manifest that does not load, with its file:line, and reads nothing', async () => {
    writeFileSync(
      join(dir, 'bad.yaml'),
      'apiVersion: ecs-reconciler/v1alpha1\nkind: Service\nmetadata:\n  name: api\nspec:\n  desiredCount: many\n',
    )
    const r = await runCli(['verify', dir, '--stats'], { env })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/bad\.yaml:6:/)
    expect(r.stderr).not.toMatch(/API calls/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  }, 60_000)
})
