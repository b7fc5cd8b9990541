/** @module sc/proxy-headroom: leave 256 CPU units and 64 MiB for the Service Connect proxy (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html). */
import { toUnits } from '../facts/fargate.js'
import type { ManifestIssue } from '../issues.js'
import { issueAt, type Rule } from './rule.js'

const PROXY_CPU = 256
const PROXY_MEMORY = 64

export const scProxyHeadroom: Rule = {
  id: 'sc/proxy-headroom',
  description: 'warn when the task leaves less than 256 CPU units or 64 MiB for the Service Connect proxy',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const s of set.byKind.Service) {
      if (!s.spec.serviceConnect) continue
      const td = s.spec.taskDefinition
      const cpu = toUnits(td.cpu)
      const memory = toUnits(td.memory)
      if (cpu === undefined || memory === undefined) continue
      const freeCpu = cpu - td.containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0)
      const freeMemory =
        memory - td.containers.reduce((sum, c) => sum + (c.memory ?? c.memoryReservation ?? 0), 0)
      const reservesAll = td.containers.every((c) => c.cpu !== undefined)
      if ((reservesAll && freeCpu < PROXY_CPU) || freeMemory < PROXY_MEMORY) {
        issues.push(
          issueAt(
            s,
            ['spec', 'taskDefinition', 'cpu'],
            this.id,
            'warning',
            `the task leaves ${reservesAll ? freeCpu : 'unreserved'} CPU units and ${freeMemory} MiB for the Service Connect proxy`,
            `AWS advises ${PROXY_CPU} CPU units and at least ${PROXY_MEMORY} MiB for the proxy: raise the task size or lower the containers’ reservations`,
          ),
        )
      }
    }
    return issues
  },
}
