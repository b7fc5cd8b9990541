/** @module fargate/container-size: container cpu/memory fit inside the task (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html). */
import { toUnits } from '../facts/fargate.js'
import type { ManifestIssue } from '../issues.js'
import { issueAt, type Rule } from './rule.js'

export const fargateContainerSize: Rule = {
  id: 'fargate/container-size',
  description: 'the containers together fit inside the task size',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const s of set.byKind.Service) {
      const td = s.spec.taskDefinition
      const cpu = toUnits(td.cpu)
      const memory = toUnits(td.memory)
      const usedCpu = td.containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0)
      const usedMemory = td.containers.reduce((sum, c) => sum + (c.memory ?? c.memoryReservation ?? 0), 0)
      if (cpu !== undefined && usedCpu > cpu) {
        issues.push(
          issueAt(
            s,
            ['spec', 'taskDefinition', 'containers'],
            this.id,
            'error',
            `containers reserve ${usedCpu} CPU units but the task has ${cpu}`,
            'raise the task cpu or lower the containers’ cpu',
          ),
        )
      }
      if (memory !== undefined && usedMemory > memory) {
        issues.push(
          issueAt(
            s,
            ['spec', 'taskDefinition', 'containers'],
            this.id,
            'error',
            `containers reserve ${usedMemory} MiB but the task has ${memory}`,
            'raise the task memory or lower the containers’ memory',
          ),
        )
      }
    }
    return issues
  },
}
