/**
 * Local cloud conformance: CreateService idempotency on clientToken, and ListTaskDefinitions by family
 * and status, through @aws-sdk/client-ecs.
 * CreateService: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/ECS_Idempotency.html (same
 * token and parameters → success without another service; tokens ≤36 ASCII characters 33–126).
 * ListTaskDefinitions: familyPrefix is "the full family name", status filters ACTIVE/INACTIVE
 * (ECS API reference, ListTaskDefinitions request; aws-facts §3.4).
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeregisterTaskDefinitionCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  type CreateServiceCommandInput,
} from '@aws-sdk/client-ecs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { errorOf, FARGATE_TASK, startWithClients, type Clients } from '../../support/local-cloud.js'

let c: Clients
let taskDefinition: string
beforeEach(async () => {
  c = await startWithClients()
  await c.ecs.send(new CreateClusterCommand({ clusterName: 'shop' }))
  taskDefinition =
    (await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))).taskDefinition?.taskDefinitionArn ??
    ''
})
afterEach(async () => c.close())

const network = { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } }
const request = (extra: Partial<CreateServiceCommandInput> = {}): CreateServiceCommandInput => ({
  cluster: 'shop',
  serviceName: 'web',
  taskDefinition,
  desiredCount: 1,
  networkConfiguration: network,
  tags: [{ key: 'owner', value: 'me' }],
  ...extra,
})
const listed = async () => (await c.ecs.send(new ListServicesCommand({ cluster: 'shop' }))).serviceArns ?? []

describe('CreateService clientToken', () => {
  it('the same token and parameters return the service already created, and create nothing more', async () => {
    const first = await c.ecs.send(new CreateServiceCommand(request({ clientToken: 'tok-1' })))
    const again = await c.ecs.send(new CreateServiceCommand(request({ clientToken: 'tok-1' })))
    expect(again.service?.serviceArn).toBe(first.service?.serviceArn)
    expect(again.service?.createdAt).toEqual(first.service?.createdAt)
    expect(again.service?.deployments).toHaveLength(1)
    expect(await listed()).toEqual([first.service?.serviceArn])
  })

  it('the same token with other parameters is refused and changes nothing', async () => {
    await c.ecs.send(new CreateServiceCommand(request({ clientToken: 'tok-1' })))
    const otherCount = await errorOf(
      c.ecs.send(new CreateServiceCommand(request({ clientToken: 'tok-1', desiredCount: 3 }))),
    )
    expect(otherCount.name).toBe('InvalidParameterException')
    const otherName = await errorOf(
      c.ecs.send(new CreateServiceCommand(request({ clientToken: 'tok-1', serviceName: 'api' }))),
    )
    expect(otherName.name).toBe('InvalidParameterException')
    expect(await listed()).toHaveLength(1)
  })

  it('without a token, or with another one, an existing name is still not idempotent', async () => {
    await c.ecs.send(new CreateServiceCommand(request({ clientToken: 'tok-1' })))
    expect((await errorOf(c.ecs.send(new CreateServiceCommand(request())))).name).toBe(
      'InvalidParameterException',
    )
    expect(
      (await errorOf(c.ecs.send(new CreateServiceCommand(request({ clientToken: 'tok-2' }))))).name,
    ).toBe('InvalidParameterException')
  })

  it('tokens are scoped to the cluster', async () => {
    await c.ecs.send(new CreateClusterCommand({ clusterName: 'other' }))
    await c.ecs.send(new CreateServiceCommand(request({ clientToken: 'tok-1' })))
    const elsewhere = await c.ecs.send(
      new CreateServiceCommand(request({ clientToken: 'tok-1', cluster: 'other' })),
    )
    expect(elsewhere.service?.clusterArn).toMatch(/cluster\/other$/)
  })

  it('a token longer than 36 characters or outside ASCII 33–126 is InvalidParameterException', async () => {
    expect(
      (await errorOf(c.ecs.send(new CreateServiceCommand(request({ clientToken: 'x'.repeat(37) }))))).name,
    ).toBe('InvalidParameterException')
    expect(
      (await errorOf(c.ecs.send(new CreateServiceCommand(request({ clientToken: 'has space' }))))).name,
    ).toBe('InvalidParameterException')
  })
})

describe('ListTaskDefinitions', () => {
  it('familyPrefix names one whole family; status selects ACTIVE or INACTIVE revisions', async () => {
    await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
    await c.ecs.send(new RegisterTaskDefinitionCommand({ ...FARGATE_TASK, family: 'web-admin' }))
    await c.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:1' }))
    const arns = async (familyPrefix: string, status?: 'ACTIVE' | 'INACTIVE') =>
      (await c.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix, ...(status ? { status } : {}) })))
        .taskDefinitionArns
    expect(await arns('web')).toEqual(['arn:aws:ecs:us-east-1:123456789012:task-definition/web:2'])
    expect(await arns('web', 'INACTIVE')).toEqual([
      'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
    ])
    expect(await arns('we')).toEqual([])
  })
})
