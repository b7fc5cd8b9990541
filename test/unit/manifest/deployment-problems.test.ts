/** Deployment settings that belong to another strategy (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html). */
import { describe, expect, it } from 'vitest'
import { deploymentProblems, type DeploymentSettings } from '../../../src/manifest/rules/deploy-strategy.js'

const breaker = { enable: true, rollback: true }
const linear = { stepPercent: 10 }
const canary = { canaryPercent: 10 }

describe('deploymentProblems', () => {
  it.each<[string, DeploymentSettings, string[]]>([
    ['plain rolling', {}, []],
    ['rolling with a breaker', { circuitBreaker: breaker }, []],
    ['blue/green with a breaker', { strategy: 'BLUE_GREEN', circuitBreaker: breaker }, ['circuitBreaker']],
    ['rolling with a bake time', { bakeTimeInMinutes: 0 }, ['bakeTimeInMinutes']],
    ['rolling with hooks, even none', { strategy: 'ROLLING', lifecycleHooks: [] }, ['lifecycleHooks']],
    ['linear without its configuration', { strategy: 'LINEAR' }, ['strategy']],
    [
      'linear, configured, baked',
      { strategy: 'LINEAR', linearConfiguration: linear, bakeTimeInMinutes: 5 },
      [],
    ],
    [
      'canary without its configuration',
      { strategy: 'CANARY', linearConfiguration: linear },
      ['linearConfiguration', 'strategy'],
    ],
    [
      'blue/green with both configurations',
      { strategy: 'BLUE_GREEN', linearConfiguration: linear, canaryConfiguration: canary },
      ['linearConfiguration', 'canaryConfiguration'],
    ],
  ])('%s', (_name, settings, fields) => {
    expect(deploymentProblems(settings).map((p) => p.field)).toEqual(fields)
  })

  it('names the strategy the breaker does not work with, under its own rule', () => {
    expect(
      deploymentProblems({ strategy: 'CANARY', circuitBreaker: breaker, canaryConfiguration: canary }),
    ).toEqual([
      {
        field: 'circuitBreaker',
        ruleId: 'deploy/circuit-breaker-rolling',
        message: 'the deployment circuit breaker works only with ROLLING deployments, not CANARY',
        hint: 'remove circuitBreaker or use strategy ROLLING',
      },
    ])
  })
})
