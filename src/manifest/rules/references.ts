/** @module Names used in manifests (dependsOn, chaos targets, namespaces) must exist. */
import { didYouMean } from '../did-you-mean.js'
import type { ManifestIssue } from '../issues.js'
import { findNamespace, resolveService, serviceConnectNamespaceOf } from '../references.js'
import { issueAt, type Rule } from './rule.js'

const isArn = (ref: string): boolean => ref.startsWith('arn:')

export const serviceReferences: Rule = {
  id: 'ref/service',
  description: '`dependsOn` and chaos targets name services that are declared',
  check({ set }) {
    const names = set.services.map((s) => s.name)
    const issues: ManifestIssue[] = []
    for (const service of set.services) {
      for (const [i, name] of (service.spec.dependsOn ?? []).entries()) {
        if (name === service.name) {
          issues.push(issueAt(service, ['spec', 'dependsOn', i], this.id, 'error', `service "${service.name}" depends on itself`, 'remove this entry'))
        } else if (!resolveService(set, name, service.cluster)) {
          const guess = didYouMean(name, names)
          issues.push(
            issueAt(service, ['spec', 'dependsOn', i], this.id, 'error', `dependsOn names unknown service "${name}"`, guess ? `did you mean "${guess}"?` : 'declare that Service or remove the entry'),
          )
        }
      }
    }
    for (const chaos of set.chaosSchedules) {
      const name = chaos.spec.target.service
      if (!resolveService(set, name, chaos.cluster)) {
        const guess = didYouMean(name, names)
        issues.push(
          issueAt(chaos, ['spec', 'target', 'service'], 'chaos/target', 'error', `chaos target service "${name}" is not declared in the manifests`, guess ? `did you mean "${guess}"?` : 'target a Service declared in the manifests'),
        )
      }
    }
    return issues
  },
}

export const namespaceReferences: Rule = {
  id: 'ref/namespace',
  description: 'Service Connect namespaces are declared as Namespace (or given as a Cloud Map ARN)',
  check({ set }) {
    const names = set.namespaces.map((n) => n.name)
    const issues: ManifestIssue[] = []
    const unknown = (ref: string): boolean => !isArn(ref) && !findNamespace(set, ref)
    for (const service of set.services) {
      const sc = service.spec.serviceConnect
      if (!sc) continue
      const ns = serviceConnectNamespaceOf(set, service)
      if (ns === undefined) {
        issues.push(
          issueAt(service, ['spec', 'serviceConnect'], 'sc/namespace-required', 'error', `service "${service.name}" uses Service Connect but names no namespace and its cluster "${service.cluster}" declares no serviceConnectDefaults`, 'set `serviceConnect.namespace`, or declare the Cluster with `serviceConnectDefaults.namespace`'),
        )
      } else if (sc.namespace !== undefined && unknown(sc.namespace)) {
        const guess = didYouMean(sc.namespace, names)
        issues.push(issueAt(service, ['spec', 'serviceConnect', 'namespace'], this.id, 'error', `unknown namespace "${sc.namespace}"`, guess ? `did you mean "${guess}"?` : 'declare a Namespace with that name, or give the Cloud Map namespace ARN'))
      }
    }
    for (const cluster of set.clusters) {
      const ns = cluster.spec.serviceConnectDefaults?.namespace
      if (ns !== undefined && unknown(ns)) {
        const guess = didYouMean(ns, names)
        issues.push(issueAt(cluster, ['spec', 'serviceConnectDefaults', 'namespace'], this.id, 'error', `unknown namespace "${ns}"`, guess ? `did you mean "${guess}"?` : 'declare a Namespace with that name, or give the Cloud Map namespace ARN'))
      }
    }
    return issues
  },
}
