/** The fault soak's check that the daemon's metrics count every attempt the wire saw, keyed alike. */
import { describe, expect, it } from 'vitest'
import { compareAttempts, metricAttempts, soakOverrides, wireOutcomes } from '../../../bench/fault-soak.js'

const METRICS = `# HELP ecs_reconciler_api_calls_total AWS API attempts
# TYPE ecs_reconciler_api_calls_total counter
ecs_reconciler_api_calls_total{service="ECS",operation="DescribeServices",code="ok"} 12
ecs_reconciler_api_calls_total{service="ECS",operation="DescribeServices",code="ThrottlingException"} 3
ecs_reconciler_api_calls_total{service="ECS",operation="UpdateService",code="ok"} 0
ecs_reconciler_api_calls_total{service="FIS",operation="ListExperimentTemplates",code="ok"} 1
ecs_reconciler_api_calls_total{service="FIS",operation="ListExperiments",code="ok"} 2
ecs_reconciler_api_retries_total{service="ECS",operation="DescribeServices"} 3
`

describe('fault soak: metrics against the wire', () => {
  it('reads the attempts series by service, operation and code (FIS as one REST key), leaving out zeros and other metrics', () => {
    expect(metricAttempts(METRICS)).toEqual({
      'ECS.DescribeServices ok': 12,
      'ECS.DescribeServices ThrottlingException': 3,
      'FIS.REST ok': 3,
    })
  })
  it('matches only when every key has the same count on both sides', () => {
    const metrics = metricAttempts(METRICS)
    expect(
      compareAttempts(
        { 'ECS.DescribeServices ok': 12, 'ECS.DescribeServices ThrottlingException': 3, 'FIS.REST ok': 3 },
        metrics,
      ),
    ).toEqual({ wire: 18, metrics: 18, match: true, differences: {} })
    // A throttle the wire saw and the metrics did not (say, counted as ok): both keys differ.
    expect(
      compareAttempts(
        { 'ECS.DescribeServices ok': 11, 'ECS.DescribeServices ThrottlingException': 4, 'FIS.REST ok': 3 },
        metrics,
      ),
    ).toMatchObject({
      match: false,
      differences: {
        'ECS.DescribeServices ok': { wire: 11, metrics: 12 },
        'ECS.DescribeServices ThrottlingException': { wire: 4, metrics: 3 },
      },
    })
  })
})

describe('fault soak: the wire by outcome', () => {
  it('sums attempts by code, and keeps the task-definition registers apart', () => {
    expect(
      wireOutcomes({
        'ECS.RegisterTaskDefinition ok': 4,
        'ECS.RegisterTaskDefinition ECONNRESET': 1,
        'ECS.DescribeServices 503': 2,
        'FIS.REST ok': 3,
      }),
    ).toEqual({
      byOutcome: { ok: 7, ECONNRESET: 1, '503': 2 },
      registerTaskDefinition: { ok: 4, ECONNRESET: 1 },
    })
  })

  it('takes smaller settings from the command line, and refuses what is not a count', () => {
    expect(soakOverrides(['--services=30', '--plans=30', '--record'])).toEqual({ services: 30, plans: 30 })
    expect(() => soakOverrides(['--plans=many'])).toThrow('--plans must be a whole number')
  })
})
