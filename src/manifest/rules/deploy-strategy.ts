/** @module deploy/strategy: strategy-specific settings belong to their strategy; the breaker is rolling-only (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html). */
import type { ServiceResource } from '../model.js'
import { issueAt, type Rule } from './rule.js'

/** The settings of a service's deployment that depend on its strategy. */
export type DeploymentSettings = Pick<
  NonNullable<ServiceResource['spec']['deployment']>,
  | 'strategy'
  | 'bakeTimeInMinutes'
  | 'lifecycleHooks'
  | 'linearConfiguration'
  | 'canaryConfiguration'
  | 'circuitBreaker'
>
type Strategy = NonNullable<DeploymentSettings['strategy']>

/** A deployment setting that does not belong with the strategy, at `spec.deployment.<field>`. */
export interface DeploymentProblem {
  readonly field: keyof DeploymentSettings
  /** Set when the problem has a rule of its own; else `deploy/strategy`. */
  readonly ruleId?: string
  readonly message: string
  readonly hint: string
}

interface DeploymentCheck extends Omit<DeploymentProblem, 'message'> {
  readonly applies: (d: DeploymentSettings, strategy: Strategy) => boolean
  readonly message: (strategy: Strategy) => string
}

/** In the order the problems are reported. */
const CHECKS: readonly DeploymentCheck[] = [
  {
    applies: (d, strategy) => Boolean(d.circuitBreaker) && strategy !== 'ROLLING',
    field: 'circuitBreaker',
    ruleId: 'deploy/circuit-breaker-rolling',
    message: (strategy) =>
      `the deployment circuit breaker works only with ROLLING deployments, not ${strategy}`,
    hint: 'remove circuitBreaker or use strategy ROLLING',
  },
  {
    applies: (d, strategy) => d.bakeTimeInMinutes !== undefined && strategy === 'ROLLING',
    field: 'bakeTimeInMinutes',
    message: () => 'bakeTimeInMinutes applies to BLUE_GREEN, LINEAR and CANARY deployments',
    hint: 'remove it or choose one of those strategies',
  },
  {
    applies: (d, strategy) => Boolean(d.lifecycleHooks) && strategy === 'ROLLING',
    field: 'lifecycleHooks',
    message: () => 'lifecycleHooks apply to BLUE_GREEN, LINEAR and CANARY deployments',
    hint: 'remove them or choose one of those strategies',
  },
  {
    applies: (d, strategy) => strategy === 'LINEAR' && !d.linearConfiguration,
    field: 'strategy',
    message: () => 'a LINEAR deployment needs linearConfiguration',
    hint: 'add linearConfiguration.stepPercent',
  },
  {
    applies: (d, strategy) => strategy !== 'LINEAR' && Boolean(d.linearConfiguration),
    field: 'linearConfiguration',
    message: () => 'linearConfiguration is only for strategy LINEAR',
    hint: 'remove it or set strategy: LINEAR',
  },
  {
    applies: (d, strategy) => strategy === 'CANARY' && !d.canaryConfiguration,
    field: 'strategy',
    message: () => 'a CANARY deployment needs canaryConfiguration',
    hint: 'add canaryConfiguration.canaryPercent',
  },
  {
    applies: (d, strategy) => strategy !== 'CANARY' && Boolean(d.canaryConfiguration),
    field: 'canaryConfiguration',
    message: () => 'canaryConfiguration is only for strategy CANARY',
    hint: 'remove it or set strategy: CANARY',
  },
]

/** The settings of `d` that do not fit its strategy (ROLLING when unset). */
export function deploymentProblems(d: DeploymentSettings): DeploymentProblem[] {
  const strategy = d.strategy ?? 'ROLLING'
  return CHECKS.filter((check) => check.applies(d, strategy)).map(({ field, ruleId, message, hint }) => ({
    field,
    ...(ruleId === undefined ? {} : { ruleId }),
    message: message(strategy),
    hint,
  }))
}

export const deployStrategy: Rule = {
  id: 'deploy/strategy',
  description: 'bakeTime, linear, canary and lifecycle hook settings match the deployment strategy',
  check({ set }) {
    return set.byKind.Service.flatMap((s) =>
      (s.spec.deployment ? deploymentProblems(s.spec.deployment) : []).map((problem) =>
        issueAt(
          s,
          ['spec', 'deployment', problem.field],
          problem.ruleId ?? this.id,
          'error',
          problem.message,
          problem.hint,
        ),
      ),
    )
  },
}
