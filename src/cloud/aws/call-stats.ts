/** @module Counts every AWS attempt on the wire by `Service.Operation` and outcome, and the retries among them, for `--stats` and metrics. */
import type { CallStats } from '../ports/index.js'

/** Told of every attempt: `attempt` is 1 for the first try of a call, 2 for its first retry, … */
export type CallListener = (
  service: string,
  operation: string,
  outcome: string,
  durationMs: number,
  attempt: number,
) => void

export class CallCounter implements CallStats {
  private readonly counts = new Map<string, Map<string, number>>()
  private readonly retriesByOperation = new Map<string, number>()

  record(service: string, operation: string, outcome: string, attempt: number): void {
    const key = `${service}.${operation}`
    const byOutcome = this.counts.get(key) ?? new Map<string, number>()
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1)
    this.counts.set(key, byOutcome)
    // Every attempt after a call's first is a retry, so retries = attempts − logical calls.
    if (attempt > 1) this.retriesByOperation.set(key, (this.retriesByOperation.get(key) ?? 0) + 1)
  }

  snapshot(): Record<string, Record<string, number>> {
    return Object.fromEntries([...this.counts].map(([op, outcomes]) => [op, Object.fromEntries(outcomes)]))
  }

  retries(): Record<string, number> {
    return Object.fromEntries(this.retriesByOperation)
  }

  total(): number {
    let sum = 0
    for (const outcomes of this.counts.values()) for (const n of outcomes.values()) sum += n
    return sum
  }

  totalRetries(): number {
    let sum = 0
    for (const n of this.retriesByOperation.values()) sum += n
    return sum
  }
}
