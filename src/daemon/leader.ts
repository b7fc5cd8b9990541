/**
 * @module Leader election on a lease: the holder reconciles, the others follow and take over when
 * it expires. Validity is measured on this process's monotonic clock from the moment the last
 * successful renew was *sent*, so a leader stops starting writes before any other replica's clock
 * can call the lease free (the DynamoDB Lock Client's rule, https://github.com/awslabs/amazon-dynamodb-lock-client).
 *
 * Clock skew: expiries are written on the holder's wall clock and compared on the taker's. A taker
 * treats a lease as free only `skewMarginMs` after its written expiry, and a holder stops starting
 * writes `skewMarginMs` before its own deadline: wall clocks that disagree by less than the margin
 * (Amazon Time Sync keeps Fargate tasks within milliseconds) can never give two leaders.
 */
import type { LeaseRecord, LeaseStore } from '../cloud/ports/index.js'
import { errorMessage, ReconcilerError } from '../shared/errors.js'
import type { Logger } from './logger.js'

export type LeaseTransition = 'acquired' | 'lost' | 'released' | 'expired'
export const LEASE_TRANSITIONS: readonly LeaseTransition[] = ['acquired', 'lost', 'released', 'expired']

export interface Leadership {
  readonly lease: string
  readonly role: 'leader' | 'follower'
  /** Holder id of the current leader, when known. */
  readonly leader: string | undefined
  /** Since when that leader holds the lease (ISO), when known. */
  readonly since: string | undefined
  readonly epoch: number | undefined
  /** This replica's holder id. */
  readonly holder: string
}

export interface LeaderElectorOptions {
  readonly store: LeaseStore
  readonly name: string
  readonly holder: string
  readonly durationMs: number
  readonly renewMs: number
  /** Default: a tenth of the duration, at most 1 s. */
  readonly skewMarginMs?: number
  readonly logger: Logger
  /** Wall clock (written into the lease). */
  readonly now?: () => number
  /** Monotonic clock (validity). */
  readonly monotonic?: () => number
  readonly onTransition?: (reason: LeaseTransition, leadership: Leadership) => void
  /**
   * Asked before taking a free lease (`--shards`: a replica takes at most its share). A reservation
   * comes back, given up once the attempt is over; undefined: do not try now.
   */
  readonly admit?: () => (() => void) | undefined
}

interface Term {
  readonly epoch: number
  /** Monotonic time until which this replica may start writes. */
  validUntil: number
  readonly ended: AbortController
}

/** A follower checks this often at most, so a released lease is taken within seconds whatever the renew interval. */
const MAX_FOLLOWER_POLL_MS = 2_000

export class LeaderElector {
  private term: Term | undefined
  private current: LeaseRecord | undefined
  private timer: NodeJS.Timeout | undefined
  private expiryTimer: NodeJS.Timeout | undefined
  private stopped = false
  private ticking: Promise<void> | undefined
  private readonly now: () => number
  private readonly monotonic: () => number
  readonly skewMarginMs: number

  constructor(private readonly options: LeaderElectorOptions) {
    this.now = options.now ?? Date.now
    this.monotonic = options.monotonic ?? (() => performance.now())
    this.skewMarginMs = options.skewMarginMs ?? Math.min(1_000, Math.round(options.durationMs / 10))
  }

  /** One attempt now (a missing table fails here, before the daemon reports itself up), then the loop. */
  async start(): Promise<void> {
    try {
      await this.tick(true)
    } catch (err) {
      if (err instanceof ReconcilerError && err.code === 'NOT_FOUND') throw err
      throw new ReconcilerError(
        'CLOUD_ERROR',
        `cannot use lease ${this.options.name} in ${this.options.store.description}: ${errorMessage(err)}`,
        {
          cause: err,
          hint: 'check the region, the credentials (dynamodb:GetItem and dynamodb:UpdateItem on the table) and, for a local DynamoDB, AWS_ENDPOINT_URL_DYNAMODB',
        },
      )
    }
    this.schedule()
  }

  get leadership(): Leadership {
    const term = this.isLeader() ? this.term : undefined
    const c = this.current
    return {
      lease: this.options.name,
      role: term ? 'leader' : 'follower',
      leader: term ? this.options.holder : c && this.isLive(c) ? c.holder : undefined,
      since: c && (term || this.isLive(c)) ? new Date(c.acquiredAtMs).toISOString() : undefined,
      epoch: term?.epoch ?? c?.epoch,
      holder: this.options.holder,
    }
  }

  /** True while this replica holds the lease and may start a write. */
  isLeader(): boolean {
    const term = this.term
    if (!term) return false
    if (this.monotonic() < term.validUntil) return true
    this.stepDown('expired')
    return false
  }

  /** Aborted when the current term ends; undefined when not leading. */
  termSignal(): AbortSignal | undefined {
    return this.isLeader() ? this.term?.ended.signal : undefined
  }

