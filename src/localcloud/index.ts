/** @module Library entry point: start the local cloud in-process on loopback (ephemeral port by default). */
import type { AddressInfo } from 'node:net'
import { manualClock, realClock } from './clock.js'
import { ConsistencyLag, lagFromEnvironment } from './consistency.js'
import type { Timing } from './context.js'
import { Faults, resolveFaults, type FaultConfig } from './faults.js'
import { loadWorld, StateWriter } from './persistence.js'
import { createLocalCloudServer, type ServerEnv } from './server.js'

export type { FaultConfig } from './faults.js'

export interface LocalCloudOptions {
  port?: number
  host?: string
  region?: string
  statePath?: string
  /**
   * Shortest time between two writes of the state file (default 250 ms): mutations in between are
   * written together; close() writes what is pending. A crash loses the changes since the last write.
   */
  persistIntervalMs?: number
  /** Told of every write of the state file, with its size in bytes (benchmarks, tests). */
  onStateWrite?: (bytes: number) => void
  clock?: 'real' | 'manual'
  timing?: Partial<Timing>
  faults?: FaultConfig
  /**
   * Eventual consistency: for this long after a write, Describe/List/Get see the resource as it was
   * before (or not at all after a create). Default: ECS_RECONCILER_CONSISTENCY_LAG, else 0 (reads
   * are consistent); always 0 on the manual clock, where time moves only when a test says so and a
   * default lag would hide every write for good. See consistency.ts.
   */
  consistencyLagMs?: number
}

export interface LocalCloud {
  readonly endpoint: string
  readonly port: number
  /** Manual clock only: moves time forward; lifecycles advance on the next request. */
  advance(seconds: number): void
  /** Puts a CloudWatch alarm in ALARM (true) or OK (false): FIS stop conditions naming it act on the next request. */
  setAlarm(alarmArn: string, inAlarm: boolean): void
  /** Stops serving and writes pending state (a failed write is reported on stderr). */
  close(): Promise<void>
  /** Requests served, by `Service.Operation`. */
  requestCount(): Record<string, number>
  /** Write responses dropped by the `dropWriteResponseRate` fault (the writes happened), by `Service.Operation`. */
  droppedResponses(): Record<string, number>
}

/** Small defaults so demos converge in seconds; tests pass their own. */
export const DEFAULT_TIMING: Timing = {
  taskStartSeconds: 2,
  taskRunSeconds: 2,
  drainSeconds: 2,
  namespaceCreateSeconds: 1,
}

export const DEFAULT_PERSIST_INTERVAL_MS = 250

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const clock = options.clock === 'manual' ? manualClock() : realClock()
  const world = loadWorld(options.statePath)
  const state = new StateWriter(options.statePath, world, {
    intervalMs: options.persistIntervalMs ?? DEFAULT_PERSIST_INTERVAL_MS,
    ...(options.onStateWrite ? { onWrite: options.onStateWrite } : {}),
  })
  const faults = new Faults(resolveFaults(options.faults))
  const env: ServerEnv = {
    world,
    clock,
    timing: { ...DEFAULT_TIMING, ...options.timing },
    faults,
    defaultRegion: options.region ?? 'us-east-1',
    state,
    counts: new Map(),
    dropped: new Map(),
    consistency: new ConsistencyLag(
      options.consistencyLagMs ?? (options.clock === 'manual' ? 0 : lagFromEnvironment()),
    ),
  }
  const server = createLocalCloudServer(env)
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  }).catch((err: unknown) => {
    state.close()
    throw err
  })
  const { port } = server.address() as AddressInfo
  let closing: Promise<void> | undefined
  return {
    endpoint: `http://${host}:${port}`,
    port,
    advance: (seconds) => clock.advance(seconds),
    setAlarm: (alarmArn, inAlarm) => faults.setAlarm(alarmArn, inAlarm),
    requestCount: () => Object.fromEntries(env.counts),
    droppedResponses: () => Object.fromEntries(env.dropped),
    close: () => {
      // Idempotent: a second close waits on the first. The state is written once no request is left.
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }).then(() => state.close())
      return closing
    },
  }
}
