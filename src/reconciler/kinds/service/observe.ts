/** @module Live services of the manifests' clusters, their primary task definitions and scaling state. */
import type { ActualService, ActualTaskDefinition, CloudReaders, ScalingState } from '../../../cloud/ports/index.js'
import { runLimited } from '../../../shared/concurrency.js'
import { serviceKey, type ActualState, type LiveService } from '../../actual.js'
import { ownershipOf } from '../../ownership.js'
import type { ObserveContext } from '../handler.js'
import { scalingResourceId } from './desired.js'

const TASK_DEFINITION_READS_IN_FLIGHT = 10

/**
 * Without pruning, the services the manifests name are described directly (10 a call) and nothing
 * is listed; with pruning, each cluster is listed once (100 a page) and described in batches.
 */
export async function observeServices({ set, readers, reads, instance, listForPrune }: ObserveContext): Promise<Partial<ActualState>> {
  const clusters = await reads.clusters()
  const namedByCluster = new Map<string, string[]>()
  for (const s of set.services) namedByCluster.set(s.cluster, [...(namedByCluster.get(s.cluster) ?? []), s.name])
  const services = new Map<string, LiveService>()
  const listedClusters = new Set<string>()
  await Promise.all(
    reads
      .clusterNames()
      .filter((name) => clusters.has(name))
      .map(async (cluster) => {
        const named = new Set(namedByCluster.get(cluster) ?? [])
        let found: ActualService[]
        if (listForPrune) {
          const arns = await readers.ecs.listServiceArns(cluster)
          found = arns.length > 0 ? await readers.ecs.describeServices(cluster, arns) : []
          listedClusters.add(cluster)
          found = found.filter((s) => named.has(s.name) || ownershipOf(s.tags, instance) === 'ours')
        } else {
          found = named.size > 0 ? await readers.ecs.describeServices(cluster, [...named]) : []
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
  return { services, scaling, listedClusters }
}

/** The revision the PRIMARY deployment runs: that is what the service is converging to. */
async function primaryTaskDefinition(service: ActualService, readers: CloudReaders): Promise<ActualTaskDefinition | undefined> {
  const primary = service.deployments.find((d) => d.status === 'PRIMARY')
  return readers.ecs.describeTaskDefinition(primary?.taskDefinition ?? service.taskDefinition)
}
