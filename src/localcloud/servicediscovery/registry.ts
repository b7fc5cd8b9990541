/** @module Cloud Map lookups shared with ECS (Service Connect registers endpoints here). */
import { arn, type HandlerContext } from '../context.js'
import { nextId, type SdNamespace, type SdService, type World } from '../state.js'
import { taggedResourcesChanged } from '../tagging/resources.js'

/** A namespace by id, ARN or name, once its creating operation has finished. */
export function findNamespace(world: World, ref: string, now: number): SdNamespace | undefined {
  return Object.values(world.sd.namespaces).find(
    (ns) => !ns.deleted && ns.readyAt <= now && (ns.id === ref || ns.arn === ref || ns.name === ref),
  )
}

export function createNamespace(
  ctx: HandlerContext,
  name: string,
  description: string | undefined,
  tags: Record<string, string>,
  delaySeconds: number,
): SdNamespace {
  const id = `ns-${nextId(ctx.world, 16)}`
  const ns: SdNamespace = {
    id,
    arn: arn(ctx, 'servicediscovery', `namespace/${id}`),
    name,
    ...(description !== undefined ? { description } : {}),
    createDate: ctx.now,
    readyAt: ctx.now + delaySeconds * 1000,
    tags,
  }
  ctx.world.sd.namespaces[id] = ns
  return ns
}

/**
 * Cloud Map services by namespace and name and by owning ECS service, derived from the world (and
 * rebuilt for one loaded from disk): Service Connect looks endpoints up on every CreateService and
 * UpdateService, and scanning every endpoint made those calls grow with the size of the cloud.
 * Only this module adds or removes Cloud Map services, so it keeps the index in step.
 */
interface EndpointIndex {
  readonly byName: Map<string, SdService>
  readonly byNamespace: Map<string, Set<SdService>>
  readonly byOwner: Map<string, Set<SdService>>
}

const indexes = new WeakMap<World, EndpointIndex>()
const nameKey = (namespaceId: string, name: string): string => `${namespaceId}/${name}`

function addTo(map: Map<string, Set<SdService>>, key: string, service: SdService): void {
  const set = map.get(key)
  if (set) set.add(service)
  else map.set(key, new Set([service]))
}

function indexOf(world: World): EndpointIndex {
  let index = indexes.get(world)
  if (!index) {
    index = { byName: new Map(), byNamespace: new Map(), byOwner: new Map() }
    for (const service of Object.values(world.sd.services)) indexService(index, service)
    indexes.set(world, index)
  }
  return index
}

function indexService(index: EndpointIndex, service: SdService): void {
  const key = nameKey(service.namespaceId, service.name)
  // The first of a name wins, as a scan in insertion order would find it.
  if (!index.byName.has(key)) index.byName.set(key, service)
  addTo(index.byNamespace, service.namespaceId, service)
  if (service.ownerServiceArn) addTo(index.byOwner, service.ownerServiceArn, service)
}

function unindexService(index: EndpointIndex, service: SdService): void {
  const key = nameKey(service.namespaceId, service.name)
  if (index.byName.get(key) === service) {
    index.byName.delete(key)
    const next = [...(index.byNamespace.get(service.namespaceId) ?? [])].find(
      (s) => s !== service && s.name === service.name,
    )
    if (next) index.byName.set(key, next)
  }
  index.byNamespace.get(service.namespaceId)?.delete(service)
  if (service.ownerServiceArn) index.byOwner.get(service.ownerServiceArn)?.delete(service)
}

export function servicesIn(world: World, namespaceId: string): SdService[] {
  return [...(indexOf(world).byNamespace.get(namespaceId) ?? [])]
}

/** The Cloud Map service of that name in the namespace, if any. */
export function endpointNamed(world: World, namespaceId: string, name: string): SdService | undefined {
  return indexOf(world).byName.get(nameKey(namespaceId, name))
}

/** The Cloud Map service ECS creates for a Service Connect endpoint (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html). */
export function ensureEndpoint(
  ctx: HandlerContext,
  ns: SdNamespace,
  discoveryName: string,
  ownerServiceArn: string,
): SdService {
  const existing = endpointNamed(ctx.world, ns.id, discoveryName)
  if (existing) return existing
  const id = `srv-${nextId(ctx.world, 16)}`
  const service: SdService = {
    id,
    arn: arn(ctx, 'servicediscovery', `service/${id}`),
    name: discoveryName,
    namespaceId: ns.id,
    createDate: ctx.now,
    ownerServiceArn,
    tags: {},
  }
  ctx.world.sd.services[id] = service
  indexService(indexOf(ctx.world), service)
  return service
}

/**
 * Removes the endpoints an ECS service registered that it no longer uses. Whether ECS deletes them
 * when the service is deleted is unverified; we model that it does (docs/aws-behaviour.md).
 */
export function releaseEndpoints(world: World, ownerServiceArn: string, keep: readonly string[] = []): void {
  const index = indexOf(world)
  for (const service of [...(index.byOwner.get(ownerServiceArn) ?? [])]) {
    if (keep.includes(service.id)) continue
    delete world.sd.services[service.id]
    unindexService(index, service)
    // Called while the world evolves, outside any write: the tagged-resource listing must hear of it.
    taggedResourcesChanged(world)
  }
}
