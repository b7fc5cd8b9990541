/**
 * The daemon verifies each service before it deploys it: a service whose execution role is missing is
 * held (`blocked: verify`, the check named in /status and in metrics) and nothing depending on it
 * starts; once the role exists, the next pass rolls it out, with no change to the manifests.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateSubnetCommand, CreateVpcCommand } from '@aws-sdk/client-ec2'
import { DescribeServicesCommand } from '@aws-sdk/client-ecs'
import { CreateRoleCommand } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { Cloud } from '../../../src/cloud/ports/index.js'
import { DaemonMetrics } from '../../../src/daemon/metrics.js'
import type { PassRunner } from '../../../src/daemon/reconcile-pass.js'
import type { StatusStore } from '../../../src/daemon/status.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { accountClients, type AccountClients } from '../../support/account-clients.js'
import { clientConfig } from '../../support/local-cloud.js'
import { testPassRunner, testStatusStore } from '../../support/pass-runner.js'
import { ECSClient } from '@aws-sdk/client-ecs'

const dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-verify-hold-'))
const ACCOUNT = '123456789012'
let server: LocalCloud
let cloud: Cloud
let account: AccountClients
let ecs: ECSClient
let runner: PassRunner
let status: StatusStore
let metrics: DaemonMetrics
const never = new AbortController().signal

const service = (name: string, role: string, subnet: string, dependsOn = '') => `---
apiVersion: ecs-reconciler/v1alpha1
kind: Service
metadata:
  name: ${name}
spec:
  cluster: hold
  desiredCount: 1
${dependsOn}  taskDefinition:
    cpu: 256
    memory: 512
    executionRoleArn: arn:aws:iam::${ACCOUNT}:role/${role}
    containers:
      - name: app
        image: public.ecr.aws/nginx/nginx:1.27
  network:
    subnets: [${subnet}]
`

beforeAll(async () => {
  server = await startLocalCloud({
    timing: { taskStartSeconds: 0.2, drainSeconds: 0.2, namespaceCreateSeconds: 0.1 },
  })
  const config = clientConfig(server.endpoint)
  account = accountClients(config)
  ecs = new ECSClient(config)
  const vpc = await account.ec2.send(new CreateVpcCommand({ CidrBlock: '10.70.0.0/16' }))
  const subnet = await account.ec2.send(
    new CreateSubnetCommand({
      VpcId: vpc.Vpc?.VpcId ?? '',
      CidrBlock: '10.70.1.0/24',
      AvailabilityZone: 'us-east-1a',
    }),
  )
  const subnetId = subnet.Subnet?.SubnetId ?? ''
  const ecsTrust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  })
  await account.iam.send(
    new CreateRoleCommand({ RoleName: 'hold-frontend', AssumeRolePolicyDocument: ecsTrust }),
  )
  writeFileSync(
    join(dir, 'services.yaml'),
    `apiVersion: ecs-reconciler/v1alpha1\nkind: Cluster\nmetadata:\n  name: hold\nspec: {}\n` +
      service('backend', 'hold-backend', subnetId) +
      service('frontend', 'hold-frontend', subnetId, '  dependsOn: [backend]\n'),
  )
  cloud = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
  metrics = new DaemonMetrics([])
  status = testStatusStore()
  runner = testPassRunner({ cloud, manifests: dir, metrics, status, settings: { verify: true, settleMs: 0 } })
}, 60_000)

afterAll(async () => {
  cloud?.close()
  account?.destroy()
  ecs?.destroy()
  await server?.close()
  rmSync(dir, { recursive: true, force: true })
})

const entry = (name: string) => status.resourceEntries().find((r) => r.id === `Service/hold/${name}`)
const activeServices = async (): Promise<string[]> => {
  // Just created, the cluster may not read back yet (the suite's consistency lag): it then has no services either.
  const out = await ecs
    .send(new DescribeServicesCommand({ cluster: 'hold', services: ['backend', 'frontend'] }))
    .catch((err: { name?: string }) => {
      if (err.name === 'ClusterNotFoundException') return { services: [] }
      throw err
    })
  return (out.services ?? []).filter((s) => s.status === 'ACTIVE').map((s) => s.serviceName ?? '')
}

describe('daemon: verify holds a service until the account is fixed', () => {
  it('holds a service whose execution role is missing (blocked: verify), and what depends on it', async () => {
    const pass = await runner.run(['startup'], never)
    expect(pass.outcome).toBe('failure')
    expect(entry('backend')).toMatchObject({ status: 'blocked', lastAction: 'create' })
    expect(entry('backend')?.error).toMatch(
      /^blocked: verify: execution role hold-backend: role does not exist/,
    )
    expect(entry('backend')?.verify?.map((c) => [c.check, c.resource])).toEqual([
      ['execution role', 'hold-backend'],
    ])
    expect(entry('frontend')).toMatchObject({
      status: 'skipped',
      error: 'Service backend is blocked: verify',
    })
    expect(await activeServices()).toEqual([])
    const text = await metrics.render()
    expect(text).toMatch(/^ecs_reconciler_resources\{kind="Service",status="blocked"\} 1$/m)
    expect(text).toMatch(
      /^ecs_reconciler_verify_failed_checks_total\{kind="Service",check="execution role"\} 1$/m,
    )
  }, 60_000)

  it('rolls it out on the next pass once the role exists, with no change to the manifests', async () => {
    await account.iam.send(
      new CreateRoleCommand({
        RoleName: 'hold-backend',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    )
    const pass = await runner.run(['resync'], never)
    expect(entry('backend')).toMatchObject({ status: 'synced' })
    expect(entry('frontend')).toMatchObject({ status: 'synced' })
    expect(pass.outcome).toBe('success')
    expect((await activeServices()).sort()).toEqual(['backend', 'frontend'])
  }, 60_000)
})
