/**
 * @module fargate/network: a Fargate service needs `network.subnets`. Fargate tasks always use the
 * awsvpc network mode (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html, `networkMode`), and CreateService requires `networkConfiguration` for awsvpc:
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html#ECS-CreateService-request-networkConfiguration
 * (also https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html).
 */
import type { ManifestIssue } from '../issues.js'
import { issueAt, type Rule } from './rule.js'

export const fargateNetwork: Rule = {
  id: 'fargate/network',
  description: 'a Fargate service names its subnets (awsvpc needs a network configuration)',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const s of set.byKind.Service) {
      if (s.spec.network) continue
      issues.push(
        issueAt(
          s,
          ['spec'],
          this.id,
          'error',
          `service "${s.name}" has no network.subnets: Fargate tasks use the awsvpc network mode, and ECS refuses such a service without a network configuration`,
          'add `network: {subnets: [subnet-...], securityGroups: [sg-...]}` under spec',
          { key: true },
        ),
      )
    }
    return issues
  },
}
