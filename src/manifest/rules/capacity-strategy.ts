/** @module capacity/strategy: capacity provider strategies are well formed (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html). */
import { atLeast140, isWindows } from '../facts/fargate.js'
import type { ManifestIssue } from '../issues.js'
import type { ClusterResource, ManifestResource, ManifestSet, ServiceResource } from '../model.js'
import { findCluster } from '../references.js'
import { issueAt, type Rule } from './rule.js'

type Strategy = readonly {
  capacityProvider: string
  weight?: number | undefined
  base?: number | undefined
}[]

function checkStrategy(
  resource: ManifestResource,
  path: (string | number)[],
  strategy: Strategy,
  ruleId: string,
  issues: ManifestIssue[],
): void {
  const seen = new Set<string>()
  strategy.forEach((item, i) => {
    if (seen.has(item.capacityProvider)) {
      issues.push(
        issueAt(
          resource,
          [...path, i, 'capacityProvider'],
          ruleId,
          'error',
          `${item.capacityProvider} appears twice in the strategy`,
          'list each capacity provider once',
        ),
      )
    }
    seen.add(item.capacityProvider)
  })
  const withBase = strategy.map((item, i) => ({ item, i })).filter(({ item }) => (item.base ?? 0) > 0)
  if (withBase.length > 1) {
    issues.push(
      issueAt(
        resource,
        [...path, withBase[1]?.i ?? 0, 'base'],
        ruleId,
        'error',
        'only one capacity provider in a strategy may set base',
        'keep base on one provider',
      ),
    )
  }
  if (strategy.length > 0 && strategy.every((item) => (item.weight ?? 0) === 0)) {
    issues.push(
      issueAt(
        resource,
        path,
        ruleId,
        'error',
        'at least one capacity provider needs a weight above 0',
        'give FARGATE or FARGATE_SPOT a weight, e.g. 1',
      ),
    )
  }
}

/** FARGATE_SPOT in a service's strategy where its platform cannot run there (Windows, ARM64 before 1.4.0). */
function spotPlatformIssues(s: ServiceResource, strategy: Strategy, ruleId: string): ManifestIssue[] {
  const spotIndex = strategy.findIndex((i) => i.capacityProvider === 'FARGATE_SPOT')
  if (spotIndex < 0) return []
  const issues: ManifestIssue[] = []
  const platform = s.spec.taskDefinition.runtimePlatform
  const at = ['spec', 'capacityProviderStrategy', spotIndex]
  if (isWindows(platform?.operatingSystemFamily)) {
    issues.push(
      issueAt(
        s,
        at,
        ruleId,
        'error',
        'FARGATE_SPOT does not run Windows tasks',
        'use FARGATE for Windows services',
      ),
    )
  }
  if (platform?.cpuArchitecture === 'ARM64' && !atLeast140(s.spec.platformVersion)) {
    issues.push(
      issueAt(
        s,
        at,
        ruleId,
        'error',
        'ARM64 tasks on FARGATE_SPOT need platform 1.4.0 or newer',
        'use platformVersion LATEST or 1.4.0',
      ),
    )
  }
  return issues
}

/** Providers in a service's strategy that its declared cluster does not list (none when the cluster is not declared). */
function serviceProviderIssues(
  s: ServiceResource,
  strategy: Strategy,
  providers: readonly string[] | undefined,
  ruleId: string,
): ManifestIssue[] {
  if (!providers) return []
  return strategy.flatMap((item, i) =>
    providers.includes(item.capacityProvider)
      ? []
      : [
          issueAt(
            s,
            ['spec', 'capacityProviderStrategy', i, 'capacityProvider'],
            ruleId,
            'error',
            `${item.capacityProvider} is not among the capacity providers of cluster "${s.cluster}"`,
            `add it to the Cluster's capacityProviders (${providers.join(', ') || 'none'})`,
          ),
        ],
  )
}

function serviceStrategyIssues(set: ManifestSet, s: ServiceResource, ruleId: string): ManifestIssue[] {
  const strategy = s.spec.capacityProviderStrategy
  if (!strategy) return []
  const issues: ManifestIssue[] = []
  if (s.spec.launchType) {
    issues.push(
      issueAt(
        s,
        ['spec', 'launchType'],
        ruleId,
        'error',
        'launchType and capacityProviderStrategy cannot both be set',
        'remove launchType to use the strategy',
      ),
    )
  }
  checkStrategy(s, ['spec', 'capacityProviderStrategy'], strategy, ruleId, issues)
  issues.push(...spotPlatformIssues(s, strategy, ruleId))
  const providers = findCluster(set, s.cluster)?.spec.capacityProviders
  issues.push(...serviceProviderIssues(s, strategy, providers, ruleId))
  return issues
}

function clusterStrategyIssues(c: ClusterResource, ruleId: string): ManifestIssue[] {
  const strategy = c.spec.defaultCapacityProviderStrategy
  if (!strategy) return []
  const issues: ManifestIssue[] = []
  checkStrategy(c, ['spec', 'defaultCapacityProviderStrategy'], strategy, ruleId, issues)
  strategy.forEach((item, i) => {
    if (!(c.spec.capacityProviders ?? []).includes(item.capacityProvider)) {
      issues.push(
        issueAt(
          c,
          ['spec', 'defaultCapacityProviderStrategy', i, 'capacityProvider'],
          ruleId,
          'error',
          `${item.capacityProvider} is in the default strategy but not in capacityProviders`,
          'add it to capacityProviders',
        ),
      )
    }
  })
  return issues
}

export const capacityStrategy: Rule = {
  id: 'capacity/strategy',
  description:
    'strategies list providers once, one base, some weight; launchType and a strategy are exclusive',
  check({ set }) {
    return [
      ...set.byKind.Service.flatMap((s) => serviceStrategyIssues(set, s, this.id)),
      ...set.byKind.Cluster.flatMap((c) => clusterStrategyIssues(c, this.id)),
    ]
  },
}
