/**
 * The demo passes `verify`: scripts/seed-demo.mjs creates in the embedded local cloud's state file
 * what the example shop names outside its manifests (roles with their trust, secrets, log groups,
 * the stop-condition alarm), with the SDK calls a user makes in AWS; then `verify` on the example
 * exits 0 with every check passed or skipped with its reason, and `apply` deploys it with the
 * account checks on (no `--no-verify`). Taking away from the account, in turn, a role, its trust, a
 * secret, a log group, the alarm or a subnet fails exactly that check, at the manifest line naming it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DeleteAlarmsCommand } from '@aws-sdk/client-cloudwatch'
import { DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DeleteSubnetCommand } from '@aws-sdk/client-ec2'
import { DeleteRoleCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam'
import { DeleteSecretCommand } from '@aws-sdk/client-secrets-manager'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAST_LOCAL_CLOUD, runCli, runSeed, type CliResult } from '../support/cli.js'
import { shopExampleDir } from '../support/example.js'
import { startWithClients, type Clients } from '../support/local-cloud.js'

const dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-demo-seed-'))
const state = join(dir, 'local-cloud.json')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const seed = (args: readonly string[] = ['--local-state', state]): Promise<CliResult> => runSeed(args)

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

describe('the seeded demo, with one thing taken away from the account at a time', () => {
  let c: Clients
  beforeAll(async () => {
    c = await startWithClients()
    const seeded = await seed(['--endpoint', c.cloud.endpoint])
    expect(seeded.code).toBe(0)
  }, 60_000)
  afterAll(async () => c?.close())

  const env = () => ({
    AWS_ENDPOINT_URL: c.cloud.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  })
  const trust = (service: string): string =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
    })

  const CASES: [string, () => Promise<unknown>, string, string, RegExp, () => Promise<unknown>][] = [
    [
      'a role',
      () => c.account.iam.send(new DeleteRoleCommand({ RoleName: 'shop-ledger' })),
      'task role',
      'shop-ledger',
      /does not exist/,
      () => seed(['--endpoint', c.cloud.endpoint]),
    ],
    [
      'its trust in ECS',
      () =>
        c.account.iam.send(
          new UpdateAssumeRolePolicyCommand({
            RoleName: 'shop-ledger',
            PolicyDocument: trust('ec2.amazonaws.com'),
          }),
        ),
      'task role',
      'shop-ledger',
      /does not trust ecs-tasks\.amazonaws\.com/,
      () =>
        c.account.iam.send(
          new UpdateAssumeRolePolicyCommand({
            RoleName: 'shop-ledger',
            PolicyDocument: trust('ecs-tasks.amazonaws.com'),
          }),
        ),
    ],
    [
      'a secret',
      () =>
        c.account.secrets.send(
          new DeleteSecretCommand({ SecretId: 'shop/ledger/db', ForceDeleteWithoutRecovery: true }),
        ),
      'secret',
      'shop/ledger/db',
      /secret does not exist/,
      () => seed(['--endpoint', c.cloud.endpoint]),
    ],
    [
      'a log group',
      () => c.account.logs.send(new DeleteLogGroupCommand({ logGroupName: '/shop/ledger' })),
      'log group',
      '/shop/ledger',
      /does not exist/,
      () => seed(['--endpoint', c.cloud.endpoint]),
    ],
    [
      'the stop-condition alarm',
      () => c.account.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: ['shop-orders-5xx'] })),
      'stop condition alarm',
      'shop-orders-5xx',
      /alarm does not exist/,
      () => seed(['--endpoint', c.cloud.endpoint]),
    ],
    [
      // Last: the default VPC's subnet ids cannot be created again.
      'a subnet',
      () => c.account.ec2.send(new DeleteSubnetCommand({ SubnetId: 'subnet-0a1b2c3d4e5f60002' })),
      'subnet',
      'subnet-0a1b2c3d4e5f60002',
      /subnet does not exist/,
      () => Promise.resolve(),
    ],
  ]

  it.each(CASES)(
    'without %s, verify exits 1 naming that resource and the manifest line that references it',
    async (_name, takeAway, check, name, reason, restore) => {
      await takeAway()
      const r = await runCli(['verify', '--output', 'json', shopExampleDir()], { env: env() })
      const checks = (JSON.parse(r.stdout) as { verify: (Check & { file: string; line: number })[] }).verify
      const failed = checks.filter((x) => x.status === 'failed')
      expect(failed.length).toBeGreaterThan(0)
      for (const f of failed) {
        expect([f.check, f.resource]).toEqual([check, expect.stringContaining(name)])
        expect(f.reason).toMatch(reason)
        // file:line is where the manifest names it.
        expect(readFileSync(f.file, 'utf8').split('\n')[f.line - 1]).toContain(name)
      }
      expect(r.code).toBe(1)
      await restore()
      if (check !== 'subnet') {
        expect((await runCli(['verify', shopExampleDir()], { env: env() })).code).toBe(0)
      }
    },
    120_000,
  )
})
