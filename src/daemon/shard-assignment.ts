/**
 * @module Which shard each resource belongs to (`run --shards N`). Pure.
 *
 * The unit of work is the ECS cluster. Clusters that a dependency edge links (a Service Connect
 * client and its servers, `dependsOn`, a namespace several clusters use) are merged into one
 * unit first, so a shard is never split across a dependency and the waves of a pass stay whole.
 * A unit is named by its lexicographically first cluster name and placed by a stable hash of that
 * name: FNV-1a (32-bit, over the UTF-8 bytes) modulo N. Namespaces follow the clusters that use
 * them; a chaos schedule follows the cluster of the service it targets (its dependency edge).
 * A namespace no cluster uses is a unit of its own, hashed as `namespace/<name>`.
 */
import type { ManifestGraph } from '../manifest/dependencies.js'
import type { ManifestResource, ManifestSet } from '../manifest/model.js'
import { handlerFor } from '../reconciler/kinds/registry.js'

/** FNV-1a, 32-bit, over the UTF-8 bytes of `text` (http://www.isthe.com/chongo/tech/comp/fnv/). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash >>> 0
}

/** The shard of a unit key (a cluster name, or `namespace/<name>`). */
export function shardOfKey(key: string, shards: number): number {
  return fnv1a32(key) % shards
}

export interface ShardAssignment {
  readonly shards: number
  /** Per declared resource id, its shard. */
  readonly byId: ReadonlyMap<string, number>
  /** Per unit key (first cluster name of the unit, or `namespace/<name>`), the clusters and namespaces merged into it. */
  readonly units: ReadonlyMap<
    string,
    { readonly shard: number; readonly clusters: readonly string[]; readonly namespaces: readonly string[] }
  >
  /** The shard of a cluster: its unit's when the manifests use it, else its own name's hash. */
  shardOfCluster(name: string): number
  /**
   * The shard of a live resource the manifests no longer declare (a prune or retention candidate):
   * its cluster's, else the hash of its id. Undefined when some shard declares it.
   */
  shardOfLive(candidate: { readonly id: string; readonly cluster: string | undefined }): number | undefined
}

/** Nodes of the union-find: `c:<cluster>` and `n:<namespace>`. */
class Units {
  private readonly parent = new Map<string, string>()

  find(node: string): string {
    let root = node
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root) as string
    if (!this.parent.has(node)) this.parent.set(node, node)
    // Path compression.
    let at = node
    while (at !== root) {
      const next = this.parent.get(at) as string
      this.parent.set(at, root)
      at = next
    }
    return root
  }

  union(a: string, b: string): void {
    const ra = this.find(a)
    const rb = this.find(b)
    if (ra !== rb) this.parent.set(ra, rb)
  }

  nodes(): string[] {
    return [...this.parent.keys()]
  }
}

/**
 * A resource's home node: the cluster its kind's handler says it belongs to (a cluster's own name),
 * else the resource itself (a namespace).
 */
function homeNode(resource: ManifestResource): string {
  const cluster = handlerFor(resource.kind).clusterOf(resource)
  return cluster !== undefined ? `c:${cluster}` : `n:${resource.metadata.name}`
}

export function assignShards(set: ManifestSet, graph: ManifestGraph, shards: number): ShardAssignment {
  if (!Number.isInteger(shards) || shards < 1) {
    throw new RangeError(`shards must be a positive integer, got ${shards}`)
  }
  const home = new Map(set.resources.map((r) => [r.id, homeNode(r)]))
  const units = new Units()
  for (const node of home.values()) units.find(node)
  for (const edge of graph.edges) {
    const from = home.get(edge.from)
    const to = home.get(edge.to)
    if (from !== undefined && to !== undefined) units.union(from, to)
  }

  const members = new Map<string, { clusters: string[]; namespaces: string[] }>()
  for (const node of units.nodes()) {
    const root = units.find(node)
    const m = members.get(root) ?? { clusters: [], namespaces: [] }
    ;(node.startsWith('c:') ? m.clusters : m.namespaces).push(node.slice(2))
    members.set(root, m)
  }
  const unitOfRoot = new Map<string, string>()
  const unitList = new Map<string, { shard: number; clusters: string[]; namespaces: string[] }>()
  for (const [root, m] of members) {
    m.clusters.sort()
    m.namespaces.sort()
    const key = m.clusters[0] ?? `namespace/${m.namespaces[0] ?? ''}`
    unitOfRoot.set(root, key)
    unitList.set(key, { shard: shardOfKey(key, shards), clusters: m.clusters, namespaces: m.namespaces })
  }
  const shardOfNode = (node: string): number =>
    unitList.get(unitOfRoot.get(units.find(node)) ?? '')?.shard ?? 0
  const byId = new Map<string, number>()
  for (const [id, node] of home) byId.set(id, shardOfNode(node))
  const known = new Set(units.nodes())
  const shardOfCluster = (name: string): number =>
    known.has(`c:${name}`) ? shardOfNode(`c:${name}`) : shardOfKey(name, shards)
  return {
    shards,
    byId,
    units: unitList,
    shardOfCluster,
    shardOfLive: ({ id, cluster }) =>
      byId.has(id) ? undefined : cluster !== undefined ? shardOfCluster(cluster) : shardOfKey(id, shards),
  }
}
