/**
 * @module The daemon's chaos tick: the scheduler (src/chaos/runner.ts) run every `tickMs` on the
 * daemon's clock and after each pass, one tick at a time, feeding /status and the chaos metrics.
 */
import { ChaosRunner, type ChaosRunEvent, type DecidedSlotStore } from '../chaos/runner.js'
import type { Cloud } from '../cloud/ports/index.js'
import { errorMessage } from '../shared/errors.js'
import type { Clock } from '../shared/clock.js'
import type { WorkGrant } from './authority.js'
import type { Logger } from './logger.js'
import type { DaemonMetrics } from './metrics.js'
import type { PassRunner } from './reconcile-pass.js'
import type { StatusStore } from './status.js'

/** Cron slots are whole minutes: a tick every 10 s starts a slot within seconds of its time. */
export const DEFAULT_CHAOS_TICK_MS = 10_000

export interface ChaosLoopDeps {
  readonly cloud: Cloud
  readonly clock: Clock
  readonly logger: Logger
  readonly metrics: DaemonMetrics
  readonly status: StatusStore
  readonly passes: PassRunner
  readonly instance: string
  readonly dryRun: boolean
  readonly tickMs: number
  /** With a lease: what this replica may run chaos for now (undefined: nothing, it follows). */
  readonly grant?: () => WorkGrant | undefined
  /** With a lease table: where each schedule's last decided slot is also kept. */
  readonly decided?: DecidedSlotStore
}

export class ChaosLoop {
  private readonly runner: ChaosRunner
  private ticking: Promise<void> | undefined
  private again = false
  private readonly stopped = new AbortController()
  private timer: Promise<void> | undefined
  private readonly known = new Set<string>()
  /** The lease term the last tick ran under. */
  private term: string | undefined

  constructor(private readonly deps: ChaosLoopDeps) {
    const log = deps.logger.child({ component: 'chaos' })
    this.runner = new ChaosRunner({
      readers: deps.cloud.readers,
      // A dry run reports next runs and starts nothing.
      writers: deps.dryRun ? undefined : deps.cloud.writers,
      clock: deps.clock,
      instance: deps.instance,
      log,
      onRun: (event) => this.count(event),
      ...(deps.decided ? { decided: deps.decided } : {}),
    })
    deps.status.setChaosSource(() => this.runner.status())
  }

  /** Ticks every `tickMs` on the daemon's clock until stop(). */
  start(): void {
    this.timer ??= (async () => {
      while (!this.stopped.signal.aborted) {
        await this.deps.clock.sleep(this.deps.tickMs, this.stopped.signal)
        if (!this.stopped.signal.aborted) await this.tick()
      }
    })()
  }

  /** One tick now, or one more right after the tick in progress. */
  tick(): Promise<void> {
    // Only the lease holder runs chaos (a follower would start the same slots).
    if (this.stopped.signal.aborted || (this.deps.grant && !this.deps.grant())) return Promise.resolve()
    if (this.ticking) {
      this.again = true
      return this.ticking
    }
    this.ticking = (async () => {
      try {
        do {
          this.again = false
          await this.once()
        } while (this.again && !this.stopped.signal.aborted)
      } finally {
        this.ticking = undefined
      }
    })()
    return this.ticking
  }

  async stop(): Promise<void> {
    this.stopped.abort()
    await this.timer
    await this.ticking
  }

  private async once(): Promise<void> {
    const { passes, status, metrics } = this.deps
    // Asked again here: the lease may have ended while the previous tick ran.
    const grant = this.deps.grant?.()
    if (this.deps.grant && !grant) return
    // A new term: the runs another replica started meanwhile are learned from FIS first.
    if (grant && grant.term !== this.term) {
      if (this.term !== undefined) this.runner.recoverAgain()
      this.term = grant.term
    }
    try {
      await this.runner.tick({
        set: passes.currentSet(grant),
        ...(grant ? { fence: grant.fence } : {}),
        reconcilerStatus: (id) => status.resourceEntries().find((r) => r.id === id)?.status,
        changeInFlight: (id) => passes.changeInFlight(id),
      })
    } catch (err) {
      this.deps.logger.warn({ err: errorMessage(err) }, `chaos tick failed: ${errorMessage(err)}`)
    }
    const next = this.runner.nextRunTimes()
    for (const schedule of next.keys()) this.know(schedule)
    metrics.chaosNextRun.reset()
    for (const [schedule, at] of next) metrics.chaosNextRun.set({ schedule }, at / 1000)
    metrics.chaosRunning.set(this.runner.runningCount())
  }

  private know(schedule: string): void {
    if (this.known.has(schedule)) return
    this.known.add(schedule)
    this.deps.metrics.knowChaosSchedule(schedule)
  }

  private count(event: ChaosRunEvent): void {
    this.know(event.schedule)
    const outcome = event.outcome === 'preempted-by-deployment' ? 'preempted' : event.outcome
    this.deps.metrics.chaosRuns.inc({ schedule: event.schedule, outcome })
  }
}
