/** @module fargate/cpu-memory: the task size is a valid Fargate cpu/memory pair (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html). */
import { atLeast140, FARGATE_MEMORY, isWindows, toUnits } from '../facts/fargate.js'
import type { ManifestIssue } from '../issues.js'
import { issueAt, type Rule } from './rule.js'

export const fargateCpuMemory: Rule = {
  id: 'fargate/cpu-memory',
  description: 'task cpu/memory must be a valid Fargate pair',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const s of set.byKind.Service) {
      const td = s.spec.taskDefinition
      const cpu = toUnits(td.cpu)
      const memory = toUnits(td.memory)
      const allowed = cpu === undefined ? undefined : FARGATE_MEMORY[cpu]
      if (cpu === undefined || !allowed) {
        issues.push(
          issueAt(
            s,
            ['spec', 'taskDefinition', 'cpu'],
            this.id,
            'error',
            `cpu ${String(td.cpu)} is not a Fargate task size`,
            `use one of ${Object.keys(FARGATE_MEMORY).join(', ')} CPU units`,
          ),
        )
        continue
      }
      if (memory === undefined || !allowed.includes(memory)) {
        issues.push(
          issueAt(
            s,
            ['spec', 'taskDefinition', 'memory'],
            this.id,
            'error',
            `memory ${String(td.memory)} MiB is not valid with ${cpu} CPU units on Fargate`,
            `with ${cpu} CPU units use ${allowed[0]}–${allowed[allowed.length - 1]} MiB (${allowed.join(', ')})`,
          ),
        )
      }
      const os = td.runtimePlatform?.operatingSystemFamily
      if (cpu >= 8192 && (isWindows(os) || !atLeast140(s.spec.platformVersion))) {
        issues.push(
          issueAt(
            s,
            ['spec', 'taskDefinition', 'cpu'],
            this.id,
            'error',
            `${cpu / 1024} vCPU tasks need Linux on platform 1.4.0 or newer`,
            'use LATEST or 1.4.0 on Linux, or a smaller size',
          ),
        )
      }
      if (isWindows(os) && cpu < 1024) {
        issues.push(
          issueAt(
            s,
            ['spec', 'taskDefinition', 'cpu'],
            this.id,
            'error',
            'Windows tasks on Fargate need at least 1 vCPU',
            'set cpu to 1024 or more',
          ),
        )
      }
    }
    return issues
  },
}
