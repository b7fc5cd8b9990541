/**
 * When the local cloud's circuit breaker fails a deployment: it is on, the deployment is still in
 * progress, and at least the threshold of tasks failed to start — half the desired count, at least 3,
 * at most 200 (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html).
 */
import { describe, expect, it } from 'vitest'
import { breakerTrips } from '../../../src/localcloud/ecs/lifecycle.js'

describe('breakerTrips', () => {
  it.each([
    ['in progress, on, 3 failed of 2 desired', 'IN_PROGRESS', true, 3, 2, true],
    ['in progress, on, 2 failed of 2 desired (threshold 3)', 'IN_PROGRESS', true, 2, 2, false],
    ['in progress, on, 5 failed of 10 desired', 'IN_PROGRESS', true, 5, 10, true],
    ['in progress, on, 5 failed of 11 desired (threshold 6)', 'IN_PROGRESS', true, 5, 11, false],
    [
      'in progress, on, 200 failed of 1000 desired (threshold capped at 200)',
      'IN_PROGRESS',
      true,
      200,
      1000,
      true,
    ],
    ['breaker off', 'IN_PROGRESS', false, 50, 2, false],
    ['already failed', 'FAILED', true, 50, 2, false],
    ['already completed', 'COMPLETED', true, 50, 2, false],
  ] as const)('%s', (_case, rolloutState, enabled, failedTasks, desired, trips) => {
    expect(breakerTrips({ rolloutState, failedTasks }, enabled, desired)).toBe(trips)
  })
})
