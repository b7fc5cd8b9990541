/** @module sc/client-aliases-max: at most one client alias per Service Connect service (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectClientAlias.html). */
import type { ManifestIssue } from '../issues.js'
import { issueAt, type Rule } from './rule.js'

export const scClientAliases: Rule = {
  id: 'sc/client-aliases-max',
  description: 'each serviceConnect.services[] entry has at most one clientAlias',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const s of set.byKind.Service) {
      ;(s.spec.serviceConnect?.services ?? []).forEach((entry, i) => {
        if ((entry.clientAliases?.length ?? 0) > 1) {
          issues.push(
            issueAt(
              s,
              ['spec', 'serviceConnect', 'services', i, 'clientAliases', 1],
              this.id,
              'error',
              'ECS allows one client alias per Service Connect service',
              'repeat the services[] entry with another discoveryName to expose another endpoint',
            ),
          )
        }
      })
    }
    return issues
  },
}
