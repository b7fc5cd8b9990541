/** @module Live reads that several kinds need (namespaces, clusters), made once per pass and shared. */
import type { ActualCluster, ActualNamespace, CloudReaders } from '../../cloud/ports/index.js'
import type { ManifestSet } from '../../manifest/model.js'

export class LiveReads {
  private namespacesRead: Promise<readonly ActualNamespace[]> | undefined
  private clustersRead: Promise<ReadonlyMap<string, ActualCluster>> | undefined

  constructor(
    private readonly set: ManifestSet,
    private readonly readers: CloudReaders,
  ) {}

  /** Every HTTP namespace, with its tags (one paginated listing). */
  namespaces(): Promise<readonly ActualNamespace[]> {
    this.namespacesRead ??= this.readers.cloudMap.listNamespaces()
    return this.namespacesRead
  }

  /** The clusters the manifests name (declared or used by a service), ACTIVE ones by name. */
  clusters(): Promise<ReadonlyMap<string, ActualCluster>> {
    this.clustersRead ??= (async () => {
      const names = this.clusterNames()
      return names.length > 0 ? this.readers.ecs.describeClusters(names) : new Map<string, ActualCluster>()
    })()
    return this.clustersRead
  }

  clusterNames(): string[] {
    return [
      ...new Set([
        ...this.set.byKind.Cluster.map((c) => c.name),
        ...this.set.byKind.Service.map((s) => s.cluster),
      ]),
    ].sort()
  }
}
