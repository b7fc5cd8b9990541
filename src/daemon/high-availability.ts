/**
 * @module The daemon's leases: one leader lease, or with `--shards` one lease per shard; metrics and
 * /status follow them. The lease table also keeps the chaos scheduler's decided slots.
 */
import type { DecidedSlotStore } from '../chaos/runner.js'
import type { LeaseStore } from '../cloud/ports/index.js'
import { leaderAuthority, shardAuthority, type WorkAuthority } from './authority.js'
import { LEASE_TRANSITIONS, LeaderElector, type Leadership, type LeaseTransition } from './leader.js'
import type { Logger } from './logger.js'
import type { DaemonMetrics } from './metrics.js'
import { ShardCoordinator, shardLeaseName } from './shard-coordinator.js'
import type { StatusStore } from './status.js'

export interface DaemonLeaseOptions {
  /** Opened once the region is known (the cloud's). */
  readonly openStore: (
    region: string,
    onCall: (service: string, operation: string, code: string, durationMs: number, attempt: number) => void,
  ) => LeaseStore
  readonly name: string
  readonly holder: string
  readonly durationMs: number
  readonly renewMs: number
  /** `--shards N`: the work split by cluster over N leases named `<name>/shard-<i>`. */
  readonly shards?: number
}

export interface HighAvailability {
  readonly authority: WorkAuthority
  /** The chaos scheduler's decided slots, kept in the lease table beside the leases. */
  readonly decided: DecidedSlotStore
  /** The first lease calls: a missing table fails here. */
  start(): Promise<void>
  /** Releases what is held, so another replica takes over at once. */
  stop(): Promise<void>
  close(): void
}

export function openHighAvailability(
  lease: DaemonLeaseOptions,
  deps: {
    region: string
    logger: Logger
    metrics: DaemonMetrics
    status: StatusStore
    onAcquired: () => void
  },
): HighAvailability {
  const { metrics, status, logger } = deps
  const store = lease.openStore(deps.region, (service, operation, code, _durationMs, attempt) =>
    metrics.recordCall(service, operation, code, attempt),
  )
  const record = (name: string, reason: LeaseTransition, leadership: Leadership): void => {
    metrics.leaseTransitions.inc({ lease: name, reason })
    metrics.leader.set({ lease: name }, leadership.role === 'leader' ? 1 : 0)
    if (reason === 'acquired') deps.onAcquired()
  }
  const decided = decidedSlotsIn(store, lease.name)
  const common = { store, holder: lease.holder, durationMs: lease.durationMs, renewMs: lease.renewMs, logger }
  if (lease.shards !== undefined) {
    for (let shard = 0; shard < lease.shards; shard++) {
      metrics.initLease(shardLeaseName(lease.name, shard), LEASE_TRANSITIONS)
    }
    const coordinator = new ShardCoordinator({
      ...common,
      base: lease.name,
      shards: lease.shards,
      onTransition: (shard, reason, leadership) =>
        record(shardLeaseName(lease.name, shard), reason, leadership),
      onOwnedChange: (owned) => metrics.shardsOwned.set(owned.length),
    })
    status.setShards(() => coordinator.status())
    return {
      authority: shardAuthority(coordinator),
      decided,
      start: () => coordinator.start(),
      stop: () => coordinator.stop(),
      close: () => coordinator.close(),
    }
  }
  metrics.initLease(lease.name, LEASE_TRANSITIONS)
  const elector = new LeaderElector({
    ...common,
    name: lease.name,
    onTransition: (reason, leadership) => record(lease.name, reason, leadership),
  })
  status.setLeadership(() => elector.leadership)
  return {
    authority: leaderAuthority(elector),
    decided,
    start: () => elector.start(),
    stop: () => elector.stop(),
    close: () => elector.close(),
  }
}

/** One mark per schedule, `<lease>/chaos-decided/<schedule>`: beside the leases, never listed with them. */
export function decidedSlotsIn(store: LeaseStore, lease: string): DecidedSlotStore {
  const mark = (schedule: string): string => `${lease}/chaos-decided/${schedule}`
  return {
    read: (schedule) => store.readMark(mark(schedule)),
    record: (schedule, slot) => store.raiseMark(mark(schedule), slot),
  }
}
