/** @module sc/platform: Service Connect needs Linux Fargate platform 1.4.0+ and the ECS controller (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html). */
import { atLeast140, isWindows } from '../facts/fargate.js'
import type { ManifestIssue } from '../issues.js'
import { issueAt, type Rule } from './rule.js'

export const scPlatform: Rule = {
  id: 'sc/platform-version',
  description: 'Service Connect needs Fargate platform 1.4.0 or newer on Linux',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const s of set.byKind.Service) {
      if (!s.spec.serviceConnect) continue
      if (!atLeast140(s.spec.platformVersion)) {
        issues.push(
          issueAt(
            s,
            ['spec', 'platformVersion'],
            this.id,
            'error',
            `Service Connect needs Fargate platform 1.4.0 or newer, not ${s.spec.platformVersion ?? ''}`,
            'use platformVersion LATEST or 1.4.0',
          ),
        )
      }
      if (isWindows(s.spec.taskDefinition.runtimePlatform?.operatingSystemFamily)) {
        issues.push(
          issueAt(
            s,
            ['spec', 'serviceConnect'],
            'sc/windows',
            'error',
            'Service Connect does not support Windows tasks',
            'run this service on Linux or remove serviceConnect',
          ),
        )
      }
    }
    return issues
  },
}
