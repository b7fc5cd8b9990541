/**
 * Local cloud: the indexed lookups (GetResources pages, ListTaskDefinitions and DescribeTaskDefinition
 * by family, CreateService client tokens, ECS ListTagsForResource) answer exactly what a scan of the
 * whole world answers — same resources, same order, same page cuts — while the world changes between
 * pages, and for a world the process did not build (as one loaded from disk). The scans below are
 * written from the API references: GetResources
 * https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html,
 * ListTaskDefinitions https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTaskDefinitions.html,
 * DescribeTaskDefinition https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html,
 * CreateService idempotency https://docs.aws.amazon.com/AmazonECS/latest/APIReference/ECS_Idempotency.html.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  type CreateServiceCommandInput,
  type ListTaskDefinitionsCommandInput,
} from '@aws-sdk/client-ecs'
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
  type GetResourcesCommandInput,
} from '@aws-sdk/client-resource-groups-tagging-api'
import { afterEach, expect, it } from 'vitest'
import { manualClock, type LocalClock } from '../../../src/localcloud/clock.js'
import { ConsistencyLag } from '../../../src/localcloud/consistency.js'
import { Faults, resolveFaults } from '../../../src/localcloud/faults.js'
import { StateWriter } from '../../../src/localcloud/persistence.js'
import { createLocalCloudServer } from '../../../src/localcloud/server.js'
import { emptyWorld, type World } from '../../../src/localcloud/state.js'
import { clientConfig, FARGATE_TASK } from '../../support/local-cloud.js'

const OWNER = 'ecs-reconciler:managed-by'

interface Running {
  readonly world: World
  readonly clock: LocalClock
  readonly ecs: (region?: string) => ECSClient
  readonly tagging: (region?: string) => ResourceGroupsTaggingAPIClient
  close(): Promise<void>
}

const running: Running[] = []
afterEach(async () => {
  for (const r of running.splice(0)) await r.close()
})

/** A local cloud serving a world the test holds, so the test can scan it. */
async function serve(world: World): Promise<Running> {
  const clock = manualClock()
  const server: Server = createLocalCloudServer({
    world,
    clock,
    timing: { taskStartSeconds: 10, drainSeconds: 30, namespaceCreateSeconds: 5 },
    faults: new Faults(resolveFaults(undefined)),
    defaultRegion: 'us-east-1',
    state: new StateWriter(undefined, world, { intervalMs: 250 }),
    counts: new Map(),
    dropped: new Map(),
    consistency: new ConsistencyLag(0),
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const clients: { destroy(): void }[] = []
  const made = <T extends { destroy(): void }>(c: T): T => {
    clients.push(c)
    return c
  }
  const r: Running = {
    world,
    clock,
    ecs: (region = 'us-east-1') => made(new ECSClient(clientConfig(endpoint, { region }))),
    tagging: (region = 'us-east-1') =>
      made(new ResourceGroupsTaggingAPIClient(clientConfig(endpoint, { region }))),
    close: async () => {
      for (const c of clients) c.destroy()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
  running.push(r)
  return r
}

// ---- The scans: what the handlers answered before they were indexed. ----

interface Listed {
  readonly arn: string
  readonly tags: Record<string, string>
}

function scanTagged(world: World, now: number): Listed[] {
  return [
    ...Object.values(world.ecs.clusters).filter((c) => c.status === 'ACTIVE'),
    ...Object.values(world.ecs.services).filter((s) => s.status !== 'INACTIVE'),
    ...Object.values(world.ecs.taskDefinitions).filter((t) => t.status !== 'DELETE_IN_PROGRESS'),
    ...Object.values(world.sd.namespaces).filter((n) => !n.deleted && n.readyAt <= now),
    ...Object.values(world.sd.services),
    ...Object.values(world.aas.targets),
    ...Object.values(world.fis.templates),
    ...Object.values(world.fis.experiments),
  ]
    .map((r) => ({ arn: r.arn, tags: { ...r.tags } }))
    .filter((r) => Object.keys(r.tags).length > 0)
}

function scanGetResources(
  world: World,
  now: number,
  region: string,
  input: GetResourcesCommandInput,
  after: string | undefined,
): Listed[] {
  const parts = (arn: string) => {
    const [, , service = '', r = '', , ...rest] = arn.split(':')
    return { service, region: r, type: /^[^/:]*/.exec(rest.join(':'))?.[0] ?? '' }
  }
  const tagsMatch = (r: Listed) =>
    (input.TagFilters ?? []).every(
      (f) =>
        (f.Key ?? '') in r.tags &&
        ((f.Values ?? []).length === 0 || (f.Values ?? []).includes(r.tags[f.Key ?? ''] ?? '')),
    )
  const typeMatch = (r: Listed) =>
    (input.ResourceTypeFilters ?? []).length === 0 ||
    (input.ResourceTypeFilters ?? []).some((f) => {
      const [service, type] = f.split(':')
      return parts(r.arn).service === service && (type === undefined || parts(r.arn).type === type)
    })
  return scanTagged(world, now)
    .filter((r) => parts(r.arn).region === region)
    .filter((r) =>
      input.ResourceARNList ? input.ResourceARNList.includes(r.arn) : tagsMatch(r) && typeMatch(r),
    )
    .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0))
    .filter((r) => after === undefined || r.arn > after)
}

function scanListTaskDefinitions(world: World, input: ListTaskDefinitionsCommandInput): string[] {
  const status = input.status ?? 'ACTIVE'
  const arns = Object.values(world.ecs.taskDefinitions)
    .filter((td) => (input.familyPrefix ? td.family === input.familyPrefix : true) && td.status === status)
    .sort((a, b) => a.family.localeCompare(b.family) || a.revision - b.revision)
    .map((td) => td.arn)
  return input.sort === 'DESC' ? arns.reverse() : arns
}

function scanDescribe(world: World, ref: string): string | undefined {
  const [family, revision] = ref.split(':')
  const all = Object.values(world.ecs.taskDefinitions).filter((td) => td.family === family)
  if (revision !== undefined) return all.find((td) => td.revision === Number(revision))?.arn
  return all.filter((td) => td.status === 'ACTIVE').sort((a, b) => b.revision - a.revision)[0]?.arn
}

// ---- Building a varied world through the wire. ----

/** The i-th service's name: names do not follow creation order; even i are in blue, odd i in green. */
const serviceName = (i: number): string => `s${String((i * 7) % 40).padStart(2, '0')}`

async function populate(r: Running): Promise<void> {
  for (const region of ['us-east-1', 'eu-west-1']) {
    const ecs = r.ecs(region)
    // The emulator keys clusters and services by name alone: each region gets its own names.
    const clusters = region === 'us-east-1' ? ['blue', 'green'] : ['blue-eu', 'green-eu']
    for (const cluster of clusters) {
      await ecs.send(new CreateClusterCommand({ clusterName: cluster, tags: [{ key: OWNER, value: 'a' }] }))
    }
    for (const [i, family] of ['web', 'web-admin', 'api', 'web', 'api', 'web'].entries()) {
      const tags = i % 3 === 2 ? [] : [{ key: OWNER, value: i % 2 === 0 ? 'a' : 'b' }]
      await ecs.send(new RegisterTaskDefinitionCommand({ ...FARGATE_TASK, family, tags }))
    }
    for (let i = 0; i < 40; i++) {
      const tags = [
        ...(i % 5 === 4 ? [] : [{ key: OWNER, value: i % 3 === 0 ? 'b' : 'a' }]),
        ...(i % 4 === 0 ? [{ key: 'tier', value: i % 8 === 0 ? 'front' : 'back' }] : []),
      ]
      await ecs.send(
        new CreateServiceCommand({
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
          cluster: clusters[i % 2],
          serviceName: serviceName(i),
          taskDefinition: i % 3 === 0 ? 'api' : 'web',
          desiredCount: 0,
          clientToken: `token-${region}-${i}`,
          tags,
        }),
      )
    }
  }
  const ecs = r.ecs()
  await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:1' }))
  await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'api:3' }))
  await ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ['web:1'] }))
  for (const name of [serviceName(1), serviceName(3)]) {
    await ecs.send(new DeleteServiceCommand({ cluster: 'green', service: name }))
  }
  await ecs.send(new DeleteServiceCommand({ cluster: 'blue', service: serviceName(2), force: true }))
}

