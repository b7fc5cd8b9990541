/**
 * @module Lookups ECS handlers would otherwise answer by scanning every service or task definition:
 * CreateService client tokens, services by ARN, task-definition revisions by family. Derived from
 * the world (built on first use, so a world loaded from disk or a lagged read view gets its own),
 * kept current by the handlers that add services and revisions, never persisted. Every hit is
 * checked against the record it names, so a stale entry costs a miss, never a wrong answer.
 */
import type { EcsService, EcsTaskDefinition, World } from '../state.js'

interface EcsIndex {
  /** `clusterArn token` → keys of the services created with that client token. */
  readonly clientTokens: Map<string, string[]>
  /** Service ARN → keys of the services with that ARN. */
  readonly serviceArns: Map<string, string[]>
  /** Family → task-definition ARNs, in registration order (so revisions ascend). */
  readonly families: Map<string, string[]>
}

const indexes = new WeakMap<World, EcsIndex>()

const tokenKey = (clusterArn: string, token: string): string => `${clusterArn} ${token}`

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key)
  if (!list) map.set(key, [value])
  else if (!list.includes(value)) list.push(value)
}

function indexOf(world: World): EcsIndex {
  let index = indexes.get(world)
  if (index) return index
  index = { clientTokens: new Map(), serviceArns: new Map(), families: new Map() }
  for (const [key, service] of Object.entries(world.ecs.services)) addService(index, key, service)
  for (const td of Object.values(world.ecs.taskDefinitions)) push(index.families, td.family, td.arn)
  indexes.set(world, index)
  return index
}

function addService(index: EcsIndex, key: string, service: EcsService): void {
  push(index.serviceArns, service.arn, key)
  const token = service.creation?.clientToken
  if (token !== undefined) push(index.clientTokens, tokenKey(service.clusterArn, token), key)
}

/** Stores a new service under `key` (CreateService), indexed. */
export function storeService(world: World, key: string, service: EcsService): void {
  world.ecs.services[key] = service
  addService(indexOf(world), key, service)
}

/** Records a task definition just stored (RegisterTaskDefinition). */
export function taskDefinitionAdded(world: World, td: EcsTaskDefinition): void {
  push(indexOf(world).families, td.family, td.arn)
}

/** The live (not INACTIVE) service of the cluster created with this client token, if any. */
export function serviceByClientToken(
  world: World,
  clusterArn: string,
  token: string,
): EcsService | undefined {
  for (const key of indexOf(world).clientTokens.get(tokenKey(clusterArn, token)) ?? []) {
    const s = world.ecs.services[key]
    if (s && s.clusterArn === clusterArn && s.status !== 'INACTIVE' && s.creation?.clientToken === token) {
      return s
    }
  }
  return undefined
}

/** The live (not INACTIVE) service with this ARN; a miss is confirmed by a scan, so it is never wrong. */
export function liveServiceByArn(world: World, serviceArn: string): EcsService | undefined {
  const live = (s: EcsService | undefined): s is EcsService =>
    s !== undefined && s.arn === serviceArn && s.status !== 'INACTIVE'
  for (const key of indexOf(world).serviceArns.get(serviceArn) ?? []) {
    const s = world.ecs.services[key]
    if (live(s)) return s
  }
  // ARNs are not secret: an unknown one is an error path, where a scan's cost does not matter.
  return Object.values(world.ecs.services).find(live)
}

/** The task definitions of one family, in registration order. */
export function revisionsOf(world: World, family: string): EcsTaskDefinition[] {
  const out: EcsTaskDefinition[] = []
  for (const tdArn of indexOf(world).families.get(family) ?? []) {
    const td = world.ecs.taskDefinitions[tdArn]
    if (td && td.family === family) out.push(td)
  }
  return out
}
