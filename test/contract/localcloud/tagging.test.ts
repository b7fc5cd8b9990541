/**
 * Local cloud conformance for the Resource Groups Tagging API's GetResources, through
 * @aws-sdk/client-resource-groups-tagging-api. Expected behaviour is from the API reference,
 * https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
 * (TagFilters: all filters hold, any listed value matches, a key without values matches any value;
 * ResourceTypeFilters: `service[:resourceType]` as in ARNs; ResourcesPerPage 1–100; a
 * PaginationToken lives 15 minutes; resources of the request's region only).
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type Tag as EcsTag,
} from '@aws-sdk/client-ecs'
import { CreateExperimentTemplateCommand } from '@aws-sdk/client-fis'
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
  type GetResourcesCommandInput,
} from '@aws-sdk/client-resource-groups-tagging-api'
import { CreateHttpNamespaceCommand } from '@aws-sdk/client-servicediscovery'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  clientConfig,
  errorOf,
  FARGATE_TASK,
  startWithClients,
  type Clients,
} from '../../support/local-cloud.js'

const OWNER = 'ecs-reconciler:managed-by'
const ACCOUNT = '123456789012'
const ecsArn = (resource: string, region = 'us-east-1'): string =>
  `arn:aws:ecs:${region}:${ACCOUNT}:${resource}`
const ecsTags = (tags: Record<string, string>): EcsTag[] =>
  Object.entries(tags).map(([key, value]) => ({ key, value }))

let c: Clients
let tagging: ResourceGroupsTaggingAPIClient
beforeEach(async () => {
  c = await startWithClients()
  tagging = new ResourceGroupsTaggingAPIClient(clientConfig(c.cloud.endpoint))
})
afterEach(async () => {
  tagging.destroy()
  await c.close()
})

async function service(cluster: string, name: string, tags: Record<string, string>): Promise<void> {
  await c.ecs.send(
    new CreateServiceCommand({
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
      cluster,
      serviceName: name,
      taskDefinition: 'web:1',
      desiredCount: 0,
      tags: ecsTags(tags),
    }),
  )
}

/** All pages, as `arn → tags`. */
async function getAll(
  input: GetResourcesCommandInput,
  client = tagging,
): Promise<Map<string, Record<string, string>>> {
  const found = new Map<string, Record<string, string>>()
  let token: string | undefined
  do {
    const out = await client.send(
      new GetResourcesCommand({ ...input, ...(token ? { PaginationToken: token } : {}) }),
    )
    for (const m of out.ResourceTagMappingList ?? []) {
      found.set(m.ResourceARN ?? '', Object.fromEntries((m.Tags ?? []).map((t) => [t.Key, t.Value])))
    }
    token = out.PaginationToken
  } while (token)
  return found
}
const arnsOf = async (input: GetResourcesCommandInput): Promise<string[]> =>
  [...(await getAll(input)).keys()].sort()

