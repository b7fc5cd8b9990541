/**
 * `verify` through our account adapters against the target of this run (the local cloud, or moto under
 * `npm run test:moto`), seeded with the ordinary SDK calls: a complete account passes every check, and
 * each thing taken away in turn fails exactly its check at its manifest line. What each check expects
 * of AWS is cited in src/reconciler/verify/rules/*.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateFiles } from '../../src/manifest/validate.js'
import { verifyResources } from '../../src/reconciler/verify/verify.js'
import type { VerifyCheck } from '../../src/reconciler/verify/types.js'
import {
  MANIFEST_LINE,
  seedAccount,
  verifiedServiceManifest,
  type SeededAccount,
} from '../support/verify-account.js'
import { openTarget, type Target } from './target.js'

let t: Target
let account: SeededAccount
let manifest: string
beforeAll(async () => {
  t = await openTarget()
  account = await seedAccount(t.account, t.region)
  manifest = verifiedServiceManifest(account, t.region)
}, 60_000)
afterAll(async () => {
  await t?.close()
})

async function verify(text: string): Promise<VerifyCheck[]> {
  const loaded = validateFiles([{ file: 'api.yaml', text }])
  expect(loaded.issues.filter((i) => i.severity === 'error')).toEqual([])
  return verifyResources(loaded.set.resources, t.cloud.account, { region: t.region })
}

describe('verify on a seeded account', () => {
  it('passes every check of a complete service, reading each kind of resource in one batch', async () => {
    const before = t.cloud.stats.snapshot()
    const checks = await verify(manifest)
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
    const after = t.cloud.stats.snapshot()
    const calls = (op: string) => (after[op]?.['ok'] ?? 0) - (before[op]?.['ok'] ?? 0)
    // Two subnets, one DescribeSubnets; values of secrets and parameters are never read.
    expect(calls('EC2.DescribeSubnets')).toBe(1)
    expect(calls('SSM.DescribeParameters')).toBe(1)
    expect(Object.keys(after).filter((op) => /GetSecretValue|GetParameter/.test(op))).toEqual([])
  })

  const missing = (edit: (a: SeededAccount, text: string) => string) => (text: string) => edit(account, text)
  const CASES: [string, (text: string) => string, string, number, RegExp][] = [
    [
      'a role that does not exist',
      missing((a, x) => x.replace(a.executionRole, `${a.executionRole}-gone`)),
      'execution role',
      MANIFEST_LINE.executionRole,
      /does not exist/,
    ],
    [
      'a role that does not trust ECS',
      missing((a, x) => x.replace(a.taskRole, a.untrustedRole)),
      'task role',
      MANIFEST_LINE.taskRole,
      /does not trust ecs-tasks/,
    ],
    [
      'an image tag never pushed',
      missing((a, x) => x.replace(a.image, a.image.replace(':1.0.0', ':9.9.9'))),
      'image',
      MANIFEST_LINE.image,
      /tag 9\.9\.9 not found/,
    ],
    [
      'a secret that does not exist',
      missing((a, x) => x.replace(a.secretArn, a.secretArn.replace(/-[A-Za-z0-9]{6}$/, '-Gone00'))),
      'secret',
      MANIFEST_LINE.secret,
      /secret does not exist/,
    ],
    [
      'a log group that does not exist',
      missing((a, x) => x.replace(`awslogs-group: ${a.logGroup}`, `awslogs-group: ${a.logGroup}-gone`)),
      'log group',
      MANIFEST_LINE.logGroup,
      /does not exist/,
    ],
    [
      'a subnet that does not exist',
      missing((a, x) => x.replace(a.subnets[1], 'subnet-0000000000gone0')),
      'subnet',
      MANIFEST_LINE.subnets,
      /subnet does not exist/,
    ],
    [
      'a subnet of another VPC',
      missing((a, x) => x.replace(a.subnets[1], a.otherVpcSubnet)),
      'subnet',
      MANIFEST_LINE.subnets,
      /is in vpc-/,
    ],
    [
      'a target group of target type instance',
      missing((a, x) => x.replace(a.targetGroupArn, a.instanceTargetGroupArn)),
      'target group',
      MANIFEST_LINE.targetGroup,
      /target type is instance/,
    ],
    [
      'an alarm that does not exist',
      missing((a, x) => x.replace(`[${a.alarm}]`, `[${a.alarm}-gone]`)),
      'deployment alarm',
      MANIFEST_LINE.alarm,
      /alarm does not exist/,
    ],
  ]

  it.each(CASES)(
    'fails on %s, naming that resource and its manifest line',
    async (_name, edit, check, line, reason) => {
      const checks = await verify(edit(manifest))
      const failed = checks.filter((c) => c.status === 'failed')
      expect(failed.map((c) => c.check)).toEqual([check])
      expect(failed[0]?.position.line).toBe(line)
      expect(failed[0]?.reason).toMatch(reason)
    },
  )
})
