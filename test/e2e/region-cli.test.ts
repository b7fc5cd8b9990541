/**
 * End to end: without --local and --region, `plan` takes the region of the selected profile in the
 * shared config file (AWS_CONFIG_FILE, AWS_PROFILE), as the AWS CLI does, and prints it; with no region
 * anywhere it stops with a hint instead of planning against a default region. The standalone local cloud,
 * reached through AWS_ENDPOINT_URL, serves whatever region a request is signed for.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, workspaceWithExample } from '../support/cli.js'
import { startLocalCloud, type LocalCloud } from '../../src/localcloud/index.js'

const ws = workspaceWithExample()
const dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-region-e2e-'))
let cloud: LocalCloud

/** Everything on the machine that could name a region or credentials is kept from the child. */
const UNSET = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_EC2_METADATA_SERVICE_ENDPOINT',
]

function awsEnv(config: string, extra: Record<string, string> = {}): Record<string, string> {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}`)
  writeFileSync(file, config)
  return {
    AWS_CONFIG_FILE: file,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    // Instance metadata is the chain's last source; off here so nothing leaves loopback.
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: cloud.endpoint,
    ...extra,
  }
}

beforeAll(async () => {
  cloud = await startLocalCloud({ clock: 'real' })
})

afterAll(async () => {
  await cloud.close()
  ws.cleanup()
  rmSync(dir, { recursive: true, force: true })
})

describe('region resolution of plan against a standalone endpoint', () => {
  it("plans in the profile's region and prints it in the header and in JSON", async () => {
    const env = awsEnv(
      '[profile eu]\nregion = eu-west-1\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = example\n',
      { AWS_PROFILE: 'eu' },
    )
    const text = await runCli(['plan', ws.manifests], { env, unset: UNSET })
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout.split('\n')[0]).toBe('region: eu-west-1')
    const json = await runCli(['plan', ws.manifests, '--output', 'json'], { env, unset: UNSET })
    expect(json.code, json.stderr).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({ region: 'eu-west-1' })
  }, 60_000)

  it('with no region anywhere exits 1 with how to set one, and no stack trace', async () => {
    const r = await runCli(['plan', ws.manifests], {
      env: awsEnv('', { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example' }),
      unset: UNSET,
    })
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^error: no AWS region configured/m)
    expect(r.stderr).toMatch(/^hint: .*--region.*AWS_REGION.*region = /m)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  }, 60_000)
})
