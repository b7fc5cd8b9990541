/** @module fargate/pid-mode: on Fargate Linux pidMode can only be `task`, and Windows has none (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html). */
import { isWindows } from '../facts/fargate.js'
import type { ManifestIssue } from '../issues.js'
import { issueAt, type Rule } from './rule.js'

export const fargatePidMode: Rule = {
  id: 'fargate/pid-mode',
  description: 'pidMode is `task` on Fargate Linux and unset on Windows',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const s of set.byKind.Service) {
      const td = s.spec.taskDefinition
      if (td.pidMode === undefined) continue
      if (isWindows(td.runtimePlatform?.operatingSystemFamily)) {
        issues.push(
          issueAt(
            s,
            ['spec', 'taskDefinition', 'pidMode'],
            this.id,
            'error',
            'pidMode is not supported for Windows tasks',
            'remove pidMode',
          ),
        )
      } else if (td.pidMode !== 'task') {
        issues.push(
          issueAt(
            s,
            ['spec', 'taskDefinition', 'pidMode'],
            this.id,
            'error',
            `pidMode "${td.pidMode}" is not available on Fargate`,
            'use `pidMode: task`',
          ),
        )
      }
    }
    return issues
  },
}
