/** @module Cloud Map lookups shared with ECS (Service Connect registers endpoints here). */
import { arn, type HandlerContext } from '../context.js'
import { nextId, type SdNamespace, type SdService, type World } from '../state.js'

/** A namespace by id, ARN or name, once its creating operation has finished. */
export function findNamespace(world: World, ref: string, now: number): SdNamespace | undefined {
  return Object.values(world.sd.namespaces).find((ns) => !ns.deleted && ns.readyAt <= now && (ns.id === ref || ns.arn === ref || ns.name === ref))
}

export function createNamespace(ctx: HandlerContext, name: string, description: string | undefined, tags: Record<string, string>, delaySeconds: number): SdNamespace {
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

export function servicesIn(world: World, namespaceId: string): SdService[] {
  return Object.values(world.sd.services).filter((s) => s.namespaceId === namespaceId)
}

/** The Cloud Map service ECS creates for a Service Connect endpoint (aws-facts §2.4). */
export function ensureEndpoint(ctx: HandlerContext, ns: SdNamespace, discoveryName: string, ownerServiceArn: string): SdService {
  const existing = servicesIn(ctx.world, ns.id).find((s) => s.name === discoveryName)
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
  return service
}

/**
 * Removes the endpoints an ECS service registered that it no longer uses. Whether ECS deletes them
 * when the service is deleted is unverified (aws-facts §10); we model that it does, see README.md.
 */
export function releaseEndpoints(world: World, ownerServiceArn: string, keep: readonly string[] = []): void {
  for (const [id, service] of Object.entries(world.sd.services)) {
    if (service.ownerServiceArn === ownerServiceArn && !keep.includes(id)) delete world.sd.services[id]
  }
}
