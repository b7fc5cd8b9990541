/** @module Live services of the manifests' clusters, their primary task definitions and scaling state. */
import type { ActualService, ScalingState } from '../../../cloud/ports/index.js'
import { runLimited } from '../../../shared/concurrency.js'
import { serviceKey, type ActualState, type LiveService } from '../../actual.js'
import { ownershipOf, TAG_TASK_DEFINITION } from '../../ownership.js'
import type { ObserveContext } from '../handler.js'
import { desiredTaskDefinition, scalingResourceId } from './desired.js'
import { hashRecordedFor, taskDefinitionHash } from './task-definition-tag.js'

const TASK_DEFINITION_READS_IN_FLIGHT = 10

/**
 * Without pruning, the services the manifests name are described directly (10 a call) and nothing
 * is listed; with pruning, each cluster is listed once (100 a page) and described in batches.
 */
export async function observeServices({ set, readers, reads, instance, listForPrune }: ObserveContext): Promise<Partial<ActualState>> {
  const clusters = await reads.clusters()
  const namedByCluster = new Map<string, string[]>()
  for (const s of set.services) namedByCluster.set(s.cluster, [...(namedByCluster.get(s.cluster) ?? []), s.name])
  const desiredHashes = new Map(set.services.map((s) => [serviceKey(s.cluster, s.name), taskDefinitionHash(desiredTaskDefinition(s))]))
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
        // DescribeTaskDefinition has no batch form: a service whose tag proves its revision holds the
        // content we render is not read at all; the rest are read bounded, so a large cold pass does not
        // burst past the API's rate limit.
        const withTaskDefinitions = await runLimited(found, TASK_DEFINITION_READS_IN_FLIGHT, async (service): Promise<LiveService> => {
          const recorded = hashRecordedFor(service.tags[TAG_TASK_DEFINITION], primaryArn(service))
          const wanted = desiredHashes.get(serviceKey(cluster, service.name))
          if (recorded !== undefined && recorded === wanted) return { service, taskDefinition: undefined, taskDefinitionHash: recorded }
          return { service, taskDefinition: await readers.ecs.describeTaskDefinition(primaryArn(service)) }
        })
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
function primaryArn(service: ActualService): string {
  return service.deployments.find((d) => d.status === 'PRIMARY')?.taskDefinition ?? service.taskDefinition
}
