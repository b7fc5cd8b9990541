/** End to end: `ecs-reconciler local-cloud` serves the SDK clients unchanged (the "done when" script of issue 3). */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  ListServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs'
import {
  CreateHttpNamespaceCommand,
  DeleteNamespaceCommand,
  GetOperationCommand,
  ListServicesCommand as ListCloudMapServicesCommand,
  ServiceDiscoveryClient,
} from '@aws-sdk/client-servicediscovery'
import { expect, it } from 'vitest'
import { CLI } from '../support/cli.js'
import { clientConfig, errorOf, FARGATE_TASK } from '../support/local-cloud.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

it('serves ECS and Cloud Map to the SDK: the issue-3 script', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lc-cli-'))
  // Consistent reads: the script checks each API's answers right after its own writes (protocol,
  // pages, errors); the lag itself is test/contract/localcloud/consistency.test.ts.
  const child = spawn(
    process.execPath,
    [
      CLI,
      'local-cloud',
      '--port',
      '0',
      '--state',
      join(dir, 'state.json'),
      '--task-start-seconds',
      '0.3',
      '--consistency-lag',
      '0',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  try {
    const endpoint = await until('the endpoint line', () =>
      Promise.resolve(/listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]),
    )
    const ecs = new ECSClient(clientConfig(endpoint))
    const sd = new ServiceDiscoveryClient(clientConfig(endpoint))

    await ecs.send(new CreateClusterCommand({ clusterName: 'demo' }))
    const { OperationId } = await sd.send(new CreateHttpNamespaceCommand({ Name: 'demo' }))
    const namespaceId = await until('the namespace operation', async () => {
      const op = await sd.send(new GetOperationCommand({ OperationId }))
      return op.Operation?.Status === 'SUCCESS' ? op.Operation.Targets?.['NAMESPACE'] : undefined
    })
    await ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
    const second = await ecs.send(
      new RegisterTaskDefinitionCommand({
        ...FARGATE_TASK,
        containerDefinitions: [{ ...FARGATE_TASK.containerDefinitions[0]!, image: 'nginx:2' }],
      }),
    )
    expect(second.taskDefinition?.revision).toBe(2)

    await ecs.send(
      new CreateServiceCommand({
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
        cluster: 'demo',
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 2,
        serviceConnectConfiguration: {
          enabled: true,
          namespace: 'demo',
          services: [{ portName: 'http', discoveryName: 'web', clientAliases: [{ port: 80 }] }],
        },
      }),
    )
    const steady = await until('COMPLETED', async () => {
      const svc = (await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['web'] })))
        .services?.[0]
      return svc?.deployments?.[0]?.rolloutState === 'COMPLETED' ? svc : undefined
    })
    expect(steady.runningCount).toBe(2)
    expect(steady.desiredCount).toBe(2)

    const cloudMap = await sd.send(
      new ListCloudMapServicesCommand({
        Filters: [{ Name: 'NAMESPACE_ID', Values: [namespaceId], Condition: 'EQ' }],
      }),
    )
    expect(cloudMap.Services?.map((s) => s.Name)).toEqual(['web'])
    expect((await errorOf(sd.send(new DeleteNamespaceCommand({ Id: namespaceId })))).name).toBe(
      'ResourceInUse',
    )

    for (let i = 0; i < 12; i++) {
      await ecs.send(
        new CreateServiceCommand({
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
          cluster: 'demo',
          serviceName: `extra-${i}`,
          taskDefinition: 'web:1',
          desiredCount: 0,
        }),
      )
    }
    const first = await ecs.send(new ListServicesCommand({ cluster: 'demo' }))
    const rest = await ecs.send(new ListServicesCommand({ cluster: 'demo', nextToken: first.nextToken }))
    expect((first.serviceArns?.length ?? 0) + (rest.serviceArns?.length ?? 0)).toBe(13)
    expect(rest.nextToken).toBeUndefined()
    const eleven = Array.from({ length: 11 }, (_, i) => `extra-${i}`)
    expect(
      (await errorOf(ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: eleven })))).name,
    ).toBe('InvalidParameterException')
    const missing = await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['ghost'] }))
    expect(missing.failures?.[0]?.reason).toBe('MISSING')

    await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'web', taskDefinition: 'web:2' }))
    const updated = (await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['web'] })))
      .services?.[0]
    expect(updated?.deployments?.[0]).toMatchObject({
      status: 'PRIMARY',
      taskDefinition: second.taskDefinition?.taskDefinitionArn,
    })
    ecs.destroy()
    sd.destroy()

    const exit = new Promise<number | null>((resolve) => child.on('close', resolve))
    child.kill('SIGTERM')
    expect(await exit).toBe(0)
    expect(out).toContain('local cloud stopped')
  } finally {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
}, 60_000)
