/** @module Names used in manifests (dependsOn, chaos targets, namespaces) must exist. */
import { didYouMean } from '../did-you-mean.js'
import type { ManifestIssue, Severity } from '../issues.js'
import { findNamespace, resolveService, serviceConnectNamespaceOf } from '../references.js'
import type { FieldPath } from '../load/source-map.js'
import type { ManifestResource, ServiceResource } from '../model.js'
import type { Kind } from '../schema/index.js'
import type { UnloadedNames } from '../unloaded.js'
import { issueAt, type Rule, type RuleContext } from './rule.js'

const isArn = (ref: string): boolean => ref.startsWith('arn:')

/**
 * Reports a name that resolves to nothing, unless a document that failed to load declares it (that
 * document's own error is the one to fix). While some broken document shows no name at all, the
 * reference may be to it: a warning, not an error, so one broken file does not cascade.
 */
function unresolved(
  unloaded: UnloadedNames,
  kind: Kind,
  name: string,
  report: (severity: Severity, note: string) => ManifestIssue,
): ManifestIssue | undefined {
  if (unloaded.mayDeclare(kind, name)) return undefined
  const files = unloaded.anonymousFiles
  if (files.length === 0) return report('error', '')
  const shown =
    files.length > 3 ? `${files.slice(0, 3).join(', ')} and ${files.length - 3} more` : files.join(', ')
  return report('warning', ` (it may be declared in ${shown}, which could not be loaded)`)
}

export const serviceReferences: Rule = {
  id: 'ref/service',
  description: '`dependsOn` and chaos targets name services that are declared',
  check({ set, unloaded }) {
    const names = set.byKind.Service.map((s) => s.name)
    const issues: ManifestIssue[] = []
    const add = (issue: ManifestIssue | undefined): void => {
      if (issue) issues.push(issue)
    }
    for (const service of set.byKind.Service) {
      for (const [i, name] of (service.spec.dependsOn ?? []).entries()) {
        if (name === service.name) {
          issues.push(
            issueAt(
              service,
              ['spec', 'dependsOn', i],
              this.id,
              'error',
              `service "${service.name}" depends on itself`,
              'remove this entry',
            ),
          )
        } else if (!resolveService(set, name, service.cluster)) {
          add(
            unresolved(unloaded, 'Service', name, (severity, note) => {
              const guess = didYouMean(name, names)
              return issueAt(
                service,
                ['spec', 'dependsOn', i],
                this.id,
                severity,
                `dependsOn names unknown service "${name}"${note}`,
                guess ? `did you mean "${guess}"?` : 'declare that Service or remove the entry',
              )
            }),
          )
        }
      }
    }
    for (const chaos of set.byKind.ChaosSchedule) {
      const name = chaos.spec.target.service
      if (!resolveService(set, name, chaos.cluster)) {
        add(
          unresolved(unloaded, 'Service', name, (severity, note) => {
            const guess = didYouMean(name, names)
            return issueAt(
              chaos,
              ['spec', 'target', 'service'],
              'chaos/target',
              severity,
              `chaos target service "${name}" is not declared in the manifests${note}`,
              guess ? `did you mean "${guess}"?` : 'target a Service declared in the manifests',
            )
          }),
        )
      }
    }
    return issues
  },
}

const NAMESPACE_HINT = 'declare a Namespace with that name, or give the Cloud Map namespace ARN'

/** The namespace `ref` at `path` of `resource` is neither declared nor an ARN (undefined when it is fine). */
function unknownNamespace(
  { set, unloaded }: RuleContext,
  ruleId: string,
  resource: ManifestResource,
  path: FieldPath,
  ref: string,
): ManifestIssue | undefined {
  if (isArn(ref) || findNamespace(set, ref)) return undefined
  return unresolved(unloaded, 'Namespace', ref, (severity, note) => {
    const names = set.byKind.Namespace.map((n) => n.name)
    const guess = didYouMean(ref, names)
    return issueAt(
      resource,
      path,
      ruleId,
      severity,
      `unknown namespace "${ref}"${note}`,
      guess ? `did you mean "${guess}"?` : NAMESPACE_HINT,
    )
  })
}

/** A Service Connect service whose namespace is missing (and not from its cluster) or unknown. */
function serviceNamespaceIssue(
  context: RuleContext,
  ruleId: string,
  service: ServiceResource,
): ManifestIssue | undefined {
  const sc = service.spec.serviceConnect
  if (!sc) return undefined
  if (serviceConnectNamespaceOf(context.set, service) === undefined) {
    // The namespace would come from the cluster's defaults; a broken Cluster document may hold them.
    return unresolved(context.unloaded, 'Cluster', service.cluster, (severity, note) =>
      issueAt(
        service,
        ['spec', 'serviceConnect'],
        'sc/namespace-required',
        severity,
        `service "${service.name}" uses Service Connect but names no namespace and its cluster "${service.cluster}" declares no serviceConnectDefaults${note}`,
        'set `serviceConnect.namespace`, or declare the Cluster with `serviceConnectDefaults.namespace`',
      ),
    )
  }
  if (sc.namespace === undefined) return undefined
  return unknownNamespace(context, ruleId, service, ['spec', 'serviceConnect', 'namespace'], sc.namespace)
}

export const namespaceReferences: Rule = {
  id: 'ref/namespace',
  description: 'Service Connect namespaces are declared as Namespace (or given as a Cloud Map ARN)',
  check(context) {
    const found = [
      ...context.set.byKind.Service.map((service) => serviceNamespaceIssue(context, this.id, service)),
      ...context.set.byKind.Cluster.map((cluster) => {
        const ns = cluster.spec.serviceConnectDefaults?.namespace
        const path = ['spec', 'serviceConnectDefaults', 'namespace']
        return ns === undefined ? undefined : unknownNamespace(context, this.id, cluster, path, ns)
      }),
    ]
    return found.filter((issue): issue is ManifestIssue => issue !== undefined)
  },
}
