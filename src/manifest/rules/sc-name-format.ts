/** @module sc/name-format: discovery names, DNS names and port names follow the ECS patterns (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectService.html). */
import type { ManifestIssue } from '../issues.js'
import { issueAt, type Rule } from './rule.js'
import { endpointsOf } from './sc-helpers.js'

const DISCOVERY = /^[a-z0-9_-]{1,64}$/
const DNS = /^[a-z0-9_.-]{1,127}$/
const PORT_NAME = /^[a-z0-9_-]{1,64}$/

export const scNameFormat: Rule = {
  id: 'sc/name-format',
  description:
    'discoveryName ≤64 and dnsName ≤127 of lowercase letters, digits, _ - (and . for DNS), port names ≤64, none starting with -',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const s of set.byKind.Service) {
      s.spec.taskDefinition.containers.forEach((c, ci) =>
        (c.portMappings ?? []).forEach((p, pi) => {
          if (p.name !== undefined && (!PORT_NAME.test(p.name) || p.name.startsWith('-'))) {
            issues.push(
              issueAt(
                s,
                ['spec', 'taskDefinition', 'containers', ci, 'portMappings', pi, 'name'],
                this.id,
                'error',
                `port mapping name "${p.name}" is not valid for Service Connect`,
                'use at most 64 lowercase letters, digits, "_" or "-", not starting with "-"',
              ),
            )
          }
        }),
      )
      for (const e of endpointsOf(s)) {
        const entry = s.spec.serviceConnect?.services?.[e.index]
        if (
          entry?.discoveryName !== undefined &&
          (!DISCOVERY.test(e.discoveryName) || e.discoveryName.startsWith('-'))
        ) {
          issues.push(
            issueAt(
              s,
              ['spec', 'serviceConnect', 'services', e.index, 'discoveryName'],
              this.id,
              'error',
              `discoveryName "${e.discoveryName}" is not valid`,
              'use at most 64 lowercase letters, digits, "_" or "-", not starting with "-"',
            ),
          )
        }
        for (const alias of e.aliases) {
          if (!DNS.test(alias.dnsName) || alias.dnsName.startsWith('-')) {
            issues.push(
              issueAt(
                s,
                ['spec', 'serviceConnect', 'services', e.index, 'clientAliases', alias.index, 'dnsName'],
                this.id,
                'error',
                `dnsName "${alias.dnsName}" is not valid`,
                'use at most 127 lowercase letters, digits, "_", "-" or ".", not starting with "-"',
              ),
            )
          }
        }
      }
    }
    return issues
  },
}