const REQUESTS: GetResourcesCommandInput[] = [
  {},
  { TagFilters: [{ Key: OWNER, Values: ['a'] }], ResourceTypeFilters: ['ecs:service'] },
  { TagFilters: [{ Key: OWNER }], ResourceTypeFilters: ['ecs:service', 'ecs:task-definition'] },
  {
    TagFilters: [
      { Key: OWNER, Values: ['a', 'b'] },
      { Key: 'tier', Values: ['back'] },
    ],
  },
  { ResourceTypeFilters: ['ecs'] },
  { TagFilters: [{ Key: 'tier' }] },
  { TagFilters: [{ Key: OWNER, Values: ['nobody'] }] },
]

/** Pages through the wire and checks each page against the scan taken at the same moment. */
async function pagesMatchScan(
  r: Running,
  region: string,
  input: GetResourcesCommandInput,
  perPage: number,
  between?: (page: number) => Promise<void>,
): Promise<number> {
  const client = r.tagging(region)
  let token: string | undefined
  let after: string | undefined
  let pages = 0
  do {
    const out = await client.send(
      new GetResourcesCommand({ ...input, ResourcesPerPage: perPage, PaginationToken: token }),
    )
    const expected = scanGetResources(r.world, r.clock.now(), region, input, after)
    const got = (out.ResourceTagMappingList ?? []).map((m) => ({
      arn: m.ResourceARN ?? '',
      tags: Object.fromEntries((m.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
    }))
    expect(got).toEqual(expected.slice(0, perPage))
    expect(out.PaginationToken !== undefined).toBe(expected.length > perPage)
    token = out.PaginationToken
    after = got.at(-1)?.arn
    pages += 1
    await between?.(pages)
  } while (token)
  return pages
}

it('GetResources pages are what a sorted scan of every resource gives, for every filter, region and page size', async () => {
  const r = await serve(emptyWorld())
  await populate(r)
  r.clock.advance(31) // the deleted services drain: INACTIVE ones leave the listing
  let pages = 0
  for (const region of ['us-east-1', 'eu-west-1']) {
    for (const input of REQUESTS) {
      for (const perPage of [1, 7, 100]) pages += await pagesMatchScan(r, region, input, perPage)
    }
  }
  expect(pages).toBeGreaterThan(100)
  // ResourceARNList: duplicates, unknown ARNs and ARNs of other regions are answered as the scan does.
  const some = scanTagged(r.world, r.clock.now()).map((t) => t.arn)
  const arns = [
    some[5],
    some[0],
    some[5],
    'arn:aws:ecs:us-east-1:123456789012:service/blue/nope',
    some.at(-1),
  ]
  for (const perPage of [1, 2, 100]) {
    await pagesMatchScan(r, 'us-east-1', { ResourceARNList: arns.filter((a) => a !== undefined) }, perPage)
  }
})

it('GetResources pages taken while resources are created, tagged and deleted still match the scan of that moment', async () => {
  const r = await serve(emptyWorld())
  await populate(r)
  const ecs = r.ecs()
  const input = { TagFilters: [{ Key: OWNER }] }
  const pages = await pagesMatchScan(r, 'us-east-1', input, 5, async (page) => {
    // After every cursor: a resource created behind the listing's back must still show up.
    await ecs.send(new CreateServiceCommand(lateService(`zz-late${page}`, 'a')))
    await ecs.send(
      new TagResourceCommand({
        resourceArn: `arn:aws:ecs:us-east-1:123456789012:service/green/${serviceName(2 * page + 5)}`,
        tags: [{ key: OWNER, value: 'a' }],
      }),
    )
    if (page === 2) {
      await ecs.send(new DeleteServiceCommand({ cluster: 'blue', service: 'zz-late1', force: true }))
    }
    // Drained by now, then created again under the same name: a new record in the same place.
    if (page === 6) await ecs.send(new CreateServiceCommand(lateService('zz-late1', 'b')))
    r.clock.advance(11)
  })
  expect(pages).toBeGreaterThan(4)
})

function lateService(name: string, owner: string): CreateServiceCommandInput {
  return {
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
    cluster: 'blue',
    serviceName: name,
    taskDefinition: 'web',
    desiredCount: 0,
    tags: [{ key: OWNER, value: owner }],
  }
}

async function listAll(ecs: ECSClient, input: ListTaskDefinitionsCommandInput): Promise<string[]> {
  const arns: string[] = []
  let nextToken: string | undefined
  do {
    const out = await ecs.send(new ListTaskDefinitionsCommand({ ...input, maxResults: 2, nextToken }))
    arns.push(...(out.taskDefinitionArns ?? []))
    nextToken = out.nextToken
  } while (nextToken)
  return arns
}

async function taskDefinitionsMatchScan(r: Running): Promise<void> {
  const ecs = r.ecs()
  for (const familyPrefix of [undefined, 'web', 'web-admin', 'api', 'we', 'nope']) {
    for (const status of [undefined, 'ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS'] as const) {
      for (const sort of ['ASC', 'DESC'] as const) {
        const input = { familyPrefix, status, sort }
        expect(await listAll(ecs, input)).toEqual(scanListTaskDefinitions(r.world, input))
      }
    }
  }
  for (const ref of ['web', 'web:1', 'web:2', 'web:6', 'web-admin', 'api', 'api:3', 'nope', 'nope:1']) {
    const expected = scanDescribe(r.world, ref)
    const got = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: ref })).then(
      (out) => out.taskDefinition?.taskDefinitionArn,
      () => undefined,
    )
    expect({ ref, arn: got }).toEqual({ ref, arn: expected })
  }
}

