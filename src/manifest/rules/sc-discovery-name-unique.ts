/** @module sc/discovery-name-unique: discovery names are unique within a namespace (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectService.html). */
import type { ManifestIssue } from '../issues.js'
import { serviceConnectNamespaceOf } from '../references.js'
import { issueAt, type Rule } from './rule.js'
import { endpointsOf, type Endpoint } from './sc-helpers.js'

export const scDiscoveryNameUnique: Rule = {
  id: 'sc/discovery-name-unique',
  description: 'Service Connect discovery names are unique within a namespace',
  check({ set }) {
    const issues: ManifestIssue[] = []
    const seen = new Map<string, Endpoint>()
    for (const s of set.byKind.Service) {
      const ns = serviceConnectNamespaceOf(set, s)
      if (ns === undefined) continue
      for (const e of endpointsOf(s)) {
        const key = `${ns}/${e.discoveryName}`
        const first = seen.get(key)
        if (!first) {
          seen.set(key, e)
          continue
        }
        const path = [
          'spec',
          'serviceConnect',
          'services',
          e.index,
          s.spec.serviceConnect?.services?.[e.index]?.discoveryName ? 'discoveryName' : 'portName',
        ]
        issues.push(
          issueAt(
            s,
            path,
            this.id,
            'error',
            `discovery name "${e.discoveryName}" is already used in namespace "${ns}" by service "${first.service.name}"`,
            'give this endpoint its own `discoveryName` (it defaults to the portName)',
          ),
        )
      }
    }
    return issues
  },
}
