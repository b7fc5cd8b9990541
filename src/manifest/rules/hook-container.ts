/**
 * @module hooks/container: the container a pre-deploy hook names is one of the task definition's. RunTask
 * overrides a container by name (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerOverride.html),
 * so a name that is not there would only fail at the rollout.
 */
import { didYouMean } from '../did-you-mean.js'
import type { ManifestIssue } from '../issues.js'
import { issueAt, type Rule } from './rule.js'

export const hookContainer: Rule = {
  id: 'hooks/container',
  description: 'hooks.preDeploy.container names a container of the task definition',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const s of set.byKind.Service) {
      const wanted = s.spec.hooks?.preDeploy?.container
      if (wanted === undefined) continue
      const names = s.spec.taskDefinition.containers.map((c) => c.name)
      if (names.includes(wanted)) continue
      const guess = didYouMean(wanted, names)
      issues.push(
        issueAt(
          s,
          ['spec', 'hooks', 'preDeploy', 'container'],
          this.id,
          'error',
          `hooks.preDeploy.container "${wanted}" is not a container of the task definition`,
          guess ? `did you mean "${guess}"?` : `its containers: ${names.join(', ')}`,
        ),
      )
    }
    return issues
  },
}
