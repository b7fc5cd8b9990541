/** @module Reads the live state a plan needs, with the fewest calls the APIs allow. */
import type { ActualCluster, ActualService, ActualTaskDefinition, CloudReaders, ScalingState } from '../cloud/ports/index.js'
import type { ManifestSet } from '../manifest/model.js'
import { serviceKey, type ActualState, type LiveService } from './actual.js'
import { runLimited } from '../shared/concurrency.js'
import { scalingResourceId } from './kinds/service-desired.js'
import { ownershipOf, TAG_RESOURCE } from './ownership.js'

const TASK_DEFINITION_READS_IN_FLIGHT = 10

export interface ObserveOptions {
  readonly instance: string
  /** List every service of the manifests' clusters to find managed ones that left the manifests. */
  readonly listForPrune: boolean
}

/**
 * Without pruning, the services the manifests name are described directly (10 a call) and nothing
 * is listed; with pruning, each cluster is listed once (100 a page) and described in batches.
 */
export async function observe(set: ManifestSet, readers: CloudReaders, options: ObserveOptions): Promise<ActualState> {
  const clusterNames = [...new Set([...set.clusters.map((c) => c.name), ...set.services.map((s) => s.cluster)])].sort()
  const [namespaces, clusters, experimentTemplates] = await Promise.all([
    readers.cloudMap.listNamespaces(),
    clusterNames.length > 0 ? readers.ecs.describeClusters(clusterNames) : Promise.resolve(new Map<string, ActualCluster>()),
    set.chaosSchedules.length > 0 || options.listForPrune
      ? readers.fis.listExperimentTemplates().then((ts) => ts.filter((t) => t.tags[TAG_RESOURCE]?.startsWith('ChaosSchedule/')))
      : Promise.resolve([]),
  ])

  const services = new Map<string, LiveService>()
  const listedClusters = new Set<string>()
  await Promise.all(
    clusterNames
      .filter((name) => clusters.has(name))
      .map(async (cluster) => {
        const named = set.services.filter((s) => s.cluster === cluster).map((s) => s.name)
        let found: ActualService[]
        if (options.listForPrune) {
          const arns = await readers.ecs.listServiceArns(cluster)
          found = arns.length > 0 ? await readers.ecs.describeServices(cluster, arns) : []
          listedClusters.add(cluster)
          found = found.filter((s) => named.includes(s.name) || ownershipOf(s.tags, options.instance) === 'ours')
        } else {
          found = named.length > 0 ? await readers.ecs.describeServices(cluster, named) : []
        }
        // One call per uncached revision (there is no batch form): bounded, so a large cold pass
        // does not burst past the API's rate limit.
        const withTaskDefinitions = await runLimited(found, TASK_DEFINITION_READS_IN_FLIGHT, async (service) => ({ service, taskDefinition: await primaryTaskDefinition(service, readers) }))
        for (const entry of withTaskDefinitions) services.set(serviceKey(cluster, entry.service.name), entry)
      }),
  )

  const resourceIds = [...services.keys()].map((key) => {
    const [cluster = '', name = ''] = key.split('/')
    return scalingResourceId(cluster, name)
  })
  const scaling = resourceIds.length > 0 ? await readers.scaling.describeScaling(resourceIds) : new Map<string, ScalingState>()
  return { namespaces, clusters, services, scaling, experimentTemplates, listedClusters }
}

/** The revision the PRIMARY deployment runs: that is what the service is converging to. */
async function primaryTaskDefinition(service: ActualService, readers: CloudReaders): Promise<ActualTaskDefinition | undefined> {
  const primary = service.deployments.find((d) => d.status === 'PRIMARY')
  return readers.ecs.describeTaskDefinition(primary?.taskDefinition ?? service.taskDefinition)
}
