/** @module sc/alias-unique: client aliases (dnsName:port) are unique within a namespace (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectClientAlias.html). */
import type { ManifestIssue } from '../issues.js'
import { serviceConnectNamespaceOf } from '../references.js'
import { issueAt, type Rule } from './rule.js'
import { endpointsOf } from './sc-helpers.js'

export const scAliasUnique: Rule = {
  id: 'sc/alias-unique',
  description: 'Service Connect client aliases (dnsName:port) are unique within a namespace',
  check({ set }) {
    const issues: ManifestIssue[] = []
    const seen = new Map<string, string>()
    for (const s of set.byKind.Service) {
      const ns = serviceConnectNamespaceOf(set, s)
      if (ns === undefined) continue
      for (const e of endpointsOf(s)) {
        for (const alias of e.aliases) {
          const key = `${ns}/${alias.dnsName}:${alias.port}`
          const owner = seen.get(key)
          if (owner === undefined) {
            seen.set(key, s.name)
            continue
          }
          issues.push(
            issueAt(
              s,
              ['spec', 'serviceConnect', 'services', e.index, 'clientAliases', alias.index],
              this.id,
              'error',
              `client alias ${alias.dnsName}:${alias.port} is already used in namespace "${ns}" by service "${owner}"`,
              'choose another dnsName or port',
            ),
          )
        }
      }
    }
    return issues
  },
}
