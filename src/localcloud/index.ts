/** @module Library entry point: start the local cloud in-process on loopback (ephemeral port by default). */
import type { AddressInfo } from 'node:net'
import { manualClock, realClock } from './clock.js'
import type { Timing } from './context.js'
import { Faults, resolveFaults, type FaultConfig } from './faults.js'
import { loadWorld } from './persistence.js'
import { createLocalCloudServer, type ServerEnv } from './server.js'

export type { FaultConfig } from './faults.js'

export interface LocalCloudOptions {
  port?: number
  host?: string
  region?: string
  statePath?: string
  clock?: 'real' | 'manual'
  timing?: Partial<Timing>
  faults?: FaultConfig
}

export interface LocalCloud {
  readonly endpoint: string
  readonly port: number
  /** Manual clock only: moves time forward; lifecycles advance on the next request. */
  advance(seconds: number): void
  close(): Promise<void>
  /** Requests served, by `Service.Operation`. */
  requestCount(): Record<string, number>
}

/** Small defaults so demos converge in seconds; tests pass their own. */
export const DEFAULT_TIMING: Timing = { taskStartSeconds: 2, drainSeconds: 2, namespaceCreateSeconds: 1 }

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const clock = options.clock === 'manual' ? manualClock() : realClock()
  const env: ServerEnv = {
    world: loadWorld(options.statePath),
    clock,
    timing: { ...DEFAULT_TIMING, ...options.timing },
    faults: new Faults(resolveFaults(options.faults)),
    defaultRegion: options.region ?? 'us-east-1',
    statePath: options.statePath,
    counts: new Map(),
  }
  const server = createLocalCloudServer(env)
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  let closing: Promise<void> | undefined
  return {
    endpoint: `http://${host}:${port}`,
    port,
    advance: (seconds) => clock.advance(seconds),
    requestCount: () => Object.fromEntries(env.counts),
    close: () => {
      // Idempotent: a second close waits on the first.
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closing
    },
  }
}
