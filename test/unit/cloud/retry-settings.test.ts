/**
 * Retry settings of a Cloud: adaptive mode and 8 attempts by default; the SDK's standard sources
 * (AWS_MAX_ATTEMPTS / AWS_RETRY_MODE, then the profile's max_attempts / retry_mode, https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html)
 * override the defaults, and an explicit --max-attempts overrides them all.
 */
import { AdaptiveRetryStrategy, StandardRetryStrategy } from '@smithy/core/retry'
import { afterEach, describe, expect, it } from 'vitest'
import { RetrySettings } from '../../../src/cloud/aws/retry.js'
import { isolateAwsEnv } from '../../support/aws-env.js'

let restore: (() => void) | undefined
afterEach(() => {
  restore?.()
  restore = undefined
})

const PROFILE = '[profile ci]\nmax_attempts = 4\nretry_mode = standard\n'

describe('RetrySettings', () => {
  it('defaults to 8 attempts in adaptive mode when neither environment nor profile says otherwise', async () => {
    restore = isolateAwsEnv()
    const settings = new RetrySettings()
    expect(await settings.maxAttempts()).toBe(8)
    expect(await settings.retryMode()).toBe('adaptive')
    expect(await settings.strategyFor().resolved()).toBeInstanceOf(AdaptiveRetryStrategy)
  })

  it('takes AWS_MAX_ATTEMPTS and AWS_RETRY_MODE from the environment', async () => {
    restore = isolateAwsEnv({ AWS_MAX_ATTEMPTS: '2', AWS_RETRY_MODE: 'standard' })
    const settings = new RetrySettings()
    expect(await settings.maxAttempts()).toBe(2)
    expect(await settings.strategyFor().resolved()).toBeInstanceOf(StandardRetryStrategy)
  })

  it("takes the profile's max_attempts and retry_mode, the environment winning over the profile", async () => {
    restore = isolateAwsEnv({}, PROFILE)
    const fromProfile = new RetrySettings({ profile: 'ci' })
    expect(await fromProfile.maxAttempts()).toBe(4)
    expect(await fromProfile.retryMode()).toBe('standard')
    restore()
    restore = isolateAwsEnv({ AWS_MAX_ATTEMPTS: '6' }, PROFILE)
    expect(await new RetrySettings({ profile: 'ci' }).maxAttempts()).toBe(6)
  })

  it('an explicit maximum (--max-attempts) wins over environment and profile', async () => {
    restore = isolateAwsEnv({ AWS_MAX_ATTEMPTS: '2', AWS_PROFILE: 'ci' }, PROFILE)
    expect(await new RetrySettings({ maxAttempts: 5, profile: 'ci' }).maxAttempts()).toBe(5)
  })

  it('refuses a maximum below 1 or not whole', () => {
    expect(() => new RetrySettings({ maxAttempts: 0 })).toThrow(RangeError)
    expect(() => new RetrySettings({ maxAttempts: 2.5 })).toThrow(RangeError)
  })

  it('every strategy of one settings object shares its rate limiter; each keeps its own retry quota', async () => {
    restore = isolateAwsEnv()
    const settings = new RetrySettings()
    const [a, b] = await Promise.all([settings.strategyFor().resolved(), settings.strategyFor().resolved()])
    expect(a).not.toBe(b)
    const limiterOf = (s: unknown) => (s as { rateLimiter: unknown }).rateLimiter
    expect(limiterOf(a)).toBe(settings.rateLimiter)
    expect(limiterOf(b)).toBe(settings.rateLimiter)
    expect(new RetrySettings().rateLimiter).not.toBe(settings.rateLimiter)
  })
})
