/** @module One pass at a time: triggers that arrive during a pass are coalesced into the next one; resync and retry timers. */
import type { TriggerKind } from './metrics.js'

export interface SchedulerOptions {
  /** Periodic resync (drift detection). */
  readonly intervalMs: number
  /** ± fraction of the interval, so many daemons do not read AWS in step. */
  readonly jitter: number
  /** When the earliest backed-off resource may be retried (a retry pass is scheduled then). */
  readonly nextRetryAt: () => number | undefined
  readonly onResyncScheduled?: (at: number) => void
  readonly random?: () => number
  readonly now?: () => number
}

export class PassScheduler {
  private readonly pending = new Set<TriggerKind>()
  private running: Promise<void> | undefined
  private stopped = false
  private resyncTimer: NodeJS.Timeout | undefined
  private retryTimer: NodeJS.Timeout | undefined

  constructor(
    private readonly runPass: (triggers: readonly TriggerKind[]) => Promise<void>,
    private readonly options: SchedulerOptions,
  ) {}

  /** Asks for a pass; returns at once. */
  trigger(kind: TriggerKind): void {
    if (this.stopped) return
    this.pending.add(kind)
    this.running ??= this.drain()
  }

  /** Stops taking triggers and waits for the pass in flight. */
  async stop(): Promise<void> {
    this.stopped = true
    this.clearTimers()
    await this.running
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.size > 0 && !this.stopped) {
        const triggers = [...this.pending]
        this.pending.clear()
        this.clearTimers()
        await this.runPass(triggers)
        if (!this.stopped) this.scheduleTimers()
      }
    } finally {
      this.running = undefined
    }
  }

  private scheduleTimers(): void {
    const now = (this.options.now ?? Date.now)()
    const random = this.options.random ?? Math.random
    const delay = Math.max(
      1,
      Math.round(this.options.intervalMs * (1 + this.options.jitter * (2 * random() - 1))),
    )
    this.resyncTimer = setTimeout(() => this.trigger('resync'), delay)
    this.options.onResyncScheduled?.(now + delay)
    const retryAt = this.options.nextRetryAt()
    if (retryAt !== undefined && retryAt - now < delay) {
      this.retryTimer = setTimeout(() => this.trigger('retry'), Math.max(1, retryAt - now))
    }
  }

  private clearTimers(): void {
    clearTimeout(this.resyncTimer)
    clearTimeout(this.retryTimer)
    this.resyncTimer = undefined
    this.retryTimer = undefined
  }
}
