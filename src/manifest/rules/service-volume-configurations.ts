/**
 * @module service/volume-configurations: each `volumeConfigurations` entry names a task-definition volume
 * with `configuredAtLaunch: true` ("The name of the volume must match the name from the task definition",
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceVolumeConfiguration.html).
 */
import type { ManifestIssue } from '../issues.js'
import { issueAt, type Rule } from './rule.js'

interface NamedVolume {
  readonly name?: unknown
  readonly configuredAtLaunch?: unknown
}

export const serviceVolumeConfigurations: Rule = {
  id: 'service/volume-configurations',
  description: 'volumeConfigurations name task-definition volumes configured at launch',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const s of set.byKind.Service) {
      const configs = (s.spec.volumeConfigurations ?? []) as NamedVolume[]
      const volumes = (s.spec.taskDefinition.volumes ?? []) as NamedVolume[]
      const atLaunch = volumes.filter((v) => v.configuredAtLaunch === true).map((v) => String(v.name))
      configs.forEach((c, i) => {
        if (atLaunch.includes(String(c.name))) return
        const known = volumes.some((v) => v.name === c.name)
        issues.push(
          issueAt(
            s,
            ['spec', 'volumeConfigurations', i, 'name'],
            this.id,
            'error',
            known
              ? `volume "${String(c.name)}" is not configured at launch in the task definition`
              : `no task-definition volume is named "${String(c.name)}"`,
            atLaunch.length > 0
              ? `use one of: ${atLaunch.join(', ')}`
              : 'add the volume to taskDefinition.volumes with `configuredAtLaunch: true`',
          ),
        )
      })
    }
    return issues
  },
}