it('ListTaskDefinitions and DescribeTaskDefinition by family answer what a scan of every revision does', async () => {
  const r = await serve(emptyWorld())
  await populate(r)
  await taskDefinitionsMatchScan(r)
})

it('a world the process did not build (as one loaded from disk) is indexed on first use, and answers the same', async () => {
  const first = await serve(emptyWorld())
  await populate(first)
  const loaded = await serve(structuredClone(first.world))
  await taskDefinitionsMatchScan(loaded)
  for (const input of REQUESTS.slice(0, 3)) await pagesMatchScan(loaded, 'us-east-1', input, 7)
  // A CreateService retry names the service the token created; it creates nothing.
  const ecs = loaded.ecs()
  const services = Object.keys(loaded.world.ecs.services).length
  const withToken = Object.values(loaded.world.ecs.services).filter(
    (s) => s.status !== 'INACTIVE' && s.creation !== undefined && s.arn.includes(':us-east-1:'),
  )
  expect(withToken.length).toBeGreaterThan(10)
  for (const s of withToken) {
    const request = JSON.parse(s.creation?.request ?? '{}') as CreateServiceCommandInput
    const retried = await ecs.send(
      new CreateServiceCommand({ ...request, clientToken: s.creation?.clientToken }),
    )
    expect(retried.service?.serviceArn).toBe(s.arn)
    const tags = await ecs.send(new ListTagsForResourceCommand({ resourceArn: s.arn }))
    expect(Object.fromEntries((tags.tags ?? []).map((t) => [t.key, t.value]))).toEqual(s.tags)
  }
  expect(Object.keys(loaded.world.ecs.services)).toHaveLength(services)
})
