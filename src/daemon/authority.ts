/**
 * @module What this replica may write, asked at the start of each pass and chaos tick: nothing
 * (a follower, or a replica that owns no shard), everything (the leader), or some shards.
 */
import type { LeaderElector } from './leader.js'
import type { ShardCoordinator } from './shard-coordinator.js'

export interface WorkGrant {
  /** Aborted as soon as any lease the grant rests on ends. */
  readonly signal: AbortSignal
  /** Asked before each wave, action and chaos start: a reason stops new writes. */
  readonly fence: () => string | undefined
  /** Names the leases' terms (epochs): it changes whenever this replica (re)gains or loses one. */
  readonly term: string
  /** With `--shards`: the shards granted (a pass reconciles, prunes and runs chaos for these only). */
  readonly shards?: { readonly count: number; readonly owned: ReadonlySet<number> }
}

export interface WorkAuthority {
  /** The grant for one pass or tick, or undefined when this replica may write nothing now. */
  grant(): WorkGrant | undefined
}

export function leaderAuthority(elector: LeaderElector): WorkAuthority {
  return {
    grant: () => {
      const signal = elector.termSignal()
      return signal
        ? { signal, fence: () => elector.fence(), term: String(elector.leadership.epoch) }
        : undefined
    },
  }
}

/**
 * The shards owned when the pass starts; the pass stops starting writes if any of them is lost
 * meanwhile (its epoch is checked before every wave and action), and the next pass covers what is
 * still owned.
 */
export function shardAuthority(coordinator: ShardCoordinator): WorkAuthority {
  return {
    grant: () => {
      const owned = coordinator.owned()
      if (owned.length === 0) return undefined
      const electors = owned.map((shard) => coordinator.electors[shard] as LeaderElector)
      const signals = electors.map((e) => e.termSignal()).filter((s): s is AbortSignal => s !== undefined)
      return {
        signal: AbortSignal.any(signals),
        fence: () => electors.map((e) => e.fence()).find((reason) => reason !== undefined),
        term: owned.map((shard, i) => `${shard}@${electors[i]?.leadership.epoch}`).join(','),
        shards: { count: coordinator.status().count, owned: new Set(owned) },
      }
    },
  }
}
