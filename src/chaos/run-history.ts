/**
 * @module The runs of one chaos schedule: one entry per cron slot, trimmed to `historyLimit`.
 *
 * A slot is recorded once: `started` (then `completed`, `stopped`, `failed` or
 * `preempted-by-deployment` when the experiment ends), or `skipped` by a guardrail, or `missed`
 * past its deadline. Slots are recorded in time order (missed ones before the due one, as
 * decideSlot lists them), and a slot at or before the last one recorded is refused: the in-memory
 * half of "each slot at most once" (the FIS clientToken is the other). Runs still going are never trimmed:
 * they count against `maxConcurrent`. No I/O and no clock of its own: callers pass the time.
 */
import type { GuardrailName } from './guardrails.js'
import { slotLabel } from './slot-identity.js'

export const DEFAULT_HISTORY_LIMIT = 10

export type EndOutcome = 'completed' | 'stopped' | 'failed' | 'preempted-by-deployment'
/** Why a slot was held back: a guardrail, or the schedule's FIS template not existing (yet). */
export type HoldReason = GuardrailName | 'template-missing'
export type RunOutcome = 'started' | 'skipped' | 'missed' | EndOutcome

export interface ChaosRun {
  readonly slot: number
  readonly outcome: RunOutcome
  /** When the run was recorded (started, skipped, missed). */
  readonly at: number
  readonly experimentId?: string
  readonly endedAt?: number
  /** For `skipped`: the guardrail that held it. */
  readonly guardrail?: HoldReason
  readonly reason?: string
}

/** A run as /status shows it: ISO times. */
export interface ChaosRunStatus {
  readonly slot: string
  readonly outcome: RunOutcome
  readonly at: string
  readonly experimentId?: string
  readonly endedAt?: string
  readonly guardrail?: HoldReason
  readonly reason?: string
}

export class ScheduleRuns {
  /** Newest slot first. */
  private runs: ChaosRun[] = []
  private lastSlot: number | undefined

  constructor(
    readonly schedule: string,
    private limit: number = DEFAULT_HISTORY_LIMIT,
  ) {}

  setLimit(limit: number | undefined): void {
    this.limit = limit ?? DEFAULT_HISTORY_LIMIT
    this.trim()
  }

  /** Records the start of `slot`'s experiment; false (and nothing recorded) when the slot is already handled. */
  started(slot: number, at: number, experimentId: string): boolean {
    return this.add({ slot, outcome: 'started', at, experimentId })
  }

  /** Records `slot` as held back by `guardrail`; false when the slot is already handled. */
  skipped(slot: number, at: number, guardrail: HoldReason, reason: string): boolean {
    return this.add({ slot, outcome: 'skipped', at, guardrail, reason })
  }

  /** Records slots that will never run (oldest first); slots already handled are left alone. */
  missed(slots: readonly number[], at: number, reason = 'missed its starting deadline'): void {
    for (const slot of slots) this.add({ slot, outcome: 'missed', at, reason })
  }

  /** Ends the running experiment of `slot`; false when that slot has no running experiment. */
  ended(slot: number, outcome: EndOutcome, at: number, reason?: string): boolean {
    const index = this.runs.findIndex((run) => run.slot === slot)
    const run = this.runs[index]
    if (!run || run.outcome !== 'started') return false
    this.runs[index] = { ...run, outcome, endedAt: at, ...(reason !== undefined ? { reason } : {}) }
    this.trim()
    return true
  }

  /** Marks every slot up to `slot` as handled without a run to show: a decision read back after a restart. */
  decidedThrough(slot: number): void {
    if (this.lastSlot === undefined || slot > this.lastSlot) this.lastSlot = slot
  }

  /** Whether `slot` is handled: slots are recorded in order, so any slot up to the last recorded one is. */
  handled(slot: number): boolean {
    return this.lastSlot !== undefined && slot <= this.lastSlot
  }

  /** The latest slot ever recorded, even if trimmed since: slot decisions start after it. */
  lastHandledSlot(): number | undefined {
    return this.lastSlot
  }

  running(): ChaosRun[] {
    return this.runs.filter((run) => run.outcome === 'started')
  }

  /** Newest slot first. */
  list(): readonly ChaosRun[] {
    return this.runs
  }

  toStatus(): { schedule: string; running: number; lastHandledSlot?: string; runs: ChaosRunStatus[] } {
    return {
      schedule: this.schedule,
      running: this.running().length,
      ...(this.lastSlot !== undefined ? { lastHandledSlot: slotLabel(this.lastSlot) } : {}),
      runs: this.runs.map((run) => ({
        slot: slotLabel(run.slot),
        outcome: run.outcome,
        at: new Date(run.at).toISOString(),
        ...(run.experimentId !== undefined ? { experimentId: run.experimentId } : {}),
        ...(run.endedAt !== undefined ? { endedAt: new Date(run.endedAt).toISOString() } : {}),
        ...(run.guardrail !== undefined ? { guardrail: run.guardrail } : {}),
        ...(run.reason !== undefined ? { reason: run.reason } : {}),
      })),
    }
  }

  private add(run: ChaosRun): boolean {
    if (this.handled(run.slot)) return false
    this.runs.unshift(run)
    this.lastSlot = run.slot
    this.trim()
    return true
  }

  private trim(): void {
    let kept = 0
    this.runs = this.runs.filter((run) => run.outcome === 'started' || kept++ < this.limit)
  }
}
