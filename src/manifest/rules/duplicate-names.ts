/** @module Names are unique per kind (per cluster for services). */
import { isPerCluster, type ManifestResource } from '../model.js'
import { issueAt, type Rule } from './rule.js'

export const duplicateNames: Rule = {
  id: 'ref/duplicate-name',
  description: 'names are unique per kind, and per cluster for services',
  check({ set }) {
    const seen = new Map<string, ManifestResource>()
    const issues = []
    for (const resource of set.resources) {
      const first = seen.get(resource.id)
      if (!first) {
        seen.set(resource.id, resource)
        continue
      }
      const where = `${first.source.positionOf(['metadata', 'name']).file}:${first.source.positionOf(['metadata', 'name']).line}`
      issues.push(
        issueAt(
          resource,
          ['metadata', 'name'],
          this.id,
          'error',
          `${resource.kind} "${resource.name}" is declared twice${isPerCluster(resource.kind) && 'cluster' in resource ? ` in cluster "${resource.cluster}"` : ''} (first at ${where})`,
          'rename one of them or delete the duplicate',
        ),
      )
    }
    return issues
  },
}
