/** @module Counts every AWS call by `Service.Operation` and outcome, for `--stats` and metrics. */
import type { CallStats } from '../ports/index.js'

export type CallListener = (service: string, operation: string, outcome: string, durationMs: number) => void

export class CallCounter implements CallStats {
  private readonly counts = new Map<string, Map<string, number>>()

  record(service: string, operation: string, outcome: string): void {
    const key = `${service}.${operation}`
    const byOutcome = this.counts.get(key) ?? new Map<string, number>()
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1)
    this.counts.set(key, byOutcome)
  }

  snapshot(): Record<string, Record<string, number>> {
    return Object.fromEntries([...this.counts].map(([op, outcomes]) => [op, Object.fromEntries(outcomes)]))
  }

  total(): number {
    let sum = 0
    for (const outcomes of this.counts.values()) for (const n of outcomes.values()) sum += n
    return sum
  }
}
