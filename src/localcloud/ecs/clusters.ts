/** @module ECS clusters: create, describe, update, capacity providers, delete. */
import { arn, type Handler, type HandlerContext } from '../context.js'
import { AwsError, ecsErrors } from '../errors.js'
import { checkTagCount } from '../tag-limit.js'
import { createNamespace, findNamespace } from '../servicediscovery/registry.js'
import type { EcsCluster, Json, World } from '../state.js'
import { optionalInt, optionalString, paginate, tagsFromList, text } from '../validate-input.js'

export function findCluster(world: World, ref: string | undefined): EcsCluster | undefined {
  const name = ref === undefined ? 'default' : ref.startsWith('arn:') ? ref.split('/').pop() : ref
  const cluster = name === undefined ? undefined : world.ecs.clusters[name]
  return cluster?.status === 'ACTIVE' ? cluster : undefined
}

export function requireCluster(world: World, ref: string | undefined): EcsCluster {
  const cluster = findCluster(world, ref)
  if (!cluster) throw ecsErrors.clusterNotFound()
  return cluster
}

const FARGATE_PROVIDERS = new Set(['FARGATE', 'FARGATE_SPOT'])

function checkStrategy(strategy: unknown, providers: readonly string[]): Json[] {
  if (strategy === undefined || strategy === null) return []
  if (!Array.isArray(strategy)) throw ecsErrors.invalid('defaultCapacityProviderStrategy must be a list.')
  for (const item of strategy as Json[]) {
    const name = text(item['capacityProvider'])
    if (!providers.includes(name)) {
      throw ecsErrors.invalid(
        `The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster: ${name}`,
      )
    }
  }
  return (strategy as Json[]).map((i) => ({
    capacityProvider: i['capacityProvider'],
    weight: i['weight'] ?? 0,
    base: i['base'] ?? 0,
  }))
}

function checkProviders(value: unknown): string[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw ecsErrors.invalid('capacityProviders must be a list.')
  for (const p of value) {
    if (!FARGATE_PROVIDERS.has(String(p))) {
      throw ecsErrors.invalid(`The capacity provider ${String(p)} does not exist.`)
    }
  }
  return value as string[]
}

/** serviceConnectDefaults: an unknown name makes ECS create an HTTP namespace (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ClusterServiceConnectDefaultsRequest.html); "" clears it. */
function serviceConnectDefaults(ctx: HandlerContext, value: unknown): { namespace: string } | undefined {
  if (value === undefined || value === null) return undefined
  const ref = text((value as Json)['namespace'])
  if (ref === '') return undefined
  const ns = findNamespace(ctx.world, ref, ctx.now) ?? createNamespace(ctx, ref, undefined, {}, 0)
  return { namespace: ns.arn }
}

export function clusterView(c: EcsCluster, world: World, include: readonly string[] = []): Json {
  const services = Object.values(world.ecs.services).filter((s) => s.clusterArn === c.arn)
  const tasks = Object.values(world.ecs.tasks).filter((t) => t.clusterArn === c.arn)
  return {
    clusterArn: c.arn,
    clusterName: c.name,
    status: c.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingTasksCount: tasks.filter((t) => t.lastStatus === 'PROVISIONING').length,
    activeServicesCount: services.filter((s) => s.status === 'ACTIVE').length,
    capacityProviders: c.capacityProviders,
    defaultCapacityProviderStrategy: c.defaultCapacityProviderStrategy,
    ...(c.serviceConnectDefaults ? { serviceConnectDefaults: c.serviceConnectDefaults } : {}),
    ...(include.includes('SETTINGS') ? { settings: c.settings } : {}),
    ...(include.includes('TAGS')
      ? { tags: Object.entries(c.tags).map(([key, value]) => ({ key, value })) }
      : {}),
  }
}

function settingsFrom(input: Json, current: EcsCluster['settings']): EcsCluster['settings'] {
  const settings = input['settings']
  if (!Array.isArray(settings)) return current
  const next = [...current]
  for (const s of settings as Json[]) {
    if (s['name'] !== 'containerInsights') {
      throw ecsErrors.invalid(`Unknown cluster setting ${String(s['name'])}.`)
    }
    const value = String(s['value'])
    if (!['enabled', 'disabled', 'enhanced'].includes(value)) {
      throw ecsErrors.invalid('containerInsights must be enabled, disabled or enhanced.')
    }
    const i = next.findIndex((x) => x.name === 'containerInsights')
    if (i >= 0) next[i] = { name: 'containerInsights', value }
    else next.push({ name: 'containerInsights', value })
  }
  return next
}

