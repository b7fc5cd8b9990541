/**
 * @module `run --shards N`: one lease per shard (`<base>/shard-<i>`), balanced across the live
 * replicas. Each replica keeps a heartbeat item (`<base>/members/<holder>`) in the same table,
 * renewed like a lease and released on shutdown; the live heartbeats are the replicas. A replica
 * takes a free shard only while it holds fewer than ⌈N / replicas⌉, and hands back its highest
 * shards when it holds more (a replica appeared). All agreement comes from DynamoDB conditional
 * writes on the shard leases; the heartbeats only size each replica's share.
 */
import type { LeaseStore } from '../cloud/ports/index.js'
import { errorMessage } from '../shared/errors.js'
import { LeaderElector, type Leadership, type LeaseTransition } from './leader.js'
import type { Logger } from './logger.js'

export interface ShardCoordinatorOptions {
  readonly store: LeaseStore
  /** Lease names start with it: `<base>/shard-<i>`, `<base>/members/<holder>`. */
  readonly base: string
  readonly shards: number
  readonly holder: string
  readonly durationMs: number
  readonly renewMs: number
  readonly logger: Logger
  readonly now?: () => number
  readonly onTransition?: (shard: number, reason: LeaseTransition, leadership: Leadership) => void
  /** The set of shards owned changed (after any transition). */
  readonly onOwnedChange?: (owned: readonly number[]) => void
}

export interface ShardsStatus {
  readonly count: number
  /** Live replicas this replica sees (itself included). */
  readonly replicas: number
  /** ⌈count / replicas⌉: the most shards this replica takes. */
  readonly share: number
  readonly owned: readonly number[]
  readonly leases: readonly (Leadership & { readonly shard: number })[]
}

export function shardLeaseName(base: string, shard: number): string {
  return `${base}/shard-${shard}`
}

export class ShardCoordinator {
  readonly electors: readonly LeaderElector[]
  private replicas = 1
  private reserved = 0
  private known = false
  private timer: NodeJS.Timeout | undefined
  private refreshing: Promise<void> | undefined
  private stopped = false
  private memberEpoch: number | undefined
  private lastOwned = ''
  private readonly now: () => number
  private readonly memberName: string

  constructor(private readonly options: ShardCoordinatorOptions) {
    this.now = options.now ?? Date.now
    this.memberName = `${options.base}/members/${options.holder}`
    this.electors = Array.from(
      { length: options.shards },
      (_, shard) =>
        new LeaderElector({
          store: options.store,
          name: shardLeaseName(options.base, shard),
          holder: options.holder,
          durationMs: options.durationMs,
          renewMs: options.renewMs,
          logger: options.logger,
          ...(options.now ? { now: options.now } : {}),
          admit: () => this.admit(),
          onTransition: (reason, leadership) => {
            options.onTransition?.(shard, reason, leadership)
            this.ownedMayHaveChanged()
          },
        }),
    )
  }

  /** Heartbeat and the replicas first (so the first share is right), then the shard leases. */
  async start(): Promise<void> {
    await this.refresh(true)
    for (const elector of this.electors) await elector.start()
    this.schedule()
  }

  /** Shards this replica may write for right now. */
  owned(): number[] {
    return this.electors.flatMap((e, shard) => (e.isLeader() ? [shard] : []))
  }

  get share(): number {
    return Math.ceil(this.options.shards / Math.max(1, this.replicas))
  }

  status(): ShardsStatus {
    return {
      count: this.options.shards,
      replicas: this.replicas,
      share: this.share,
      owned: this.owned(),
      leases: this.electors.map((e, shard) => ({ shard, ...e.leadership })),
    }
  }

  /** Releases every shard and the heartbeat, so the others rebalance at once. */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.refreshing
    await Promise.all(this.electors.map((e) => e.stop()))
    if (this.memberEpoch !== undefined) {
      await this.options.store
        .release(this.memberName, this.options.holder, this.memberEpoch)
        .catch((err: unknown) => {
          this.options.logger.warn(
            { err: errorMessage(err) },
            `replica heartbeat ${this.memberName}: release failed; it expires on its own`,
          )
        })
    }
  }

  close(): void {
    this.options.store.close()
  }

  private admit(): (() => void) | undefined {
    if (!this.known || this.stopped || this.owned().length + this.reserved >= this.share) return undefined
    this.reserved += 1
    return () => {
      this.reserved -= 1
    }
  }

  private schedule(): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.refreshing = this.refresh(false).finally(() => {
        this.refreshing = undefined
        this.schedule()
      })
    }, this.options.renewMs)
  }

  private async refresh(first: boolean): Promise<void> {
    const { store, holder, durationMs, logger, base } = this.options
    try {
      const now = this.now()
      const renewed =
        this.memberEpoch !== undefined &&
        (await store.renew(this.memberName, holder, this.memberEpoch, now + durationMs))
      if (!renewed) {
        // Nobody else writes this item; a failed renew means it was never taken (or was purged).
        const taken = await store.acquire(this.memberName, holder, {
          nowMs: now,
          expiresAtMs: now + durationMs,
          freeBeforeMs: Number.MAX_SAFE_INTEGER,
        })
        if (taken.acquired) this.memberEpoch = taken.lease.epoch
      }
      const members = await store.list(`${base}/members/`)
      const live = members.filter((m) => m.expiresAtMs >= this.now() || m.holder === holder)
      const replicas = Math.max(1, live.length)
      if (replicas !== this.replicas || !this.known) {
        logger.info(
          { replicas, share: Math.ceil(this.options.shards / replicas), shards: this.options.shards },
          `shards: ${replicas} live replica(s), this one takes at most ${Math.ceil(this.options.shards / replicas)} of ${this.options.shards}`,
        )
      }
      this.replicas = replicas
      this.known = true
      await this.handBackExtras()
    } catch (err) {
      if (first) throw err
      logger.warn({ err: errorMessage(err) }, `shards: replica heartbeat failed: ${errorMessage(err)}`)
    }
  }

  /** More shards than the share (a replica appeared): the highest ones go back, for the newcomer to take. */
  private async handBackExtras(): Promise<void> {
    const extras = this.owned().slice(this.share)
    for (const shard of extras) {
      this.options.logger.info(
        { shard, share: this.share, replicas: this.replicas },
        `shard ${shard}: handed back (${this.replicas} replicas share ${this.options.shards} shards)`,
      )
      await this.electors[shard]?.handBack()
    }
  }

  private ownedMayHaveChanged(): void {
    const owned = this.owned()
    const key = owned.join(',')
    if (key === this.lastOwned) return
    this.lastOwned = key
    this.options.logger.info(
      { shardsOwned: owned, share: this.share, replicas: this.replicas },
      `shards owned: ${owned.length === 0 ? 'none' : owned.join(', ')} (${owned.length} of ${this.options.shards})`,
    )
    this.options.onOwnedChange?.(owned)
  }
}
