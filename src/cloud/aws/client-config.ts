/**
 * @module The one configuration every SDK client of a Cloud gets, whatever its generation (the FIS
 * client is older than the others): region, endpoint, credentials, timeouts and the retry settings.
 */
import { RetrySettings } from './retry.js'

export interface ClientConfigOptions {
  readonly region: string
  readonly profile?: string | undefined
  readonly endpoint?: string | undefined
  readonly credentials?: { accessKeyId: string; secretAccessKey: string } | undefined
  readonly maxAttempts?: number | undefined
  readonly requestTimeoutMs?: number | undefined
}

/** The request handler settings, as a plain object both SDK generations' `NodeHttpHandler.create` accept. */
export interface RequestHandlerSettings {
  readonly requestTimeout: number
  readonly connectionTimeout: number
  readonly throwOnRequestTimeout: true
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000
export const CONNECTION_TIMEOUT_MS = 5_000

export class SharedClientConfig {
  /** One rate limiter for every client; each client keeps its own retry quota, as the SDK does. */
  readonly retry: RetrySettings
  private readonly base: Record<string, unknown>

  constructor(options: ClientConfigOptions) {
    this.retry = new RetrySettings({ maxAttempts: options.maxAttempts, profile: options.profile })
    const credentials =
      options.credentials ??
      (options.endpoint ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined)
    const requestHandler: RequestHandlerSettings = {
      // Timeouts keep a hung call from stalling a pass. throwOnRequestTimeout: without it the current
      // SDK only warns and a hung call waits forever (the older generation always throws).
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    }
    this.base = {
      region: options.region,
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(credentials ? { credentials } : {}),
      requestHandler,
    }
  }

  /** The configuration for one more client: the shared settings and its own retry strategy. */
  forClient(): SdkClientConfig {
    return {
      ...this.base,
      maxAttempts: this.retry.maxAttempts,
      retryStrategy: this.retry.strategyFor(),
    } as SdkClientConfig
  }
}

/** Structural: assignable to every client's config type of either generation. */
export interface SdkClientConfig {
  readonly region: string
  readonly maxAttempts: () => Promise<number>
  readonly retryStrategy: ReturnType<RetrySettings['strategyFor']>
  readonly requestHandler: RequestHandlerSettings
}
