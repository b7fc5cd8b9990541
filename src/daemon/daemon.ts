/** @module The `run` daemon: a source, one pass at a time, HTTP status and metrics, clean shutdown. */
import { ADAPTER_OPERATIONS } from '../cloud/aws/operations.js'
import type { Cloud } from '../cloud/ports/index.js'
import { errorMessage } from '../shared/errors.js'
import type { Clock } from '../shared/clock.js'
import { BackoffBook, type BackoffPolicy } from './backoff.js'
import { ChaosLoop, DEFAULT_CHAOS_TICK_MS } from './chaos-loop.js'
import { serveHttp, type HttpEndpoint } from './http.js'
import { isWildcard } from './http-guard.js'
import { openHighAvailability, type DaemonLeaseOptions } from './high-availability.js'
import type { Logger } from './logger.js'
import { DaemonMetrics } from './metrics.js'
import { PassRunner, type PassSettings } from './reconcile-pass.js'
import { PassScheduler } from './scheduler.js'
import type { ManifestSource } from './sources/source.js'
import { StatusStore } from './status.js'

export interface OpenedDaemonCloud {
  readonly cloud: Cloud
  /** Steady-state polling interval that suits the backend. */
  readonly pollMs: number
  close(): Promise<void>
}

export interface DaemonOptions {
  readonly source: ManifestSource
  /** Opens the cloud with a listener for every API attempt (metrics); `attempt` above 1 is a retry. */
  readonly openCloud: (
    onCall: (service: string, operation: string, code: string, durationMs: number, attempt: number) => void,
  ) => Promise<OpenedDaemonCloud>
  readonly logger: Logger
  readonly clock: Clock
  readonly listen: { readonly host: string; readonly port: number }
  /** `Host` names the HTTP listener accepts besides loopback names and its bound addresses. */
  readonly allowedHosts?: readonly string[]
  readonly intervalMs: number
  readonly backoff: BackoffPolicy
  readonly settings: Omit<PassSettings, 'pollMs'> & { readonly pollMs: number | undefined }
  /** How often the chaos scheduler looks for due slots (default 10 s), besides after each pass. */
  readonly chaosTickMs?: number
  /** High availability: only the holder of this lease (or of a shard's) reconciles. Absent, the daemon runs alone. */
  readonly lease?: DaemonLeaseOptions
}

export type { DaemonLeaseOptions } from './high-availability.js'

export interface RunningDaemon {
  readonly url: string
  /** Stops taking triggers, lets the pass in flight finish its calls (starting nothing new), closes everything. */
  stop(): Promise<void>
}

export async function startDaemon(options: DaemonOptions): Promise<RunningDaemon> {
  const { logger, clock, settings } = options
  const metrics = new DaemonMetrics(ADAPTER_OPERATIONS)
  const startedAt = new Date(clock.now()).toISOString()
  const opened = await options.openCloud((service, operation, code, _durationMs, attempt) =>
    metrics.recordCall(service, operation, code, attempt),
  )
  const status = new StatusStore({
    instance: settings.instance,
    source: options.source.description,
    region: opened.cloud.region,
    dryRun: settings.dryRun,
    startedAt,
  })
  const backoff = new BackoffBook(options.backoff)
  let started = false
  const elector = options.lease
    ? openHighAvailability(options.lease, {
        region: opened.cloud.region,
        logger,
        metrics,
        status,
        onAcquired: () => {
          if (started) scheduler.trigger('startup')
        },
      })
    : undefined
  const grant = elector ? () => elector.authority.grant() : undefined
  const runner = new PassRunner({
    source: options.source,
    cloud: opened.cloud,
    logger,
    metrics,
    status,
    backoff,
    clock,
    settings: { ...settings, pollMs: settings.pollMs ?? opened.pollMs },
  })
  const interrupt = new AbortController()
  const chaos = new ChaosLoop({
    cloud: opened.cloud,
    clock,
    logger,
    metrics,
    status,
    passes: runner,
    instance: settings.instance,
    dryRun: settings.dryRun,
    tickMs: options.chaosTickMs ?? DEFAULT_CHAOS_TICK_MS,
    ...(grant ? { grant } : {}),
    ...(elector ? { decided: elector.decided } : {}),
  })
  const scheduler = new PassScheduler(
    async (triggers) => {
      // A follower runs no pass and no chaos; the leader's pass ends its waits as soon as its term (or a shard's) ends.
      if (!grant) {
        await runner.run(triggers, interrupt.signal)
        return void (await chaos.tick())
      }
      const granted = grant()
      if (!granted) return
      await runner.run(triggers, AbortSignal.any([interrupt.signal, granted.signal]), granted)
      await chaos.tick()
    },
    {
      intervalMs: options.intervalMs,
      jitter: 0.1,
      nextRetryAt: () => backoff.nextRetryAt(),
      onResyncScheduled: (at) => status.setNextResync(at),
    },
  )
  // The lease first: a missing table stops the daemon before anything else starts.
  if (elector) {
    try {
      await elector.start()
    } catch (err) {
      await elector.stop()
      elector.close()
      await opened.close()
      throw err
    }
  }
  // The source next: a remote that cannot be cloned stops the daemon before it reports itself up.
  try {
    await options.source.start(
      (reason) => {
        logger.info({ reason }, 'manifests changed')
        scheduler.trigger('change')
      },
      (err) =>
        logger.warn({ err: errorMessage(err) }, `source ${options.source.description}: ${errorMessage(err)}`),
    )
  } catch (err) {
    await elector?.stop()
    elector?.close()
    await opened.close()
    throw err
  }
  const http = await serveHttp(options.listen, status, metrics, {
    allowedHosts: options.allowedHosts ?? [],
  }).catch(async (err: unknown) => {
    await options.source.close()
    await elector?.stop()
    elector?.close()
    await opened.close()
    throw err
  })
  logListening(logger, http, options.listen.host, {
    source: options.source.description,
    region: opened.cloud.region,
    dryRun: settings.dryRun,
    prune: settings.prune,
  })
  started = true
  scheduler.trigger('startup')
  chaos.start()

  let stopping: Promise<void> | undefined
  return {
    url: http.url,
    stop: () =>
      (stopping ??= (async () => {
        interrupt.abort()
        await options.source.close()
        await scheduler.stop()
        await chaos.stop()
        // After the pass in flight: its writes finish under this term, then a follower may take over at once.
        await elector?.stop()
        elector?.close()
        status.setNextResync(undefined)
        await http.close()
        await opened.close()
      })()),
  }
}

/** A wildcard listen says so: every interface is reachable, and the log names each address. */
function logListening(
  logger: Logger,
  http: HttpEndpoint,
  host: string,
  context: Record<string, unknown>,
): void {
  if (!isWildcard(host)) {
    logger.info({ url: http.url, ...context }, `listening on ${http.url}`)
    return
  }
  logger.warn(
    { url: http.url, boundUrls: http.boundUrls, ...context },
    `listening on every interface (${new URL(http.url).host}): ${http.boundUrls.join(', ')}`,
  )
}
