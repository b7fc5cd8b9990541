/** @module The tagged resources the emulator holds, as the Resource Groups Tagging API sees them. */
import type { Tags, World } from '../state.js'

export interface TaggedResource {
  readonly arn: string
  readonly tags: Tags
}

/**
 * Every resource that still exists and carries at least one tag. AWS also returns resources that
 * had tags once, with an empty set (GetResources `TagFilters`,
 * https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html); the
 * emulator keeps no tag history, so those are not modelled. Deregistered (INACTIVE) task definitions
 * still exist in ECS and keep their tags, so they are included; deleted services, clusters and
 * namespaces are not.
 */
export function taggedResources(world: World, now: number): TaggedResource[] {
  const all: TaggedResource[] = [
    ...Object.values(world.ecs.clusters).filter((c) => c.status === 'ACTIVE'),
    ...Object.values(world.ecs.services).filter((s) => s.status !== 'INACTIVE'),
    ...Object.values(world.ecs.taskDefinitions).filter((t) => t.status !== 'DELETE_IN_PROGRESS'),
    ...Object.values(world.sd.namespaces).filter((n) => !n.deleted && n.readyAt <= now),
    ...Object.values(world.sd.services),
    ...Object.values(world.aas.targets),
    ...Object.values(world.fis.templates),
    ...Object.values(world.fis.experiments),
  ].map((r) => ({ arn: r.arn, tags: r.tags }))
  return all.filter((r) => Object.keys(r.tags).length > 0)
}

/** The parts of `arn:partition:service:region:account:resource` that filters look at. */
export function arnParts(arn: string): { service: string; region: string; resourceType: string } {
  const [, , service = '', region = '', , ...rest] = arn.split(':')
  // The resource type is what precedes the first `/` or `:` of the resource part (`service/c/s`, `task-definition/f:3`).
  const resourceType = /^[^/:]*/.exec(rest.join(':'))?.[0] ?? ''
  return { service, region, resourceType }
}
