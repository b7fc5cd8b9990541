/**
 * @module sc/port-name: every Service Connect portName names a container port mapping
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectService.html). The
 * default client alias takes the mapping's containerPort, so a mapping that is a port range needs
 * explicit clientAliases (our rule: a range has no one port to default to).
 */
import { didYouMean } from '../did-you-mean.js'
import type { ManifestIssue } from '../issues.js'
import { issueAt, type Rule } from './rule.js'
import { endpointsOf, portMappingsOf } from './sc-helpers.js'

export const scPortName: Rule = {
  id: 'sc/port-name',
  description: 'serviceConnect.services[].portName names a portMappings[].name',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const s of set.byKind.Service) {
      const names = portMappingsOf(s)
        .map((p) => p.name)
        .filter((n): n is string => n !== undefined)
      for (const e of endpointsOf(s)) {
        const range = portMappingsOf(s).find((p) => p.name === e.portName)?.containerPortRange
        if (range !== undefined && e.aliases.length === 0) {
          issues.push(
            issueAt(
              s,
              ['spec', 'serviceConnect', 'services', e.index, 'portName'],
              this.id,
              'error',
              `portName "${e.portName}" names the port range ${range}, which has no single port for the default client alias`,
              'give this entry clientAliases with the port clients call',
            ),
          )
          continue
        }
        if (names.includes(e.portName)) continue
        const guess = didYouMean(e.portName, names)
        issues.push(
          issueAt(
            s,
            ['spec', 'serviceConnect', 'services', e.index, 'portName'],
            this.id,
            'error',
            `portName "${e.portName}" names no container port mapping`,
            guess
              ? `did you mean "${guess}"?`
              : names.length > 0
                ? `port mapping names here: ${names.join(', ')}`
                : 'give a portMappings entry a `name` and use it here',
          ),
        )
      }
    }
    return issues
  },
}
