/** @module sc/per-request-timeout-tcp: perRequestTimeoutSeconds is not allowed for TCP ports (no appProtocol) (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectService.html). */
import type { ManifestIssue } from '../issues.js'
import { issueAt, type Rule } from './rule.js'
import { portMappingsOf } from './sc-helpers.js'

export const scTimeoutTcp: Rule = {
  id: 'sc/per-request-timeout-tcp',
  description: 'perRequestTimeoutSeconds needs an appProtocol (http, http2 or grpc) on the port',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const s of set.byKind.Service) {
      const ports = portMappingsOf(s)
      ;(s.spec.serviceConnect?.services ?? []).forEach((entry, i) => {
        if (entry.timeout?.perRequestTimeoutSeconds === undefined) return
        const port = ports.find((p) => p.name === entry.portName)
        if (port && port.appProtocol === undefined) {
          issues.push(
            issueAt(
              s,
              ['spec', 'serviceConnect', 'services', i, 'timeout', 'perRequestTimeoutSeconds'],
              this.id,
              'error',
              `port "${entry.portName}" has no appProtocol, so it is TCP and takes no per-request timeout`,
              'set appProtocol on the port mapping, or remove perRequestTimeoutSeconds',
            ),
          )
        }
      })
    }
    return issues
  },
}
