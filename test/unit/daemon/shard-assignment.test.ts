/** Shard assignment (`run --shards`): a stable hash per cluster unit, dependencies never split, namespaces and chaos schedules follow their clusters. */
import { describe, expect, it } from 'vitest'
import { assignShards, fnv1a32, shardOfKey } from '../../../src/daemon/shard-assignment.js'
import { chaosYaml, clusterYaml, namespaceYaml, serviceYaml, validSet } from '../../support/multi-cluster.js'

const plain = (clusters: readonly string[]) =>
  validSet(clusters.flatMap((c) => [clusterYaml(c), serviceYaml({ name: `${c}-api`, cluster: c })]))

describe('fnv1a32', () => {
  it('is the published FNV-1a 32-bit hash', () => {
    // Test vectors of the FNV reference (http://www.isthe.com/chongo/tech/comp/fnv/, "FNV-1a" 32-bit).
    expect(fnv1a32('')).toBe(0x811c9dc5)
    expect(fnv1a32('a')).toBe(0xe40c292c)
    expect(fnv1a32('foobar')).toBe(0xbf9cf968)
  })

  it('hashes the UTF-8 bytes, so a name hashes the same on every replica and platform', () => {
    expect(fnv1a32('é')).toBe(fnv1a32('\u00e9'))
    expect(fnv1a32('é')).not.toBe(fnv1a32('e'))
  })
})

describe('assignShards', () => {
  it('places each cluster by the hash of its name, with everything in it', () => {
    const { set, graph } = plain(['alpha', 'beta', 'gamma', 'delta'])
    const a = assignShards(set, graph, 6)
    for (const c of ['alpha', 'beta', 'gamma', 'delta']) {
      const shard = fnv1a32(c) % 6
      expect(a.byId.get(`Cluster/${c}`), c).toBe(shard)
      expect(a.byId.get(`Service/${c}/${c}-api`), c).toBe(shard)
      expect(a.shardOfCluster(c)).toBe(shard)
    }
  })

  it('is stable: adding or removing other clusters moves no cluster', () => {
    const before = plain(['alpha', 'beta', 'gamma'])
    const after = plain(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'])
    const a = assignShards(before.set, before.graph, 4)
    const b = assignShards(after.set, after.graph, 4)
    for (const c of ['alpha', 'beta', 'gamma']) {
      expect(b.byId.get(`Cluster/${c}`)).toBe(a.byId.get(`Cluster/${c}`))
    }
  })

  it('spreads many clusters over every shard', () => {
    const names = Array.from({ length: 60 }, (_, i) => `cluster-${i}`)
    const { set, graph } = plain(names)
    const a = assignShards(set, graph, 6)
    const used = new Set(names.map((c) => a.byId.get(`Cluster/${c}`)))
    expect([...used].sort()).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('merges clusters linked by a Service Connect dependency into one unit, named and placed by the first cluster name', () => {
    // Pick two clusters the hash alone puts in different shards, so the merge is visible.
    const [x, y] = ['orders', 'payments'].sort()
    expect(shardOfKey(x as string, 6)).not.toBe(shardOfKey(y as string, 6))
    const { set, graph } = validSet([
      clusterYaml(x as string),
      clusterYaml(y as string),
      namespaceYaml('mesh'),
      serviceYaml({ name: 'backend', cluster: y as string, namespace: 'mesh', server: true }),
      serviceYaml({ name: 'frontend', cluster: x as string, namespace: 'mesh' }),
    ])
    const a = assignShards(set, graph, 6)
    const shard = shardOfKey(x as string, 6)
    expect(a.byId.get(`Service/${y}/backend`)).toBe(shard)
    expect(a.byId.get(`Service/${x}/frontend`)).toBe(shard)
    expect(a.byId.get(`Cluster/${y}`)).toBe(shard)
    expect(a.byId.get('Namespace/mesh')).toBe(shard)
    expect(a.units.get(x as string)).toEqual({ shard, clusters: [x, y], namespaces: ['mesh'] })
  })

  it('merges clusters linked by dependsOn across clusters', () => {
    const { set, graph } = validSet([
      clusterYaml('a-first'),
      clusterYaml('z-last'),
      serviceYaml({ name: 'db', cluster: 'z-last' }),
      serviceYaml({ name: 'app', cluster: 'a-first', dependsOn: ['db'] }),
    ])
    expect(graph.edges.some((e) => e.reason === 'dependsOn')).toBe(true)
    const a = assignShards(set, graph, 5)
    expect(a.byId.get('Service/z-last/db')).toBe(shardOfKey('a-first', 5))
    expect(a.shardOfCluster('z-last')).toBe(shardOfKey('a-first', 5))
  })

  it('namespaces follow the cluster that uses them; a namespace no one uses is placed by its own name', () => {
    const { set, graph } = validSet([
      clusterYaml('shop'),
      namespaceYaml('shop-ns'),
      namespaceYaml('spare'),
      serviceYaml({ name: 'api', cluster: 'shop', namespace: 'shop-ns', server: true }),
    ])
    const a = assignShards(set, graph, 7)
    expect(a.byId.get('Namespace/shop-ns')).toBe(shardOfKey('shop', 7))
    expect(a.byId.get('Namespace/spare')).toBe(shardOfKey('namespace/spare', 7))
  })

  it('a chaos schedule follows the cluster of the service it targets', () => {
    const { set, graph } = validSet([
      clusterYaml('east'),
      clusterYaml('west'),
      serviceYaml({ name: 'api', cluster: 'west' }),
      chaosYaml('api-chaos', 'api', 'west'),
    ])
    const a = assignShards(set, graph, 9)
    expect(a.byId.get('ChaosSchedule/api-chaos')).toBe(shardOfKey('west', 9))
  })

  it('places live resources the manifests no longer name by their cluster, and never one some shard declares', () => {
    const { set, graph } = plain(['alpha'])
    const a = assignShards(set, graph, 6)
    expect(a.shardOfLive({ id: 'Service/alpha/alpha-api', cluster: 'alpha' })).toBeUndefined()
    expect(a.shardOfLive({ id: 'Service/alpha/old', cluster: 'alpha' })).toBe(a.byId.get('Cluster/alpha'))
    expect(a.shardOfLive({ id: 'Service/gone/old', cluster: 'gone' })).toBe(shardOfKey('gone', 6))
    expect(a.shardOfLive({ id: 'Namespace/old', cluster: undefined })).toBe(shardOfKey('Namespace/old', 6))
  })

  it('one shard holds everything', () => {
    const { set, graph } = plain(['alpha', 'beta'])
    const a = assignShards(set, graph, 1)
    expect(new Set(a.byId.values())).toEqual(new Set([0]))
  })
})
