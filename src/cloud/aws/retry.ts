/**
 * @module How the SDK clients of one Cloud retry: adaptive mode (client-side rate limiting) with 8
 * attempts unless the user says otherwise, and one rate limiter for all four clients, so throttling
 * seen on one API slows every client of the account down (ECS throttles per account and Region,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html).
 */
import { loadConfig } from '@smithy/core/config'
import {
  AdaptiveRetryStrategy,
  DefaultRateLimiter,
  NODE_MAX_ATTEMPT_CONFIG_OPTIONS,
  NODE_RETRY_MODE_CONFIG_OPTIONS,
  RETRY_MODES,
  StandardRetryStrategy,
} from '@smithy/core/retry'

/** The SDK's own default is 3 (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html); a reconcile pass makes hundreds of reads, and one throttled read past 3 attempts failed whole runs. */
export const DEFAULT_MAX_ATTEMPTS = 8
export const DEFAULT_RETRY_MODE = RETRY_MODES.ADAPTIVE

export interface RetryOptions {
  /** `--max-attempts`: wins over `AWS_MAX_ATTEMPTS` and the profile's `max_attempts`. */
  readonly maxAttempts?: number | undefined
  /** The shared-config profile whose `max_attempts` / `retry_mode` apply. */
  readonly profile?: string | undefined
}

type Strategy = AdaptiveRetryStrategy | StandardRetryStrategy
type Token = Parameters<Strategy['recordSuccess']>[0]
type ErrorInfo = Parameters<Strategy['refreshRetryTokenForRetry']>[1]

/**
 * The retry settings of one Cloud. Attempts and mode come from the SDK's own loaders (environment,
 * then the profile), with our defaults in place of the SDK's; only `--max-attempts` is passed explicitly.
 */
export class RetrySettings {
  /** One token bucket for every client of the Cloud (adaptive mode only). */
  readonly rateLimiter = new DefaultRateLimiter()
  readonly maxAttempts: () => Promise<number>
  readonly retryMode: () => Promise<string>

  constructor(options: RetryOptions = {}) {
    const explicit = options.maxAttempts
    if (explicit !== undefined && (!Number.isInteger(explicit) || explicit < 1)) {
      throw new RangeError(`max attempts must be a whole number of at least 1, got ${explicit}`)
    }
    const profile = options.profile ? { profile: options.profile } : {}
    this.maxAttempts =
      explicit !== undefined
        ? () => Promise.resolve(explicit)
        : loadConfig({ ...NODE_MAX_ATTEMPT_CONFIG_OPTIONS, default: DEFAULT_MAX_ATTEMPTS }, profile)
    this.retryMode = loadConfig({ ...NODE_RETRY_MODE_CONFIG_OPTIONS, default: DEFAULT_RETRY_MODE }, profile)
  }

  /** A strategy for one client: its own retry quota (as the SDK keeps per client), the shared rate limiter. */
  strategyFor(): CloudRetryStrategy {
    return new CloudRetryStrategy(this)
  }
}

/**
 * Chooses the SDK strategy once the mode and attempts are known (the loaders are asynchronous and
 * clients are built synchronously), then delegates to it.
 */
export class CloudRetryStrategy {
  private resolving: Promise<Strategy> | undefined
  private strategy: Strategy | undefined

  constructor(private readonly settings: RetrySettings) {}

  /** The SDK strategy in use, once the first call resolved it. */
  resolved(): Promise<Strategy> {
    this.resolving ??= Promise.all([this.settings.maxAttempts(), this.settings.retryMode()]).then(
      ([maxAttempts, mode]) => {
        this.strategy =
          mode === (RETRY_MODES.ADAPTIVE as string)
            ? new AdaptiveRetryStrategy(maxAttempts, { maxAttempts, rateLimiter: this.settings.rateLimiter })
            : new StandardRetryStrategy(maxAttempts)
        return this.strategy
      },
    )
    return this.resolving
  }

  async acquireInitialRetryToken(scope: string | undefined): Promise<Token> {
    // Older clients (FIS) pass an undefined scope; the current strategy expects a string.
    return (await this.resolved()).acquireInitialRetryToken(scope ?? '') as Promise<Token>
  }

  async refreshRetryTokenForRetry(token: Token, errorInfo: ErrorInfo): Promise<Token> {
    return (await this.resolved()).refreshRetryTokenForRetry(token, errorInfo) as Promise<Token>
  }

  recordSuccess(token: Token): void {
    // A success always follows acquireInitialRetryToken, which resolved the strategy.
    this.strategy?.recordSuccess(token)
  }
}
