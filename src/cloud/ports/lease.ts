/** @module The lease port: one named lease with a holder, an expiry and a fencing epoch, in a store every replica shares. */

/** A lease as stored. Times are Unix milliseconds on the writer's wall clock. */
export interface LeaseRecord {
  readonly name: string
  readonly holder: string
  /** Raised by one on every acquisition (never on renew), so a newer holder always has a larger epoch. */
  readonly epoch: number
  readonly expiresAtMs: number
  /** When the current holder acquired it. */
  readonly acquiredAtMs: number
}

export type AcquireResult =
  | { readonly acquired: true; readonly lease: LeaseRecord }
  | { readonly acquired: false; readonly current: LeaseRecord | undefined }

export interface LeaseStore {
  /** Where the leases live, for messages (`dynamodb://table`). */
  readonly description: string
  /**
   * Takes the lease when nobody holds it or its expiry is before `freeBeforeMs`; raises the epoch.
   * `freeBeforeMs` is the caller's clock minus its skew margin.
   */
  acquire(
    name: string,
    holder: string,
    times: { readonly nowMs: number; readonly expiresAtMs: number; readonly freeBeforeMs: number },
  ): Promise<AcquireResult>
  /** Extends the lease only if `holder` still holds it at `epoch`; false when it does not. */
  renew(name: string, holder: string, epoch: number, expiresAtMs: number): Promise<boolean>
  /** Ends the lease at once (expiry 0, epoch kept) if `holder` still holds it at `epoch`. */
  release(name: string, holder: string, epoch: number): Promise<boolean>
  /** The current record, read consistently. A missing store fails every call with a clear NOT_FOUND error. */
  read(name: string): Promise<LeaseRecord | undefined>
  /** Every record whose name starts with `prefix`, read consistently (replicas' heartbeats, shard leases). */
  list(prefix: string): Promise<LeaseRecord[]>
  /**
   * A number kept beside the leases under its own name, read consistently (the chaos scheduler's
   * last decided slot of a schedule, so a restarted or new leader knows it); undefined when unset.
   */
  readMark(name: string): Promise<number | undefined>
  /** Stores `value` unless the stored mark is as high already: a mark only ever rises. */
  raiseMark(name: string, value: number): Promise<void>
  close(): void
}