describe('GetResources', () => {
  beforeEach(async () => {
    for (const cluster of ['blue', 'green']) {
      await c.ecs.send(new CreateClusterCommand({ clusterName: cluster, tags: ecsTags({ [OWNER]: 'a' }) }))
    }
    await c.ecs.send(
      new RegisterTaskDefinitionCommand({ ...FARGATE_TASK, tags: ecsTags({ [OWNER]: 'a', team: 'web' }) }),
    )
  })

  it('finds the services tagged for one instance in every cluster, and not those of another instance', async () => {
    await service('blue', 'api', { [OWNER]: 'a', 'ecs-reconciler:resource': 'Service/api' })
    await service('green', 'worker', { [OWNER]: 'a' })
    await service('green', 'intruder', { [OWNER]: 'b' })
    await service('blue', 'untagged', {})
    const found = await getAll({
      TagFilters: [{ Key: OWNER, Values: ['a'] }],
      ResourceTypeFilters: ['ecs:service'],
    })
    expect([...found.keys()].sort()).toEqual([ecsArn('service/blue/api'), ecsArn('service/green/worker')])
    // The response carries every tag of each resource, not only the filtered one.
    expect(found.get(ecsArn('service/blue/api'))).toEqual({
      [OWNER]: 'a',
      'ecs-reconciler:resource': 'Service/api',
    })
  })

  it('TagFilters: any listed value matches, a key without values matches any value, and all filters must hold', async () => {
    await service('blue', 'a1', { [OWNER]: 'a', tier: 'front' })
    await service('blue', 'b1', { [OWNER]: 'b', tier: 'back' })
    await service('blue', 'c1', { [OWNER]: '', tier: 'back' })
    await service('blue', 'none', { other: 'x' })
    const services = ['ecs:service']
    expect(
      await arnsOf({ TagFilters: [{ Key: OWNER, Values: ['a', 'b'] }], ResourceTypeFilters: services }),
    ).toEqual([ecsArn('service/blue/a1'), ecsArn('service/blue/b1')])
    expect(await arnsOf({ TagFilters: [{ Key: OWNER }], ResourceTypeFilters: services })).toEqual([
      ecsArn('service/blue/a1'),
      ecsArn('service/blue/b1'),
      ecsArn('service/blue/c1'),
    ])
    expect(
      await arnsOf({
        TagFilters: [{ Key: OWNER }, { Key: 'tier', Values: ['back'] }],
        ResourceTypeFilters: services,
      }),
    ).toEqual([ecsArn('service/blue/b1'), ecsArn('service/blue/c1')])
    expect(await arnsOf({ TagFilters: [{ Key: OWNER, Values: ['nobody'] }] })).toEqual([])
  })

  it('ResourceTypeFilters take service[:resourceType]: a bare service means all its types', async () => {
    await service('blue', 'api', { [OWNER]: 'a' })
    const { OperationId } = await c.sd.send(
      new CreateHttpNamespaceCommand({ Name: 'shop', Tags: [{ Key: OWNER, Value: 'a' }] }),
    )
    expect(OperationId).toBeTruthy()
    c.cloud.advance(6)
    const template = await c.fis.send(
      new CreateExperimentTemplateCommand({
        clientToken: crypto.randomUUID(),
        description: 'stop a task',
        roleArn: `arn:aws:iam::${ACCOUNT}:role/fis`,
        stopConditions: [{ source: 'none' }],
        targets: {
          tasks: {
            resourceType: 'aws:ecs:task',
            selectionMode: 'COUNT(1)',
            parameters: { cluster: 'blue', service: 'api' },
          },
        },
        actions: { stop: { actionId: 'aws:ecs:stop-task', targets: { Tasks: 'tasks' } } },
        tags: { [OWNER]: 'a' },
      }),
    )
    const ours = [{ Key: OWNER, Values: ['a'] }]
    const cluster = [ecsArn('cluster/blue'), ecsArn('cluster/green')]
    expect(await arnsOf({ TagFilters: ours, ResourceTypeFilters: ['ecs:cluster'] })).toEqual(cluster)
    expect(await arnsOf({ TagFilters: ours, ResourceTypeFilters: ['ecs:task-definition'] })).toEqual([
      ecsArn('task-definition/web:1'),
    ])
    expect(await arnsOf({ TagFilters: ours, ResourceTypeFilters: ['ecs'] })).toEqual([
      ...cluster,
      ecsArn('service/blue/api'),
      ecsArn('task-definition/web:1'),
    ])
    const namespaces = await arnsOf({ TagFilters: ours, ResourceTypeFilters: ['servicediscovery:namespace'] })
    expect(namespaces).toHaveLength(1)
    expect(namespaces[0]).toMatch(new RegExp(`^arn:aws:servicediscovery:us-east-1:${ACCOUNT}:namespace/ns-`))
    const templateArn = `arn:aws:fis:us-east-1:${ACCOUNT}:experiment-template/${template.experimentTemplate?.id ?? ''}`
    expect(await arnsOf({ TagFilters: ours, ResourceTypeFilters: ['fis:experiment-template'] })).toEqual([
      templateArn,
    ])
    expect(
      await arnsOf({ TagFilters: ours, ResourceTypeFilters: ['ecs:service', 'fis:experiment-template'] }),
    ).toEqual([ecsArn('service/blue/api'), templateArn])
    // No type filter: every type.
    expect(await arnsOf({ TagFilters: ours })).toHaveLength(6)
    expect(await arnsOf({ TagFilters: ours, ResourceTypeFilters: ['ecs:capacity-provider'] })).toEqual([])
  })

  it('pages by ResourcesPerPage (at most 100) with a PaginationToken, and the pages add up to every match once', async () => {
    for (let i = 0; i < 130; i++) {
      await service(i % 2 === 0 ? 'blue' : 'green', `s${String(i).padStart(3, '0')}`, { [OWNER]: 'a' })
    }
    const filters = { TagFilters: [{ Key: OWNER, Values: ['a'] }], ResourceTypeFilters: ['ecs:service'] }
    const first = await tagging.send(new GetResourcesCommand({ ...filters, ResourcesPerPage: 100 }))
    expect(first.ResourceTagMappingList).toHaveLength(100)
    expect(first.PaginationToken).toBeTruthy()
    // A service created between pages (after the cut) is served once; nothing already served repeats.
    await service('green', 'zz-late', { [OWNER]: 'a' })
    const second = await tagging.send(
      new GetResourcesCommand({ ...filters, ResourcesPerPage: 100, PaginationToken: first.PaginationToken }),
    )
    expect(second.ResourceTagMappingList).toHaveLength(31)
    expect(second.PaginationToken).toBeFalsy()
    const all = [...(first.ResourceTagMappingList ?? []), ...(second.ResourceTagMappingList ?? [])].map(
      (m) => m.ResourceARN,
    )
    expect(new Set(all).size).toBe(131)
    expect((await getAll({ ...filters, ResourcesPerPage: 7 })).size).toBe(131)
  })

  it('refuses page sizes outside 1–100, foreign or expired tokens, and ARN lists mixed with filters', async () => {
    for (let i = 0; i < 3; i++) await service('blue', `s${i}`, { [OWNER]: 'a' })
    const filters = { TagFilters: [{ Key: OWNER, Values: ['a'] }] }
    expect(
      (await errorOf(tagging.send(new GetResourcesCommand({ ...filters, ResourcesPerPage: 101 })))).name,
    ).toBe('InvalidParameterException')
    expect(
      (await errorOf(tagging.send(new GetResourcesCommand({ ...filters, ResourcesPerPage: 0 })))).name,
    ).toBe('InvalidParameterException')
    const { PaginationToken } = await tagging.send(
      new GetResourcesCommand({ ...filters, ResourcesPerPage: 1 }),
    )
    expect(PaginationToken).toBeTruthy()
    const foreign = await errorOf(
      tagging.send(
        new GetResourcesCommand({
          TagFilters: [{ Key: OWNER, Values: ['b'] }],
          ResourcesPerPage: 1,
          PaginationToken,
        }),
      ),
    )
    expect(foreign.name).toBe('InvalidParameterException')
    expect(
      (await errorOf(tagging.send(new GetResourcesCommand({ ...filters, PaginationToken: 'garbage' })))).name,
    ).toBe('InvalidParameterException')
    c.cloud.advance(16 * 60)
    expect(
      (
        await errorOf(
          tagging.send(new GetResourcesCommand({ ...filters, ResourcesPerPage: 1, PaginationToken })),
        )
      ).name,
    ).toBe('PaginationTokenExpiredException')
    const mixed = await errorOf(
      tagging.send(new GetResourcesCommand({ ...filters, ResourceARNList: [ecsArn('service/blue/s0')] })),
    )
    expect(mixed.name).toBe('InvalidParameterException')
    expect(
      (await errorOf(tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ['ecs:service:extra'] }))))
        .name,
    ).toBe('InvalidParameterException')
    const listed = await arnsOf({
      ResourceARNList: [ecsArn('service/blue/s0'), ecsArn('service/blue/ghost')],
    })
    expect(listed).toEqual([ecsArn('service/blue/s0')])
  })

  it('answers for the region the client signed for only', async () => {
    await service('blue', 'api', { [OWNER]: 'a' })
    const dublinEcs = new ECSClient(clientConfig(c.cloud.endpoint, { region: 'eu-west-1' }))
    const dublinTagging = new ResourceGroupsTaggingAPIClient(
      clientConfig(c.cloud.endpoint, { region: 'eu-west-1' }),
    )
    try {
      await dublinEcs.send(new CreateClusterCommand({ clusterName: 'ie', tags: ecsTags({ [OWNER]: 'a' }) }))
      const filters = { TagFilters: [{ Key: OWNER, Values: ['a'] }], ResourceTypeFilters: ['ecs:cluster'] }
      expect([...(await getAll(filters, dublinTagging)).keys()]).toEqual([ecsArn('cluster/ie', 'eu-west-1')])
      expect(await arnsOf(filters)).toEqual([ecsArn('cluster/blue'), ecsArn('cluster/green')])
    } finally {
      dublinEcs.destroy()
      dublinTagging.destroy()
    }
  })

  it('forgets a deleted service once it is gone', async () => {
    await service('blue', 'api', { [OWNER]: 'a' })
    await c.ecs.send(new DeleteServiceCommand({ cluster: 'blue', service: 'api', force: true }))
    c.cloud.advance(60)
    expect(await arnsOf({ TagFilters: [{ Key: OWNER }], ResourceTypeFilters: ['ecs:service'] })).toEqual([])
  })
})
