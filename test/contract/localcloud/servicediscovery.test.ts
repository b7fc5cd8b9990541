/** Local cloud conformance for Cloud Map, through @aws-sdk/client-servicediscovery (aws-facts §5). */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs'
import {
  CreateHttpNamespaceCommand,
  DeleteNamespaceCommand,
  GetNamespaceCommand,
  GetOperationCommand,
  GetServiceCommand,
  ListNamespacesCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-servicediscovery'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { errorOf, FARGATE_TASK, startWithClients, type Clients } from '../../support/local-cloud.js'

let c: Clients
beforeEach(async () => {
  c = await startWithClients()
})
afterEach(async () => c.close())

async function createNamespace(name: string): Promise<string> {
  const { OperationId } = await c.sd.send(
    new CreateHttpNamespaceCommand({
      Name: name,
      Description: `ns ${name}`,
      Tags: [{ Key: 'team', Value: 'a' }],
    }),
  )
  c.cloud.advance(6)
  const op = await c.sd.send(new GetOperationCommand({ OperationId }))
  return op.Operation?.Targets?.['NAMESPACE'] ?? ''
}

describe('Cloud Map', () => {
  it('CreateHttpNamespace is asynchronous: an operation that succeeds and names the namespace', async () => {
    const { OperationId } = await c.sd.send(new CreateHttpNamespaceCommand({ Name: 'shop' }))
    expect(OperationId).toBeTruthy()
    const pending = await c.sd.send(new GetOperationCommand({ OperationId }))
    expect(['SUBMITTED', 'PENDING']).toContain(pending.Operation?.Status)
    expect((await c.sd.send(new ListNamespacesCommand({}))).Namespaces).toEqual([])
    c.cloud.advance(6)
    const done = await c.sd.send(new GetOperationCommand({ OperationId }))
    expect(done.Operation).toMatchObject({ Status: 'SUCCESS', Type: 'CREATE_NAMESPACE' })
    const id = done.Operation?.Targets?.['NAMESPACE'] ?? ''
    const ns = await c.sd.send(new GetNamespaceCommand({ Id: id }))
    expect(ns.Namespace).toMatchObject({
      Name: 'shop',
      Type: 'HTTP',
      Arn: `arn:aws:servicediscovery:us-east-1:123456789012:namespace/${id}`,
    })
    expect((await errorOf(c.sd.send(new CreateHttpNamespaceCommand({ Name: 'shop' })))).name).toBe(
      'NamespaceAlreadyExists',
    )
    expect((await errorOf(c.sd.send(new GetOperationCommand({ OperationId: 'nope' })))).name).toBe(
      'OperationNotFound',
    )
  })

  it('ListNamespaces filters by NAME (EQ, BEGINS_WITH) and TYPE and pages', async () => {
    for (const name of ['shop', 'shop-dev', 'billing']) await createNamespace(name)
    const names = async (
      filters: { Name: 'NAME' | 'TYPE'; Values: string[]; Condition?: 'EQ' | 'BEGINS_WITH' }[],
    ) =>
      ((await c.sd.send(new ListNamespacesCommand({ Filters: filters }))).Namespaces ?? [])
        .map((n) => n.Name)
        .sort()
    expect(await names([{ Name: 'NAME', Values: ['shop'] }])).toEqual(['shop'])
    expect(await names([{ Name: 'NAME', Values: ['shop'], Condition: 'BEGINS_WITH' }])).toEqual([
      'shop',
      'shop-dev',
    ])
    expect(await names([{ Name: 'TYPE', Values: ['HTTP'] }])).toEqual(['billing', 'shop', 'shop-dev'])
    const first = await c.sd.send(new ListNamespacesCommand({ MaxResults: 2 }))
    expect(first.Namespaces).toHaveLength(2)
    const second = await c.sd.send(new ListNamespacesCommand({ MaxResults: 2, NextToken: first.NextToken }))
    expect(second.Namespaces).toHaveLength(1)
    expect(second.NextToken).toBeUndefined()
  })

  it('DeleteNamespace is refused while Service Connect endpoints are in it (ResourceInUse), else an operation', async () => {
    const id = await createNamespace('shop')
    await c.ecs.send(new CreateClusterCommand({ clusterName: 'shop' }))
    await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
    await c.ecs.send(
      new CreateServiceCommand({
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
        cluster: 'shop',
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 1,
        serviceConnectConfiguration: {
          enabled: true,
          namespace: 'shop',
          services: [{ portName: 'http', discoveryName: 'web', clientAliases: [{ port: 80 }] }],
        },
      }),
    )
    const services = await c.sd.send(
      new ListServicesCommand({ Filters: [{ Name: 'NAMESPACE_ID', Values: [id], Condition: 'EQ' }] }),
    )
    expect(services.Services?.map((s) => s.Name)).toEqual(['web'])
    expect(
      (await c.sd.send(new GetServiceCommand({ Id: services.Services?.[0]?.Id }))).Service?.NamespaceId,
    ).toBe(id)
    const inUse = await errorOf(c.sd.send(new DeleteNamespaceCommand({ Id: id })))
    expect(inUse.name).toBe('ResourceInUse')
    const empty = await createNamespace('empty')
    const { OperationId } = await c.sd.send(new DeleteNamespaceCommand({ Id: empty }))
    expect(OperationId).toBeTruthy()
    expect((await errorOf(c.sd.send(new GetNamespaceCommand({ Id: empty })))).name).toBe('NamespaceNotFound')
  })

  it('tags: tag, untag, list; unknown resource is ResourceNotFoundException', async () => {
    const id = await createNamespace('shop')
    const arn = (await c.sd.send(new GetNamespaceCommand({ Id: id }))).Namespace?.Arn
    await c.sd.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'b', Value: '2' }] }))
    await c.sd.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['team'] }))
    expect((await c.sd.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([
      { Key: 'b', Value: '2' },
    ])
    expect(
      (
        await errorOf(
          c.sd.send(
            new ListTagsForResourceCommand({
              ResourceARN: 'arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-x',
            }),
          ),
        )
      ).name,
    ).toBe('ResourceNotFoundException')
  })
})
