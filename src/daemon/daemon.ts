/** @module The `run` daemon: a source, one pass at a time, HTTP status and metrics, clean shutdown. */
import { setMaxListeners } from 'node:events'
import { ADAPTER_OPERATIONS } from '../cloud/aws/operations.js'
import type { Cloud } from '../cloud/ports/index.js'
import { errorMessage } from '../shared/errors.js'
import type { Clock } from '../shared/clock.js'
import { BackoffBook, type BackoffPolicy } from './backoff.js'
import { ChaosLoop, DEFAULT_CHAOS_TICK_MS } from './chaos-loop.js'
import { serveHttp, type HttpEndpoint } from './http.js'
import { isWildcard } from './http-guard.js'
import { openHighAvailability, type DaemonLeaseOptions, type HighAvailability } from './high-availability.js'
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
  const parts = wireDaemon(options, opened, metrics, status)
  const { elector, scheduler, chaos } = parts
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
  await startSource(options, parts)
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
  parts.started = true
  scheduler.trigger('startup')
  chaos.start()

  let stopping: Promise<void> | undefined
  return { url: http.url, stop: () => (stopping ??= stopDaemon(options, parts, http)) }
}

/** The daemon's parts, wired to each other but not started yet. */
interface DaemonParts {
  readonly opened: OpenedDaemonCloud
  readonly status: StatusStore
  readonly elector: HighAvailability | undefined
  readonly chaos: ChaosLoop
  readonly scheduler: PassScheduler
  /** Aborted on stop: the pass in flight starts nothing new. */
  readonly interrupt: AbortController
  /** Up (listening): from then on, a lease acquired starts a pass. */
  started: boolean
}

/** Status, backoff, lease, passes, chaos and the scheduler that runs them, built in that order. */
function wireDaemon(
  options: DaemonOptions,
  opened: OpenedDaemonCloud,
  metrics: DaemonMetrics,
  status: StatusStore,
): DaemonParts {
  const { logger, clock, settings } = options
  const backoff = new BackoffBook(options.backoff)
  const elector = options.lease
    ? openHighAvailability(options.lease, {
        region: opened.cloud.region,
        logger,
        metrics,
        status,
        onAcquired: () => {
          if (parts.started) parts.scheduler.trigger('startup')
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
  const scheduler = schedulePasses(options, { runner, chaos, grant, interrupt, backoff, status })
  const parts: DaemonParts = { opened, status, elector, chaos, scheduler, interrupt, started: false }
  return parts
}

type Grant = () => ReturnType<HighAvailability['authority']['grant']>

/** One pass at a time, then a chaos tick; with a lease, only under a grant (a follower runs neither). */
function schedulePasses(
  options: DaemonOptions,
  deps: {
    readonly runner: PassRunner
    readonly chaos: ChaosLoop
    readonly grant: Grant | undefined
    readonly interrupt: AbortController
    readonly backoff: BackoffBook
    readonly status: StatusStore
  },
): PassScheduler {
  const { runner, chaos, grant, interrupt, backoff, status } = deps
  return new PassScheduler(
    async (triggers) => {
      // A follower runs no pass and no chaos; the leader's pass ends its waits as soon as its term (or a shard's) ends.
      if (!grant) {
        await runner.run(triggers, interrupt.signal)
        return void (await chaos.tick())
      }
      const granted = grant()
      if (!granted) return
      const passSignal = AbortSignal.any([interrupt.signal, granted.signal])
      // Every service waiting for steady state sleeps on this signal at once: hundreds of listeners is normal.
      setMaxListeners(0, passSignal)
      await runner.run(triggers, passSignal, granted)
      await chaos.tick()
    },
    {
      intervalMs: options.intervalMs,
      jitter: 0.1,
      nextRetryAt: () => backoff.nextRetryAt(),
      onResyncScheduled: (at) => status.setNextResync(at),
    },
  )
}

/** The source next: a remote that cannot be cloned stops the daemon before it reports itself up. */
async function startSource(options: DaemonOptions, parts: DaemonParts): Promise<void> {
  const { logger, source } = options
  try {
    await source.start(
      (reason) => {
        logger.info({ reason }, 'manifests changed')
        parts.scheduler.trigger('change')
      },
      (err) => logger.warn({ err: errorMessage(err) }, `source ${source.description}: ${errorMessage(err)}`),
    )
  } catch (err) {
    await parts.elector?.stop()
    parts.elector?.close()
    await parts.opened.close()
    throw err
  }
}

/** Stops taking triggers, lets the pass in flight finish, then closes everything in order. */
async function stopDaemon(options: DaemonOptions, parts: DaemonParts, http: HttpEndpoint): Promise<void> {
  const { elector } = parts
  parts.interrupt.abort()
  await options.source.close()
  await parts.scheduler.stop()
  await parts.chaos.stop()
  // After the pass in flight: its writes finish under this term, then a follower may take over at once.
  await elector?.stop()
  elector?.close()
  parts.status.setNextResync(undefined)
  await http.close()
  await parts.opened.close()
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
