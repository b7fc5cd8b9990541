/** @module fargate/platform-version: a known platform version, and 1.4.0+ for the features that need it (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-fargate.html). */
import {
  atLeast140,
  isWindows,
  LINUX_PLATFORM_VERSIONS,
  WINDOWS_PLATFORM_VERSIONS,
} from '../facts/fargate.js'
import type { ManifestIssue } from '../issues.js'
import { issueAt, type Rule } from './rule.js'

export const fargatePlatformVersion: Rule = {
  id: 'fargate/platform-version',
  description: 'platformVersion is LATEST or a known Fargate version; 1.4.0+ features need it',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const s of set.byKind.Service) {
      const version = s.spec.platformVersion
      const windows = isWindows(s.spec.taskDefinition.runtimePlatform?.operatingSystemFamily)
      const known = windows ? WINDOWS_PLATFORM_VERSIONS : LINUX_PLATFORM_VERSIONS
      if (version !== undefined && version !== 'LATEST' && !known.includes(version)) {
        issues.push(
          issueAt(
            s,
            ['spec', 'platformVersion'],
            this.id,
            'error',
            `unknown ${windows ? 'Windows' : 'Linux'} Fargate platform version ${version}`,
            `use LATEST or one of ${known.join(', ')}`,
          ),
        )
        continue
      }
      if (windows || atLeast140(version)) continue
      const needs: [string[], string][] = [
        [['spec', 'taskDefinition', 'ephemeralStorage'], 'ephemeralStorage'],
        [['spec', 'taskDefinition', 'pidMode'], 'pidMode'],
        [['spec', 'enableExecuteCommand'], 'ECS Exec'],
      ]
      const td = s.spec.taskDefinition
      const present = [
        td.ephemeralStorage !== undefined,
        td.pidMode !== undefined,
        s.spec.enableExecuteCommand === true,
      ]
      needs.forEach(([path, what], i) => {
        if (present[i]) {
          issues.push(
            issueAt(
              s,
              path,
              this.id,
              'error',
              `${what} needs Fargate platform 1.4.0 or newer, but platformVersion is ${version ?? ''}`,
              'use platformVersion LATEST or 1.4.0',
            ),
          )
        }
      })
    }
    return issues
  },
}
