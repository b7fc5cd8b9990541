/**
 * The daemon reads an environment's `${ssm:…}` lookups again every pass, through the same SDK
 * clients as every other read: an edited parameter shows as a change on the next pass; a deleted one
 * makes the set invalid, names the reference in /status and metrics, and changes nothing.
 * GetParameters lists a name that does not exist in InvalidParameters
 * (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DeleteParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { Cloud } from '../../../src/cloud/ports/index.js'
import { DaemonMetrics } from '../../../src/daemon/metrics.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { accountClients } from '../../support/account-clients.js'
import { examplesSnapshot } from '../../support/example.js'
import { seedAccount } from '../../support/verify-account.js'
import { testPassRunner, testStatusStore } from '../../support/pass-runner.js'

const repo = mkdtempSync(join(tmpdir(), 'lookups-daemon-'))
let server: LocalCloud
let cloud: Cloud
let ssm: SSMClient
const never = new AbortController().signal

beforeAll(async () => {
  cpSync(join(examplesSnapshot(), 'environments'), repo, { recursive: true })
  mkdirSync(join(repo, '.git'))
  const env = join(repo, 'envs/prod/environment.yaml')
  writeFileSync(
    env,
    readFileSync(env, 'utf8').replace('imageTag: "1.4.3"', 'imageTag: ${ssm:/web/image-tag}'),
  )
  server = await startLocalCloud({ timing: { taskStartSeconds: 0.1, drainSeconds: 0.1 } })
  cloud = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
  const config = {
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  }
  ssm = new SSMClient(config)
  // The example's state names placeholder ids; ECS wants subnets and a security group that exist.
  const clients = accountClients(config)
  const seeded = await seedAccount(clients)
  clients.destroy()
  const state = join(repo, 'envs/prod/terraform.tfstate')
  const text = readFileSync(state, 'utf8')
    .replace(/subnet-0prod0+a/g, seeded.subnets[0])
    .replace(/subnet-0prod0+[bc]/g, seeded.subnets[1])
    .replace(/sg-0prod0+a/g, seeded.securityGroup)
  writeFileSync(state, text)
}, 60_000)

afterAll(async () => {
  ssm.destroy()
  cloud.close()
  await server.close()
  rmSync(repo, { recursive: true, force: true })
})

const putTag = (value: string) =>
  ssm.send(new PutParameterCommand({ Name: '/web/image-tag', Value: value, Type: 'String', Overwrite: true }))

async function image(): Promise<string | undefined> {
  const [service] = await cloud.readers.ecs.describeServices('web', ['api'])
  const td = service ? await cloud.readers.ecs.describeTaskDefinition(service.taskDefinition) : undefined
  return td?.containerDefinitions[0]?.image
}

describe('a daemon pass over an environment with an SSM lookup', () => {
  it('rolls on an edited parameter, and stops naming the reference when it is deleted', async () => {
    const metrics = new DaemonMetrics([])
    const status = testStatusStore()
    const runner = testPassRunner({
      cloud,
      manifests: join(repo, 'envs/prod'),
      metrics,
      status,
      settings: { instance: 'web-prod', settleMs: 0 },
    })
    await putTag('1.4.3')
    const first = await runner.run(['startup'], never)
    expect(first.outcome, JSON.stringify(status.resourceEntries())).toBe('success')
    expect(await image()).toBe('public.ecr.aws/web/api:1.4.3')

    await putTag('1.4.4')
    expect((await runner.run(['resync'], never)).changes).toBeGreaterThan(0)
    expect(await image()).toBe('public.ecr.aws/web/api:1.4.4')

    await ssm.send(new DeleteParameterCommand({ Name: '/web/image-tag' }))
    const registrations = server.requestCount()['ECS.RegisterTaskDefinition'] ?? 0
    const updates = server.requestCount()['ECS.UpdateService'] ?? 0
    await runner.run(['resync'], never)
    // What /status answers.
    const body = JSON.parse(JSON.stringify(status)) as {
      manifests?: {
        valid: boolean
        reconciling: string
        failedReferences: string[]
        issues: { message: string }[]
      }
    }
    expect(body.manifests?.valid).toBe(false)
    expect(body.manifests?.reconciling).toBe('last-valid')
    expect(body.manifests?.failedReferences).toContain('${ssm:/web/image-tag}')
    expect(body.manifests?.issues.map((i) => i.message)).toContainEqual(
      expect.stringContaining(
        'cannot resolve ${ssm:/web/image-tag}: SSM parameter /web/image-tag does not exist',
      ),
    )
    expect(await metrics.registry.metrics()).toContain(
      'ecs_reconciler_lookup_failures{reference="${ssm:/web/image-tag}"} 1',
    )
    // The last valid set, with the value resolved then: nothing rolls back or forward.
    expect(server.requestCount()['ECS.RegisterTaskDefinition'] ?? 0).toBe(registrations)
    expect(server.requestCount()['ECS.UpdateService'] ?? 0).toBe(updates)
    expect(await image()).toBe('public.ecr.aws/web/api:1.4.4')
  }, 120_000)
})
