/** @module Per-resource retry bookkeeping: exponential backoff for failures, no loop on terminal ones. */

export interface BackoffPolicy {
  readonly baseMs: number
  readonly maxMs: number
}

interface FailureEntry {
  readonly attempts: number
  readonly retryAt: number
  /** Terminal failures wait for the resource's manifest to change, whatever the time. */
  readonly terminal: boolean
  readonly fingerprint: string
}

export type Deferral =
  | { readonly until: number; readonly terminal: false }
  | { readonly until: undefined; readonly terminal: true }

export class BackoffBook {
  private readonly failures = new Map<string, FailureEntry>()

  constructor(private readonly policy: BackoffPolicy) {}

  /** Why `id` must not be retried now, or undefined when it may run. */
  deferral(id: string, fingerprint: string, now: number): Deferral | undefined {
    const entry = this.failures.get(id)
    if (!entry) return undefined
    if (entry.fingerprint !== fingerprint) {
      // The manifest changed: a fresh attempt, whatever happened before.
      this.failures.delete(id)
      return undefined
    }
    if (entry.terminal) return { until: undefined, terminal: true }
    return now < entry.retryAt ? { until: entry.retryAt, terminal: false } : undefined
  }

  recordFailure(id: string, fingerprint: string, terminal: boolean, now: number): FailureEntry {
    const attempts = (this.failures.get(id)?.attempts ?? 0) + 1
    const delay = Math.min(this.policy.maxMs, this.policy.baseMs * 2 ** (attempts - 1))
    const entry = { attempts, retryAt: now + delay, terminal, fingerprint }
    this.failures.set(id, entry)
    return entry
  }

  recordSuccess(id: string): void {
    this.failures.delete(id)
  }

  attempts(id: string): number {
    return this.failures.get(id)?.attempts ?? 0
  }

  /** The earliest time a non-terminal failure may be retried, to schedule the retry pass. */
  nextRetryAt(): number | undefined {
    let earliest: number | undefined
    for (const e of this.failures.values()) {
      if (!e.terminal && (earliest === undefined || e.retryAt < earliest)) earliest = e.retryAt
    }
    return earliest
  }
}