const create: Handler = (input, ctx) => {
  const name = optionalString(input, 'clusterName', ecsErrors.invalid) ?? 'default'
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
    throw ecsErrors.invalid('Cluster names can be up to 255 letters, numbers, hyphens and underscores.')
  }
  const existing = ctx.world.ecs.clusters[name]
  // CreateCluster on an existing ACTIVE name returns that cluster (it is idempotent in ECS).
  if (existing?.status === 'ACTIVE') {
    return { cluster: clusterView(existing, ctx.world, ['SETTINGS', 'TAGS']) }
  }
  const providers = checkProviders(input['capacityProviders'])
  const tags = tagsFromList(input['tags'], 'key', 'value')
  checkTagCount(tags, ecsErrors.tooManyTags)
  const cluster: EcsCluster = {
    arn: arn(ctx, 'ecs', `cluster/${name}`),
    name,
    status: 'ACTIVE',
    capacityProviders: providers,
    defaultCapacityProviderStrategy: checkStrategy(input['defaultCapacityProviderStrategy'], providers),
    settings: settingsFrom(input, [{ name: 'containerInsights', value: 'disabled' }]),
    tags,
  }
  const defaults = serviceConnectDefaults(ctx, input['serviceConnectDefaults'])
  if (defaults) cluster.serviceConnectDefaults = defaults
  ctx.world.ecs.clusters[name] = cluster
  return { cluster: clusterView(cluster, ctx.world, ['SETTINGS', 'TAGS']) }
}

const describe: Handler = (input, ctx) => {
  const refs = Array.isArray(input['clusters']) ? (input['clusters'] as string[]) : ['default']
  if (refs.length > 100) throw ecsErrors.invalid('At most 100 clusters can be described at once.')
  const include = Array.isArray(input['include']) ? (input['include'] as string[]) : []
  const clusters: Json[] = []
  const failures: Json[] = []
  for (const ref of refs) {
    const c = findCluster(ctx.world, ref)
    if (c) clusters.push(clusterView(c, ctx.world, include))
    else {
      failures.push({
        arn: ref.startsWith('arn:') ? ref : arn(ctx, 'ecs', `cluster/${ref}`),
        reason: 'MISSING',
      })
    }
  }
  return { clusters, failures }
}

/** ListClusters: cluster ARNs, up to `maxResults` (1–100, default 100) a page (ECS API reference, ListClusters). */
const list: Handler = (input, ctx) => {
  const max = optionalInt(input, 'maxResults', ecsErrors.invalid, 1, 100) ?? 100
  const arns = Object.values(ctx.world.ecs.clusters)
    .filter((c) => c.status !== 'INACTIVE')
    .map((c) => c.arn)
    .sort()
  const { page, next } = paginate(
    arns,
    max,
    optionalString(input, 'nextToken', ecsErrors.invalid),
    ecsErrors.invalid,
  )
  return { clusterArns: page, ...(next ? { nextToken: next } : {}) }
}

const update: Handler = (input, ctx) => {
  const cluster = requireCluster(ctx.world, optionalString(input, 'cluster', ecsErrors.invalid))
  cluster.settings = settingsFrom(input, cluster.settings)
  if (input['serviceConnectDefaults'] !== undefined) {
    const defaults = serviceConnectDefaults(ctx, input['serviceConnectDefaults'])
    if (defaults) cluster.serviceConnectDefaults = defaults
    else delete cluster.serviceConnectDefaults
  }
  return { cluster: clusterView(cluster, ctx.world, ['SETTINGS', 'TAGS']) }
}

const putCapacityProviders: Handler = (input, ctx) => {
  const cluster = requireCluster(ctx.world, optionalString(input, 'cluster', ecsErrors.invalid))
  if (
    !Array.isArray(input['capacityProviders']) ||
    !Array.isArray(input['defaultCapacityProviderStrategy'])
  ) {
    throw ecsErrors.invalid('capacityProviders and defaultCapacityProviderStrategy are required.')
  }
  cluster.capacityProviders = checkProviders(input['capacityProviders'])
  cluster.defaultCapacityProviderStrategy = checkStrategy(
    input['defaultCapacityProviderStrategy'],
    cluster.capacityProviders,
  )
  return { cluster: clusterView(cluster, ctx.world, ['SETTINGS', 'TAGS']) }
}

const remove: Handler = (input, ctx) => {
  const cluster = requireCluster(ctx.world, optionalString(input, 'cluster', ecsErrors.invalid))
  const active = Object.values(ctx.world.ecs.services).some(
    (s) => s.clusterArn === cluster.arn && s.status !== 'INACTIVE',
  )
  if (active) {
    throw new AwsError(
      'ClusterContainsServicesException',
      'The Cluster cannot be deleted while Services are active.',
    )
  }
  cluster.status = 'INACTIVE'
  return { cluster: clusterView(cluster, ctx.world) }
}

export const clusterHandlers: Record<string, Handler> = {
  CreateCluster: create,
  DescribeClusters: describe,
  ListClusters: list,
  UpdateCluster: update,
  PutClusterCapacityProviders: putCapacityProviders,
  DeleteCluster: remove,
}
