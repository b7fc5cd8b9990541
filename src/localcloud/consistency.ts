/**
 * @module Eventual consistency: for a configurable lag after a write, reads see a resource as it was
 * before (or not at all, when the write created it).
 *
 * The ECS API reference says the ECS API follows an eventual consistency model: the result of a
 * command may not be visible at once to the commands that follow (RunTask,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html); Application Auto
 * Scaling says the same of its creates (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html RegisterScalableTarget, "brief eventual
 * consistency after create"), and Cloud Map's writes are asynchronous operations (https://docs.aws.amazon.com/cloud-map/latest/api/API_GetOperation.html). The model is deliberately simple and deterministic: per resource, the
 * view readers saw before the first write of a burst and the time of the last write; until `lagMs`
 * has passed since that last write, reads get the old view. Writes always act on the current state.
 * Off (lag 0) it costs nothing; on, every write copies the tracked collections, so it is meant for
 * tests and demos, not large worlds.
 */
import type { Json, World } from './state.js'

/** The collections whose records Describe/List/Get answer from. */
const TRACKED = [
  ['ecs', 'clusters'],
  ['ecs', 'services'],
  ['ecs', 'taskDefinitions'],
  ['sd', 'namespaces'],
  ['aas', 'targets'],
  ['aas', 'policies'],
  ['aas', 'scheduled'],
  ['fis', 'templates'],
] as const

type Area = (typeof TRACKED)[number][0]
type Collection = Record<string, unknown>
type Snapshot = Map<string, Collection>

interface Pending {
  /** What readers see until the lag has passed; undefined = the resource is not visible yet. */
  readonly previous: unknown
  /** Time (clock ms) of the last write to the resource. */
  writtenAt: number
}

/** The variable that sets the lag when the caller passes none (the test suite sets it; see vitest.config.ts). */
export const CONSISTENCY_LAG_ENV = 'ECS_RECONCILER_CONSISTENCY_LAG'

/** The lag named by the environment: `0`, `<n>ms` or `<n>s`; 0 when unset. */
export function lagFromEnvironment(env: NodeJS.ProcessEnv = process.env): number {
  const text = env[CONSISTENCY_LAG_ENV]?.trim()
  if (!text) return 0
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text)
  if (!match) {
    throw new Error(`${CONSISTENCY_LAG_ENV} must be 0 or a duration such as 300ms or 2s, got "${text}"`)
  }
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1)
}

const collectionOf = (world: World, area: Area, name: string): Collection =>
  (world[area] as unknown as Record<string, Collection>)[name] ?? {}

export class ConsistencyLag {
  private readonly pending = new Map<string, Map<string, Pending>>()

  constructor(readonly lagMs: number) {}

  get enabled(): boolean {
    return this.lagMs > 0
  }

  /** Copy of the tracked collections just before a write (undefined when the lag is off). */
  beforeWrite(world: World): Snapshot | undefined {
    if (!this.enabled) return undefined
    return new Map(
      TRACKED.map(([area, name]) => [`${area}.${name}`, structuredClone(collectionOf(world, area, name))]),
    )
  }

  /** Records every resource the write changed: readers keep the view they had until the lag passes. */
  afterWrite(world: World, before: Snapshot | undefined, now: number): void {
    if (!before) return
    for (const [area, name] of TRACKED) {
      const key = `${area}.${name}`
      const old = before.get(key) ?? {}
      const current = collectionOf(world, area, name)
      let pending = this.pending.get(key)
      for (const id of new Set([...Object.keys(old), ...Object.keys(current)])) {
        if (JSON.stringify(old[id]) === JSON.stringify(current[id])) continue
        pending ??= new Map()
        this.pending.set(key, pending)
        const earlier = pending.get(id)
        // A second write inside the lag keeps the view readers still see, and restarts the lag.
        if (earlier && now - earlier.writtenAt < this.lagMs) earlier.writtenAt = now
        else pending.set(id, { previous: old[id], writtenAt: now })
      }
    }
  }

  /** The world as a reader sees it at `now`: recent writes replaced by the views before them. */
  readView(world: World, now: number): World {
    if (!this.enabled || this.pending.size === 0) return world
    let view: World | undefined
    for (const [key, pending] of this.pending) {
      for (const [id, p] of pending) if (now - p.writtenAt >= this.lagMs) pending.delete(id)
      if (pending.size === 0) {
        this.pending.delete(key)
        continue
      }
      const [area, name] = key.split('.') as [Area, string]
      view ??= {
        ...world,
        ecs: { ...world.ecs },
        sd: { ...world.sd },
        aas: { ...world.aas },
        fis: { ...world.fis },
      }
      const lagged: Collection = { ...collectionOf(world, area, name) }
      for (const [id, p] of pending) {
        if (p.previous === undefined) delete lagged[id]
        else lagged[id] = p.previous
      }
      ;(view[area] as unknown as Json)[name] = lagged
    }
    return view ?? world
  }
}
