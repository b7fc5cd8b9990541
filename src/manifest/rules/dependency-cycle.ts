/** @module The dependency graph must have no cycle; the cycle is printed. */
import { findCycles } from '../../graph/index.js'
import { manifestIndex } from '../manifest-index.js'
import { issueAt, type Rule } from './rule.js'

export const dependencyCycle: Rule = {
  id: 'graph/cycle',
  description: 'dependencies (dependsOn, Service Connect, chaos targets) must not form a cycle',
  check({ set, graph }) {
    const byId = manifestIndex(set).resourceById
    return findCycles(graph.graph).map((cycle) => {
      const first = cycle[0] === undefined ? undefined : byId.get(cycle[0])
      const text = cycle.map((id) => id.split('/').pop()).join(' → ')
      const resource = first ?? set.resources[0]
      if (!resource) throw new Error('a cycle needs resources')
      const path =
        resource.kind === 'Service' && resource.spec.dependsOn ? ['spec', 'dependsOn'] : ['metadata', 'name']
      return issueAt(
        resource,
        path,
        this.id,
        'error',
        `dependency cycle: ${text}`,
        'remove one `dependsOn` entry of the cycle (a Service Connect client depends on every server of its namespace unless its dependsOn narrows that)',
      )
    })
  },
}
