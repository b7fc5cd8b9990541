/**
 * `verify`, `plan --verify` and `apply` through the real CLI against the target of this run (the local
 * cloud, or moto under `npm run test:moto`), reached through AWS_ENDPOINT_URL and seeded with the
 * ordinary SDK calls: a complete account passes every check; each thing taken away in turn fails
 * exactly its check, naming the resource and its manifest line; apply holds a service whose check
 * fails instead of starting its deployment. What each check expects of AWS is cited in
 * src/verify/rules/*.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DescribeServicesCommand } from '@aws-sdk/client-ecs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, type CliResult } from '../support/cli.js'
import {
  MANIFEST_LINE,
  seedAccount,
  verifiedServiceManifest,
  type SeededAccount,
} from '../support/verify-account.js'
import { openTarget, uniqueName, type Target } from './target.js'

let t: Target
let account: SeededAccount
let manifest: string
let cluster: string
const dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-verify-'))
beforeAll(async () => {
  t = await openTarget()
  account = await seedAccount(t.account, t.region)
  cluster = uniqueName('verify')
  manifest = verifiedServiceManifest(account, t.region).replace('cluster: verify', `cluster: ${cluster}`)
}, 60_000)
afterAll(async () => {
  await t?.close()
  rmSync(dir, { recursive: true, force: true })
})

const env = () => ({
  AWS_ENDPOINT_URL: t.endpoint,
  AWS_REGION: t.region,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
})

let files = 0
function writeManifest(text: string): string {
  const folder = join(dir, `set-${(files += 1)}`)
  rmSync(folder, { recursive: true, force: true })
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, 'api.yaml'), text)
  return folder
}

interface JsonCheck {
  status: string
  check: string
  resource: string
  file: string
  line: number
  reason: string
  hint?: string
}

async function verifyJson(text: string): Promise<{ result: CliResult; checks: JsonCheck[] }> {
  const result = await runCli(['verify', writeManifest(text), '--output', 'json', '--stats'], { env: env() })
  const parsed = JSON.parse(result.stdout || '{"verify": []}') as { verify: JsonCheck[] }
  return { result, checks: parsed.verify }
}

describe('verify on a seeded account', () => {
  it('exits 0 on a complete service, every check passed, one read per kind of resource, no value read', async () => {
    const { result, checks } = await verifyJson(manifest)
    expect(result.stderr).not.toMatch(/\n\s+at /)
    expect(checks.filter((c) => c.status !== 'passed')).toEqual([])
    expect(checks.map((c) => c.check)).toEqual([
      'execution role',
      'task role',
      'image',
      'secret',
      'parameter',
      'log group',
      'subnet',
      'subnet',
      'security group',
      'target group',
      'deployment alarm',
    ])
    expect(result.code).toBe(0)
    // Two subnets, one DescribeSubnets; values of secrets and parameters are never read.
    expect(result.stderr).toMatch(/EC2\.DescribeSubnets\s+ok=1\n/)
    expect(result.stderr).toMatch(/SSM\.DescribeParameters\s+ok=1\n/)
    expect(result.stderr).not.toMatch(/GetSecretValue|GetParameter\b/)
  }, 60_000)

  it('prints one line per check: mark, check, resource, file:line, detail', async () => {
    const folder = writeManifest(manifest.replace(account.executionRole, `${account.executionRole}-gone`))
    const result = await runCli(['verify', folder], { env: env() })
    expect(result.code).toBe(1)
    const name = account.executionRole.split('/').pop() ?? ''
    expect(result.stdout).toContain(
      `✗ execution role — ${name}-gone — ${join(folder, 'api.yaml')}:${MANIFEST_LINE.executionRole} — role does not exist: create role ${name}-gone`,
    )
    expect(result.stdout).toMatch(/^✓ log group — .* — exists$/m)
    expect(result.stdout).toMatch(/^verify: 10 passed, 1 failed, 0 skipped$/m)
  }, 60_000)

  const CASES: [string, (a: SeededAccount, text: string) => string, string, number, RegExp][] = [
    [
      'a role that does not exist',
      (a, x) => x.replace(a.executionRole, `${a.executionRole}-gone`),
      'execution role',
      MANIFEST_LINE.executionRole,
      /does not exist/,
    ],
    [
      'a role that does not trust ECS',
      (a, x) => x.replace(a.taskRole, a.untrustedRole),
      'task role',
      MANIFEST_LINE.taskRole,
      /does not trust ecs-tasks/,
    ],
    [
      'an image tag never pushed',
      (a, x) => x.replace(a.image, a.image.replace(':1.0.0', ':9.9.9')),
      'image',
      MANIFEST_LINE.image,
      /tag 9\.9\.9 not found/,
    ],
    [
      'a secret that does not exist',
      (a, x) => x.replace(a.secretArn, a.secretArn.replace(/-[A-Za-z0-9]{6}$/, '-Gone00')),
      'secret',
      MANIFEST_LINE.secret,
      /secret does not exist/,
    ],
    [
      'a log group that does not exist',
      (a, x) => x.replace(`awslogs-group: ${a.logGroup}`, `awslogs-group: ${a.logGroup}-gone`),
      'log group',
      MANIFEST_LINE.logGroup,
      /does not exist/,
    ],
    [
      'a subnet that does not exist',
      (a, x) => x.replace(a.subnets[1], 'subnet-0000000000gone0'),
      'subnet',
      MANIFEST_LINE.subnets,
      /subnet does not exist/,
    ],
    [
      'a subnet of another VPC',
      (a, x) => x.replace(a.subnets[1], a.otherVpcSubnet),
      'subnet',
      MANIFEST_LINE.subnets,
      /is in vpc-/,
    ],
    [
      'a target group of target type instance',
      (a, x) => x.replace(a.targetGroupArn, a.instanceTargetGroupArn),
      'target group',
      MANIFEST_LINE.targetGroup,
      /target type is instance/,
    ],
    [
      'an alarm that does not exist',
      (a, x) => x.replace(`[${a.alarm}]`, `[${a.alarm}-gone]`),
      'deployment alarm',
      MANIFEST_LINE.alarm,
      /alarm does not exist/,
    ],
  ]

  it.each(CASES)(
    'exits 1 on %s, naming that resource and its manifest line',
    async (_name, edit, check, line, reason) => {
      const { result, checks } = await verifyJson(edit(account, manifest))
      const failed = checks.filter((c) => c.status === 'failed')
      expect(failed.map((c) => [c.check, c.line])).toEqual([[check, line]])
      expect(failed[0]?.reason).toMatch(reason)
      expect(failed[0]?.hint).toBeTruthy()
      expect(result.code).toBe(1)
    },
    60_000,
  )
})

describe('verify before a deploy', () => {
  const withoutRole = () => manifest.replace(account.executionRole, `${account.executionRole}-gone`)

  it('plan --verify adds the checks to the plan (JSON verify list) and exits 1 on a failed one', async () => {
    const result = await runCli(['plan', writeManifest(withoutRole()), '--verify', '--output', 'json'], {
      env: env(),
    })
    const plan = JSON.parse(result.stdout) as { actions: { name: string }[]; verify: JsonCheck[] }
    expect(plan.actions.map((a) => a.name)).toContain('api')
    expect(plan.verify.filter((c) => c.status === 'failed').map((c) => c.check)).toEqual(['execution role'])
    expect(result.code).toBe(1)
  }, 60_000)

  it('apply holds a service whose check fails (status blocked), starting no deployment; exit 1', async () => {
    const clusterDocument = `---\napiVersion: ecs-reconciler/v1alpha1\nkind: Cluster\nmetadata:\n  name: ${cluster}\nspec: {}\n`
    const folder = writeManifest(`${withoutRole()}${clusterDocument}`)
    const result = await runCli(['apply', folder, '--output', 'json', '--no-wait'], {
      env: env(),
      verify: true,
    })
    const results = (
      JSON.parse(result.stdout) as { results: { name: string; status: string; error?: string }[] }
    ).results
    const api = results.find((r) => r.name === 'api')
    expect(api?.status).toBe('blocked')
    expect(api?.error).toMatch(/^blocked: verify: execution role .*-gone: role does not exist/)
    expect(result.code).toBe(1)
    const live = await t.ecs.send(new DescribeServicesCommand({ cluster, services: ['api'] }))
    expect((live.services ?? []).filter((s) => s.status === 'ACTIVE')).toEqual([])
  }, 60_000)

  it('apply --no-verify skips the checks: the same service is created', async () => {
    const clusterDocument = `---\napiVersion: ecs-reconciler/v1alpha1\nkind: Cluster\nmetadata:\n  name: ${cluster}\nspec: {}\n`
    const folder = writeManifest(`${withoutRole()}${clusterDocument}`)
    const result = await runCli(['apply', folder, '--no-verify', '--output', 'json', '--no-wait'], {
      env: env(),
      verify: true,
    })
    const results = (JSON.parse(result.stdout) as { results: { name: string; status: string }[] }).results
    expect(results.find((r) => r.name === 'api')?.status).toBe('succeeded')
    expect(result.code).toBe(0)
  }, 60_000)
})