  /** Why a write may not start now (undefined: it may). */
  fence(): string | undefined {
    return this.isLeader()
      ? undefined
      : `not the leader of lease ${this.options.name} any more: writes stop here`
  }

  /** Gives the lease up while still running (a shard another replica should take); it is not taken again unless admitted. */
  async handBack(): Promise<void> {
    const term = this.term
    if (!term) return
    this.end('released')
    try {
      await this.options.store.release(this.options.name, this.options.holder, term.epoch)
    } catch (err) {
      this.options.logger.warn(
        { lease: this.options.name, err: errorMessage(err) },
        `lease ${this.options.name}: release failed; it expires on its own`,
      )
    }
  }

  /** Stops the loop and releases the lease if held, so a follower takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.ticking
    await this.handBack()
  }

  /** Closes the store (after stop). */
  close(): void {
    this.options.store.close()
  }

  private schedule(): void {
    if (this.stopped) return
    const delay = this.term ? this.options.renewMs : Math.min(this.options.renewMs, MAX_FOLLOWER_POLL_MS)
    this.timer = setTimeout(() => {
      this.ticking = this.tick(false).finally(() => {
        this.ticking = undefined
        this.schedule()
      })
    }, delay)
  }

  private async tick(first: boolean): Promise<void> {
    const { store, name, holder, durationMs, logger } = this.options
    try {
      if (this.isLeader() && this.term) {
        const term = this.term
        const sentAt = this.monotonic()
        const ok = await store.renew(name, holder, term.epoch, this.now() + durationMs)
        if (this.term !== term) return
        if (ok) return this.extend(term, sentAt)
        // Someone else holds it now: learn who, then stop leading.
        this.current = await store.read(name).catch(() => undefined)
        this.stepDown('lost')
        return
      }
      // Followers read first (cheap) and write only when the lease looks free.
      const seen = await store.read(name)
      this.current = seen
      if (seen && this.isLive(seen)) return
      const reservation = this.options.admit ? this.options.admit() : () => undefined
      if (!reservation) return
      // The reservation is given up only once the term is recorded, so the share is never overtaken.
      try {
        await this.take(this.monotonic())
      } finally {
        reservation()
      }
    } catch (err) {
      if (first) throw err
      logger.warn({ lease: name, err: errorMessage(err) }, `lease ${name}: ${errorMessage(err)}`)
    }
  }

  private async take(sentAt: number): Promise<void> {
    const { store, name, holder, durationMs } = this.options
    const now = this.now()
    const result = await store.acquire(name, holder, {
      nowMs: now,
      expiresAtMs: now + durationMs,
      freeBeforeMs: now - this.skewMarginMs,
    })
    if (!result.acquired) {
      this.current = result.current
      return
    }
    if (this.stopped) {
      await store.release(name, holder, result.lease.epoch)
      return
    }
    this.current = result.lease
    const term: Term = { epoch: result.lease.epoch, validUntil: 0, ended: new AbortController() }
    this.term = term
    this.extend(term, sentAt)
    this.transition('acquired')
  }

  private isLive(record: LeaseRecord): boolean {
    return record.expiresAtMs >= this.now() - this.skewMarginMs
  }

  /** A renew sent at `sentAt` succeeded: valid for the duration from then, less the margin. */
  private extend(term: Term, sentAt: number): void {
    term.validUntil = sentAt + this.options.durationMs - this.skewMarginMs
    clearTimeout(this.expiryTimer)
    // Steps down on time even if the renew in flight hangs: the deadline does not wait for the network.
    this.expiryTimer = setTimeout(
      () => void this.isLeader(),
      Math.max(0, term.validUntil - this.monotonic()) + 1,
    )
  }

  private stepDown(reason: 'lost' | 'expired'): void {
    if (!this.term) return
    this.end(reason)
  }

  private end(reason: LeaseTransition): void {
    const term = this.term
    if (!term) return
    this.term = undefined
    clearTimeout(this.expiryTimer)
    term.ended.abort(new Error(`lease ${this.options.name} ${reason}`))
    this.transition(reason, term.epoch)
  }

  private transition(reason: LeaseTransition, epoch = this.term?.epoch): void {
    const { name, holder, logger } = this.options
    const leadership = this.leadership
    const text: Record<LeaseTransition, string> = {
      acquired: `lease ${name} acquired (epoch ${epoch}): this replica leads`,
      lost: `lease ${name} lost (epoch ${epoch}): another replica holds it; no new writes`,
      expired: `lease ${name} expired before it could be renewed (epoch ${epoch}): no new writes, following`,
      released: `lease ${name} released (epoch ${epoch}) for a quick hand-over`,
    }
    logger[reason === 'acquired' || reason === 'released' ? 'info' : 'warn'](
      { lease: name, holder, epoch, transition: reason },
      text[reason],
    )
    this.options.onTransition?.(reason, leadership)
  }
}
