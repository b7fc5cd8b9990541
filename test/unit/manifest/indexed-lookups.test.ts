/**
 * The indexed graph building and lookups give exactly what the straightforward scans gave: the
 * scans (the code before indexing) are kept here as the oracle and compared on random manifest sets.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createGraph } from '../../../src/graph/index.js'
import {
  buildDependencyGraph,
  type EdgeReason,
  type ReasonedEdge,
} from '../../../src/manifest/dependencies.js'
import type { DocumentSource } from '../../../src/manifest/load/source-map.js'
import {
  buildManifestSet,
  resourceId,
  type ManifestResource,
  type ManifestSet,
  type ServiceResource,
} from '../../../src/manifest/model.js'
import { findNamespace, resolveService, serviceConnectNamespaceOf } from '../../../src/manifest/references.js'
import type { ServiceSpec } from '../../../src/manifest/schema/index.js'

const source: DocumentSource = {
  file: 'x.yaml',
  index: 0,
  positionOf: () => ({ file: 'x.yaml', line: 1, col: 1 }),
}

// --- the oracle: one scan per lookup ---
const scanResolve = (set: ManifestSet, name: string, cluster: string): ServiceResource | undefined => {
  const same = set.byKind.Service.find((s) => s.name === name && s.cluster === cluster)
  if (same) return same
  const byName = set.byKind.Service.filter((s) => s.name === name)
  return byName.length === 1 ? byName[0] : undefined
}
const scanNamespaceOf = (set: ManifestSet, s: ServiceResource): string | undefined =>
  s.spec.serviceConnect
    ? (s.spec.serviceConnect.namespace ??
      set.byKind.Cluster.find((c) => c.name === s.cluster)?.spec.serviceConnectDefaults?.namespace)
    : undefined
const isClientServer = (s: ServiceResource): boolean => (s.spec.serviceConnect?.services?.length ?? 0) > 0

function scanEdges(set: ManifestSet): ReasonedEdge[] {
  const edges: ReasonedEdge[] = []
  const add = (from: string, to: string, reason: EdgeReason): void => {
    if (!edges.some((e) => e.from === from && e.to === to)) edges.push({ from, to, reason })
  }
  for (const service of set.byKind.Service) {
    const explicit = (service.spec.dependsOn ?? [])
      .map((n) => scanResolve(set, n, service.cluster))
      .filter((s) => s !== undefined)
    for (const dep of explicit) add(service.id, dep.id, 'dependsOn')
    const ns = scanNamespaceOf(set, service)
    if (ns !== undefined) {
      const declared = set.byKind.Namespace.find((n) => n.name === ns)
      if (declared) add(service.id, declared.id, 'namespace')
      if (!isClientServer(service)) {
        const backends = set.byKind.Service.filter(
          (o) => o !== service && isClientServer(o) && scanNamespaceOf(set, o) === ns,
        )
        if (!backends.some((b) => explicit.includes(b))) {
          for (const b of backends) add(service.id, b.id, 'service-connect')
        }
      }
    }
    const cluster = set.byKind.Cluster.find((c) => c.name === service.cluster)
    if (cluster) add(service.id, cluster.id, 'cluster')
  }
  for (const cluster of set.byKind.Cluster) {
    const ns = cluster.spec.serviceConnectDefaults?.namespace
    const declared = ns === undefined ? undefined : set.byKind.Namespace.find((n) => n.name === ns)
    if (declared) add(cluster.id, declared.id, 'namespace')
  }
  for (const chaos of set.byKind.ChaosSchedule) {
    const target = scanResolve(set, chaos.spec.target.service, chaos.cluster)
    if (target) add(chaos.id, target.id, 'chaos-target')
  }
  return edges
}

// --- random sets with few names, so that duplicates, shadowing and ambiguity are common ---
const NAMES = ['a', 'b', 'c', 'd', 'e']
const CLUSTERS = ['one', 'two', 'three']
const NAMESPACES = ['ns1', 'ns2', 'ns3']

const serviceArb = fc.record({
  name: fc.constantFrom(...NAMES),
  cluster: fc.constantFrom(...CLUSTERS),
  dependsOn: fc.option(fc.array(fc.constantFrom(...NAMES, 'ghost'), { maxLength: 3 }), { nil: undefined }),
  sc: fc.option(
    fc.record({
      namespace: fc.option(fc.constantFrom(...NAMESPACES, 'undeclared'), { nil: undefined }),
      server: fc.boolean(),
    }),
    { nil: undefined },
  ),
})
const setArb = fc.record({
  services: fc.array(serviceArb, { maxLength: 14 }),
  clusters: fc.array(
    fc.record({
      name: fc.constantFrom(...CLUSTERS),
      ns: fc.option(fc.constantFrom(...NAMESPACES, 'undeclared'), { nil: undefined }),
    }),
    { maxLength: 4 },
  ),
  namespaces: fc.array(fc.constantFrom(...NAMESPACES), { maxLength: 4 }),
  chaos: fc.array(
    fc.record({ target: fc.constantFrom(...NAMES, 'ghost'), cluster: fc.constantFrom(...CLUSTERS) }),
    { maxLength: 3 },
  ),
})

type SetInput = typeof setArb extends fc.Arbitrary<infer T> ? T : never

function toSet(input: SetInput): ManifestSet {
  const resources: ManifestResource[] = []
  for (const ns of input.namespaces) {
    resources.push({
      kind: 'Namespace',
      id: resourceId('Namespace', ns),
      name: ns,
      metadata: { name: ns },
      spec: {},
      source,
    })
  }
  for (const c of input.clusters) {
    resources.push({
      kind: 'Cluster',
      id: resourceId('Cluster', c.name),
      name: c.name,
      metadata: { name: c.name },
      spec: c.ns ? { serviceConnectDefaults: { namespace: c.ns } } : {},
      source,
    })
  }
  for (const s of input.services) {
    const spec = {
      taskDefinition: { cpu: 256, memory: 512, containers: [] },
      ...(s.dependsOn ? { dependsOn: s.dependsOn } : {}),
      ...(s.sc
        ? {
            serviceConnect: {
              ...(s.sc.namespace ? { namespace: s.sc.namespace } : {}),
              ...(s.sc.server ? { services: [{ portName: 'http' }] } : {}),
            },
          }
        : {}),
    } as unknown as ServiceSpec
    resources.push({
      kind: 'Service',
      id: resourceId('Service', s.name, s.cluster),
      name: s.name,
      cluster: s.cluster,
      metadata: { name: s.name },
      spec,
      source,
    })
  }
  input.chaos.forEach((c, i) => {
    const name = `chaos${i}`
    resources.push({
      kind: 'ChaosSchedule',
      id: resourceId('ChaosSchedule', name),
      name,
      cluster: c.cluster,
      metadata: { name },
      spec: { target: { service: c.target } },
      source,
    } as unknown as ManifestResource)
  })
  return buildManifestSet(resources, 'one')
}

describe('indexed lookups match the scans they replace', () => {
  it('resolveService, serviceConnectNamespaceOf and findNamespace', () => {
    fc.assert(
      fc.property(setArb, (input) => {
        const set = toSet(input)
        for (const name of [...NAMES, 'ghost']) {
          for (const cluster of CLUSTERS) {
            expect(resolveService(set, name, cluster)).toBe(scanResolve(set, name, cluster))
          }
        }
        for (const s of set.byKind.Service) {
          expect(serviceConnectNamespaceOf(set, s)).toBe(scanNamespaceOf(set, s))
        }
        for (const ns of [...NAMESPACES, 'undeclared']) {
          expect(findNamespace(set, ns)).toBe(set.byKind.Namespace.find((n) => n.name === ns))
        }
      }),
      { numRuns: 300 },
    )
  })

  it('the dependency graph: the same edges, reasons and order', () => {
    fc.assert(
      fc.property(setArb, (input) => {
        const set = toSet(input)
        const built = buildDependencyGraph(set)
        const expected = scanEdges(set)
        expect(built.edges).toEqual(expected)
        expect(built.graph).toEqual(
          createGraph(
            set.resources.map((r) => r.id),
            expected,
          ),
        )
      }),
      { numRuns: 300 },
    )
  })
})
