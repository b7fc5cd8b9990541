/** @module Batches the services that waiting actions poll into DescribeServices calls of up to 10. */
import type { ActualService, EcsReader } from '../../cloud/ports/index.js'
import type { Clock } from '../../shared/clock.js'

/** DescribeServices takes at most 10 services a call (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html). */
const BATCH = 10

interface Waiter {
  readonly name: string
  readonly resolve: (service: ActualService | undefined) => void
  readonly reject: (err: unknown) => void
}

/**
 * Every waiting service polls on the same grid (see pollUntil), so their reads arrive within a few
 * milliseconds of each other: gathering them for `windowMs` turns N calls into N/10.
 */
export class ServiceReads {
  private pending = new Map<string, Waiter[]>()
  private flushing: Promise<void> | undefined

  constructor(
    private readonly ecs: EcsReader,
    private readonly clock: Clock,
    private readonly windowMs = 25,
  ) {}

  /** The service as DescribeServices reports it; undefined when missing or INACTIVE. */
  describe(cluster: string, name: string): Promise<ActualService | undefined> {
    return new Promise((resolve, reject) => {
      this.pending.set(cluster, [...(this.pending.get(cluster) ?? []), { name, resolve, reject }])
      this.flushing ??= this.flushSoon()
    })
  }

  private async flushSoon(): Promise<void> {
    await this.clock.sleep(this.windowMs)
    const batches = this.pending
    this.pending = new Map()
    this.flushing = undefined
    await Promise.all(
      [...batches].flatMap(([cluster, waiters]) => {
        const names = [...new Set(waiters.map((w) => w.name))]
        const chunks = Array.from({ length: Math.ceil(names.length / BATCH) }, (_, i) =>
          names.slice(i * BATCH, (i + 1) * BATCH),
        )
        return chunks.map(async (chunk) => {
          const mine = waiters.filter((w) => chunk.includes(w.name))
          try {
            const found = new Map((await this.ecs.describeServices(cluster, chunk)).map((s) => [s.name, s]))
            for (const w of mine) w.resolve(found.get(w.name))
          } catch (err) {
            for (const w of mine) w.reject(err)
          }
        })
      }),
    )
  }
}
