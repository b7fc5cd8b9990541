/**
 * One in-process daemon replica with a lease in dynalite, for the HA tests: its DynamoDB calls go
 * through a fault proxy (cut it off with `mode = 'hang'`), its cloud calls through a recording proxy
 * (who wrote what), and its log lines are kept.
 */
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { DynamoLeaseStore } from '../../src/cloud/aws/dynamodb-lease.js'
import { createAwsCloud } from '../../src/cloud/aws/create-cloud.js'
import { startDaemon, type DaemonOptions, type RunningDaemon } from '../../src/daemon/daemon.js'
import { DirectorySource } from '../../src/daemon/sources/directory.js'
import type { PassSettings } from '../../src/daemon/reconcile-pass.js'
import type { Clock } from '../../src/shared/clock.js'
import { startFaultProxy, type FaultProxy } from './dynalite.js'
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.js'

export interface LeasedReplica {
  readonly name: string
  readonly daemon: RunningDaemon
  readonly dynamoProxy: FaultProxy
  readonly cloudProxy: RecordingProxy
  readonly lines: Record<string, unknown>[]
  stopped: boolean
  /** Stops the daemon (unless stopped) and closes both proxies. */
  close(): Promise<void>
}

export interface LeasedReplicaOptions {
  readonly name: string
  readonly manifests: string
  readonly cloudEndpoint: string
  readonly dynamoEndpoint: string
  readonly table: string
  readonly lease: {
    readonly name: string
    readonly durationMs: number
    readonly renewMs: number
    readonly shards?: number
  }
  readonly clock: Clock
  readonly pollMs: number
  readonly intervalMs: number
  readonly backoff: DaemonOptions['backoff']
  readonly settings: Partial<PassSettings>
}

export async function startLeasedReplica(o: LeasedReplicaOptions): Promise<LeasedReplica> {
  const dynamoProxy = await startFaultProxy(o.dynamoEndpoint)
  const cloudProxy = await startRecordingProxy(o.cloudEndpoint)
  const lines: Record<string, unknown>[] = []
  const logger = pino(
    { level: 'info' },
    new Writable({
      write: (chunk: Buffer, _e, done) => (
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>),
        done()
      ),
    }),
  )
  const daemon = await startDaemon({
    source: new DirectorySource(o.manifests, 'r1', 50),
    openCloud: (onCall) => {
      const cloud = createAwsCloud({
        readOnly: false,
        endpoint: cloudProxy.endpoint,
        region: 'us-east-1',
        onCall,
      })
      return Promise.resolve({ cloud, pollMs: o.pollMs, close: () => Promise.resolve(cloud.close()) })
    },
    logger,
    clock: o.clock,
    listen: { host: '127.0.0.1', port: 0 },
    intervalMs: o.intervalMs,
    backoff: o.backoff,
    settings: {
      instance: 'ecs-reconciler',
      defaultCluster: 'default',
      revision: 'r1',
      dryRun: false,
      prune: false,
      adopt: false,
      maxDeletes: 5,
      force: false,
      allowReplace: false,
      // The fixtures name roles and secrets no test creates; verify has tests of its own.
      verify: false,
      timeoutMs: 600_000,
      concurrency: 4,
      pollMs: o.pollMs,
      ...o.settings,
    },
    // Lease times are real (the elector's own clocks), whatever clock the passes and chaos follow.
    lease: {
      openStore: (region) =>
        new DynamoLeaseStore({
          table: o.table,
          region,
          endpoint: dynamoProxy.endpoint,
          requestTimeoutMs: 400,
        }),
      name: o.lease.name,
      holder: o.name,
      durationMs: o.lease.durationMs,
      renewMs: o.lease.renewMs,
      ...(o.lease.shards !== undefined ? { shards: o.lease.shards } : {}),
    },
  })
  const replica: LeasedReplica = {
    name: o.name,
    daemon,
    dynamoProxy,
    cloudProxy,
    lines,
    stopped: false,
    close: async () => {
      dynamoProxy.mode = 'pass'
      if (!replica.stopped) await daemon.stop()
      replica.stopped = true
      await dynamoProxy.close()
      await cloudProxy.close()
    },
  }
  return replica
}
