/**
 * @module capacity/unstated: a service that states no capacity, on a cluster the manifests do not give
 * a default strategy, runs on `launchType: FARGATE` — ecs-reconciler always states the capacity it
 * means. Left unstated, ECS would use the live cluster's default strategy, or the EC2 launch type when
 * it has none (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html,
 * `capacityProviderStrategy`; docs/aws-behaviour.md).
 */
import type { ManifestIssue } from '../issues.js'
import { findCluster } from '../references.js'
import { issueAt, type Rule } from './rule.js'

export const capacityUnstated: Rule = {
  id: 'capacity/unstated',
  description: 'a service states its capacity, or its declared cluster has a default strategy',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const s of set.byKind.Service) {
      if (s.spec.capacityProviderStrategy || s.spec.launchType) continue
      const cluster = findCluster(set, s.cluster)
      if ((cluster?.spec.defaultCapacityProviderStrategy?.length ?? 0) > 0) continue
      issues.push(
        issueAt(
          s,
          ['spec'],
          this.id,
          'warning',
          `service "${s.name}" states no capacity and ${cluster ? `cluster "${s.cluster}" declares no defaultCapacityProviderStrategy` : `cluster "${s.cluster}" is not declared`}: ecs-reconciler sends launchType FARGATE (a live cluster default strategy is not used)`,
          'set `launchType: FARGATE` or `capacityProviderStrategy` on the service, or declare the Cluster with a defaultCapacityProviderStrategy',
          { key: true },
        ),
      )
    }
    return issues
  },
}
