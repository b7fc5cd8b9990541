/**
 * Local cloud: a service's lifecycle moves on when its events fall due, whichever requests arrive
 * meanwhile (here only requests about other services or other APIs). Deployment states and the
 * circuit breaker: aws-facts §3.3; deleted services drain, then go INACTIVE: aws-facts §3.2;
 * Service Connect endpoints in Cloud Map: aws-facts §2.4.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  ListServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs'
import {
  CreateHttpNamespaceCommand,
  ListServicesCommand as ListSdServicesCommand,
} from '@aws-sdk/client-servicediscovery'
import { afterEach, expect, it } from 'vitest'
import { FARGATE_TASK, startWithClients, type Clients } from '../../support/local-cloud.js'

let c: Clients | undefined
const dirs: string[] = []
afterEach(async () => {
  await c?.close()
  c = undefined
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const others = Array.from({ length: 12 }, (_, i) => `other-${i}`)

async function setUp(clients: Clients): Promise<void> {
  await clients.ecs.send(new CreateClusterCommand({ clusterName: 'shop' }))
  await clients.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
  for (const name of others) {
    await clients.ecs.send(
      new CreateServiceCommand({
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
        cluster: 'shop',
        serviceName: name,
        taskDefinition: 'web:1',
        desiredCount: 1,
      }),
    )
  }
}

/** Requests that never name `web`: reads and writes of other services, and another API. */
async function unrelatedTraffic(clients: Clients): Promise<void> {
  await clients.ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: others.slice(0, 10) }))
  await clients.ecs.send(new UpdateServiceCommand({ cluster: 'shop', service: others[11], desiredCount: 2 }))
  await clients.sd.send(new ListSdServicesCommand({}))
}

const web = async (clients: Clients) =>
  (await clients.ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: ['web'] }))).services?.[0]

it('a rollout completes while only other services are asked about', async () => {
  c = await startWithClients()
  await setUp(c)
  await c.ecs.send(
    new CreateServiceCommand({
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
      cluster: 'shop',
      serviceName: 'web',
      taskDefinition: 'web:1',
      desiredCount: 3,
    }),
  )
  c.cloud.advance(11)
  await unrelatedTraffic(c)
  c.cloud.advance(1)
  await unrelatedTraffic(c)
  const svc = await web(c)
  expect(svc).toMatchObject({ runningCount: 3, pendingCount: 0 })
  expect(svc?.deployments?.map((d) => [d.status, d.rolloutState])).toEqual([['PRIMARY', 'COMPLETED']])
  // Its steady-state event is stamped when its tasks became ready, not when it was next asked about.
  expect(svc?.events?.[0]?.message).toMatch(/steady state/)
})

it('the circuit breaker fails and rolls back a failing image while unrelated requests arrive', async () => {
  c = await startWithClients({ faults: { failingImages: ['broken'] } })
  await setUp(c)
  const breaker = { deploymentCircuitBreaker: { enable: true, rollback: true } }
  await c.ecs.send(
    new CreateServiceCommand({
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
      cluster: 'shop',
      serviceName: 'web',
      taskDefinition: 'web:1',
      desiredCount: 2,
      deploymentConfiguration: breaker,
    }),
  )
  c.cloud.advance(11)
  await unrelatedTraffic(c)
  await c.ecs.send(
    new RegisterTaskDefinitionCommand({
      ...FARGATE_TASK,
      containerDefinitions: [{ ...FARGATE_TASK.containerDefinitions[0]!, image: 'example/broken:1' }],
    }),
  )
  await c.ecs.send(new UpdateServiceCommand({ cluster: 'shop', service: 'web', taskDefinition: 'web:2' }))
  // Failed starts every 10 s: three reach the breaker's threshold (aws-facts §3.3), then the rollback starts tasks.
  for (let i = 0; i < 6; i++) {
    c.cloud.advance(10)
    await unrelatedTraffic(c)
  }
  const svc = await web(c)
  expect(svc?.deployments?.map((d) => [d.taskDefinition?.split('/').pop(), d.rolloutState])).toEqual([
    ['web:1', 'COMPLETED'],
  ])
  expect(svc?.runningCount).toBe(2)
  expect(svc?.events?.some((e) => /circuit breaker|deployment failed/i.test(e.message ?? ''))).toBe(true)
})

it('a deleted service drains to INACTIVE and its Cloud Map endpoint goes, seen through another API first', async () => {
  c = await startWithClients()
  await setUp(c)
  await c.sd.send(new CreateHttpNamespaceCommand({ Name: 'shop' }))
  c.cloud.advance(10)
  const sc = {
    enabled: true,
    namespace: 'shop',
    services: [{ portName: 'http', discoveryName: 'web', clientAliases: [{ port: 80 }] }],
  }
  await c.ecs.send(
    new CreateServiceCommand({
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
      cluster: 'shop',
      serviceName: 'web',
      taskDefinition: 'web:1',
      desiredCount: 1,
      serviceConnectConfiguration: sc,
    }),
  )
  expect((await c.sd.send(new ListSdServicesCommand({}))).Services?.map((s) => s.Name)).toEqual(['web'])
  await c.ecs.send(new DeleteServiceCommand({ cluster: 'shop', service: 'web', force: true }))
  c.cloud.advance(31)
  expect((await c.sd.send(new ListSdServicesCommand({}))).Services).toEqual([])
  await unrelatedTraffic(c)
  expect((await web(c))?.status).toBe('INACTIVE')
  expect(
    (await c.ecs.send(new ListServicesCommand({ cluster: 'shop', maxResults: 100 }))).serviceArns,
  ).toHaveLength(others.length)
})

it('a world loaded from the state file carries on: a rollout in progress completes under the second server', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lc-lifecycle-'))
  dirs.push(dir)
  const statePath = join(dir, 'state.json')
  c = await startWithClients({ statePath })
  await setUp(c)
  await c.ecs.send(
    new CreateServiceCommand({
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
      cluster: 'shop',
      serviceName: 'web',
      taskDefinition: 'web:1',
      desiredCount: 2,
    }),
  )
  await c.close()
  c = await startWithClients({ statePath })
  expect(await web(c)).toMatchObject({ runningCount: 0, pendingCount: 2 })
  c.cloud.advance(11)
  await unrelatedTraffic(c)
  const svc = await web(c)
  expect(svc).toMatchObject({ runningCount: 2, pendingCount: 0 })
  expect(svc?.deployments?.[0]?.rolloutState).toBe('COMPLETED')
})
