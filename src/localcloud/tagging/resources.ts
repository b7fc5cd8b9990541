/**
 * @module The tagged resources the emulator holds, as the Resource Groups Tagging API sees them,
 * sorted by ARN once and kept until the world's resources change (any write, or an endpoint
 * released as a service drains), so that each GetResources page costs its own size, not the
 * account's.
 */
import type { Tags, World } from '../state.js'

export interface TaggedResource {
  readonly arn: string
  readonly tags: Tags
}

/** A resource that may be listed: its live record, its region, and whether it exists at a time. */
export interface Candidate {
  readonly record: TaggedResource
  readonly parts: ReturnType<typeof arnParts>
  readonly exists: (now: number) => boolean
  /** Its place in the ARN order. */
  readonly position: number
}

const always = (): boolean => true

/**
 * Every resource that may carry tags, in the order of the world's collections. AWS also returns
 * resources that had tags once, with an empty set (GetResources `TagFilters`,
 * https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html); the
 * emulator keeps no tag history, so those are not modelled. Deregistered (INACTIVE) task definitions
 * still exist in ECS and keep their tags, so they are included; deleted services, clusters and
 * namespaces are not.
 */
function taggable(world: World): { record: TaggedResource; exists: (now: number) => boolean }[] {
  const each = <T extends TaggedResource>(
    records: Record<string, T>,
    exists: (r: T, now: number) => boolean,
  ) => Object.values(records).map((record) => ({ record, exists: (now: number) => exists(record, now) }))
  return [
    ...each(world.ecs.clusters, (c) => c.status === 'ACTIVE'),
    ...each(world.ecs.services, (s) => s.status !== 'INACTIVE'),
    ...each(world.ecs.taskDefinitions, (t) => t.status !== 'DELETE_IN_PROGRESS'),
    ...each(world.sd.namespaces, (n, now) => !n.deleted && n.readyAt <= now),
    ...each(world.sd.services, always),
    ...each(world.aas.targets, always),
    ...each(world.fis.templates, always),
    ...each(world.fis.experiments, always),
  ]
}

const sortedByWorld = new WeakMap<World, Candidate[]>()

/** The taggable resources sorted by ARN (ties in collection order), from the cache when nothing changed. */
export function candidatesByArn(world: World): readonly Candidate[] {
  let sorted = sortedByWorld.get(world)
  if (sorted) return sorted
  sorted = taggable(world)
    .sort((a, b) => (a.record.arn < b.record.arn ? -1 : a.record.arn > b.record.arn ? 1 : 0))
    .map((c, position) => ({ ...c, parts: arnParts(c.record.arn), position }))
  sortedByWorld.set(world, sorted)
  return sorted
}

/** Forgets the sorted list: the world's resources may have changed. */
export function taggedResourcesChanged(world: World): void {
  sortedByWorld.delete(world)
}

/** Whether the resource is listed at `now`: it exists and carries at least one tag. */
export function listed(candidate: Candidate, now: number): boolean {
  return candidate.exists(now) && Object.keys(candidate.record.tags).length > 0
}

/** The index of the first candidate whose ARN sorts after `arn` (all of them when undefined). */
export function firstAfter(sorted: readonly Candidate[], arn: string | undefined): number {
  if (arn === undefined) return 0
  let low = 0
  let high = sorted.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if ((sorted[mid] as Candidate).record.arn <= arn) low = mid + 1
    else high = mid
  }
  return low
}

/** The parts of `arn:partition:service:region:account:resource` that filters look at. */
export function arnParts(arn: string): { service: string; region: string; resourceType: string } {
  const [, , service = '', region = '', , ...rest] = arn.split(':')
  // The resource type is what precedes the first `/` or `:` of the resource part (`service/c/s`, `task-definition/f:3`).
  const resourceType = /^[^/:]*/.exec(rest.join(':'))?.[0] ?? ''
  return { service, region, resourceType }
}
