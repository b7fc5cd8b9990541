/** @module deploy/strategy: strategy-specific settings belong to their strategy; the breaker is rolling-only (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html). */
import type { ManifestIssue } from '../issues.js'
import { issueAt, type Rule } from './rule.js'

export const deployStrategy: Rule = {
  id: 'deploy/strategy',
  description: 'bakeTime, linear, canary and lifecycle hook settings match the deployment strategy',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const s of set.byKind.Service) {
      const d = s.spec.deployment
      if (!d) continue
      const strategy = d.strategy ?? 'ROLLING'
      const at = (field: string) => ['spec', 'deployment', field]
      if (d.circuitBreaker && strategy !== 'ROLLING') {
        issues.push(
          issueAt(
            s,
            at('circuitBreaker'),
            'deploy/circuit-breaker-rolling',
            'error',
            `the deployment circuit breaker works only with ROLLING deployments, not ${strategy}`,
            'remove circuitBreaker or use strategy ROLLING',
          ),
        )
      }
      if (d.bakeTimeInMinutes !== undefined && strategy === 'ROLLING') {
        issues.push(
          issueAt(
            s,
            at('bakeTimeInMinutes'),
            this.id,
            'error',
            'bakeTimeInMinutes applies to BLUE_GREEN, LINEAR and CANARY deployments',
            'remove it or choose one of those strategies',
          ),
        )
      }
      if (d.lifecycleHooks && strategy === 'ROLLING') {
        issues.push(
          issueAt(
            s,
            at('lifecycleHooks'),
            this.id,
            'error',
            'lifecycleHooks apply to BLUE_GREEN, LINEAR and CANARY deployments',
            'remove them or choose one of those strategies',
          ),
        )
      }
      if (strategy === 'LINEAR' && !d.linearConfiguration) {
        issues.push(
          issueAt(
            s,
            at('strategy'),
            this.id,
            'error',
            'a LINEAR deployment needs linearConfiguration',
            'add linearConfiguration.stepPercent',
          ),
        )
      }
      if (strategy !== 'LINEAR' && d.linearConfiguration) {
        issues.push(
          issueAt(
            s,
            at('linearConfiguration'),
            this.id,
            'error',
            'linearConfiguration is only for strategy LINEAR',
            'remove it or set strategy: LINEAR',
          ),
        )
      }
      if (strategy === 'CANARY' && !d.canaryConfiguration) {
        issues.push(
          issueAt(
            s,
            at('strategy'),
            this.id,
            'error',
            'a CANARY deployment needs canaryConfiguration',
            'add canaryConfiguration.canaryPercent',
          ),
        )
      }
      if (strategy !== 'CANARY' && d.canaryConfiguration) {
        issues.push(
          issueAt(
            s,
            at('canaryConfiguration'),
            this.id,
            'error',
            'canaryConfiguration is only for strategy CANARY',
            'remove it or set strategy: CANARY',
          ),
        )
      }
    }
    return issues
  },
}
