/** @module deploy/percent: minimumHealthyPercent and maximumPercent leave room for a rolling deployment (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html). */
import type { ManifestIssue } from '../issues.js'
import { issueAt, type Rule } from './rule.js'

export const deployPercent: Rule = {
  id: 'deploy/percent',
  description: 'maximumPercent is above minimumHealthyPercent so a rolling deployment can progress',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const s of set.byKind.Service) {
      const d = s.spec.deployment
      const max = d?.maximumPercent ?? 200
      const min = d?.minimumHealthyPercent ?? 100
      if (
        (d?.strategy ?? 'ROLLING') === 'ROLLING' &&
        max <= min &&
        (d?.maximumPercent !== undefined || d?.minimumHealthyPercent !== undefined)
      ) {
        issues.push(
          issueAt(
            s,
            [
              'spec',
              'deployment',
              d?.maximumPercent !== undefined ? 'maximumPercent' : 'minimumHealthyPercent',
            ],
            this.id,
            'error',
            `maximumPercent ${max} must be above minimumHealthyPercent ${min}, or ECS can neither start nor stop a task`,
            'for example maximumPercent 200 and minimumHealthyPercent 100',
          ),
        )
      }
    }
    return issues
  },
}
