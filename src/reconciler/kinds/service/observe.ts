/** @module Live services of the manifests' clusters, their primary task definitions and scaling state. */
import type { ActualService, CloudReaders, ScalingState } from '../../../cloud/ports/index.js'
import type { ServiceResource } from '../../../manifest/model.js'
import { runLimited } from '../../../shared/concurrency.js'
import { errorMessage } from '../../../shared/errors.js'
import { ownershipOf, TAG_MANAGED_BY, TAG_TASK_DEFINITION } from '../../ownership.js'
import type { ObserveContext } from '../handler.js'
import { scalingResourceId } from './desired.js'
import { serviceKey, type LiveService, type LiveServices } from './live.js'
import { observeMonitoring } from './monitoring.js'
import { renderedService } from './rendered.js'
import { familyRevision, hashRecordedFor } from './task-definition-tag.js'

const TASK_DEFINITION_READS_IN_FLIGHT = 10

/**
 * The services the manifests name are described directly (10 a call). Looking for managed services
 * that left the manifests, our own are found through their managed-by tag in every cluster of the
 * region (Resource Groups Tagging API, 100 a page) and only those are described — never a whole
 * cluster of other people's services.
 */
export async function observeServices({
  set,
  readers,
  reads,
  instance,
  listForPrune,
}: ObserveContext): Promise<LiveServices> {
  const [clusters, tagged] = await Promise.all([
    reads.clusters(),
    listForPrune
      ? readers.tagging.findTagged(TAG_MANAGED_BY, instance, ['ecs:service'])
      : Promise.resolve([]),
  ])
  const wanted = new Map<string, Set<string>>()
  const want = (cluster: string, nameOrArn: string): void =>
    void wanted.set(cluster, (wanted.get(cluster) ?? new Set()).add(nameOrArn))
  for (const s of set.byKind.Service) if (clusters.has(s.cluster)) want(s.cluster, s.name)
  const namedKeys = new Set(set.byKind.Service.map((s) => serviceKey(s.cluster, s.name)))
  for (const { arn } of tagged) {
    const place = servicePlace(arn)
    if (place && !namedKeys.has(serviceKey(place.cluster, place.name))) want(place.cluster, arn)
  }
  const desiredHashes = new Map(
    set.byKind.Service.map((s) => [serviceKey(s.cluster, s.name), desiredHash(s)]),
  )
  const services = new Map<string, LiveService>()
  await Promise.all(
    [...wanted].map(async ([cluster, namesOrArns]) => {
      const found = (await readers.ecs.describeServices(cluster, [...namesOrArns])).filter(
        (s) => namedKeys.has(serviceKey(cluster, s.name)) || ownershipOf(s.tags, instance) === 'ours',
      )
      // DescribeTaskDefinition has no batch form: a service whose tag proves its revision holds the
      // content we render is not read at all; the rest are read bounded, so a large cold pass does not
      // burst past the API's rate limit.
      const withTaskDefinitions = await runLimited(found, TASK_DEFINITION_READS_IN_FLIGHT, (service) =>
        readTaskDefinition(service, desiredHashes.get(serviceKey(cluster, service.name)), readers),
      )
      for (const entry of withTaskDefinitions) services.set(serviceKey(cluster, entry.service.name), entry)
    }),
  )
  // Every cluster is searched when looking for managed services: an absent one is known gone.
  const listedClusters = new Set(listForPrune ? [...wanted.keys(), ...clusters.keys()] : [])
  const resourceIds = [...services.keys()].map((key) => {
    const [cluster = '', name = ''] = key.split('/')
    return scalingResourceId(cluster, name)
  })
  const [scaling] = await Promise.all([
    resourceIds.length > 0
      ? readers.scaling.describeScaling(resourceIds)
      : Promise.resolve(new Map<string, ScalingState>()),
    observeMonitoring(services, set.byKind.Service, readers),
  ])
  return { services, scaling, listedClusters }
}

const desiredHash = (service: ServiceResource): string => renderedService(service).taskDefinitionHash

/**
 * A service's task definition: not read at all when the service's tag proves its revision holds the
 * content we render (`desiredHash`).
 */
async function readTaskDefinition(
  service: ActualService,
  desiredHash: string | undefined,
  readers: CloudReaders,
): Promise<LiveService> {
  const recorded = hashRecordedFor(service.tags[TAG_TASK_DEFINITION], primaryArn(service))
  if (recorded !== undefined && recorded === desiredHash) {
    return { service, taskDefinition: undefined, taskDefinitionHash: recorded }
  }
  // One revision that cannot be read (throttled past the SDK's retries, say) makes only this
  // service unknown for the pass; the batched and listing reads still fail the pass.
  try {
    return { service, taskDefinition: await readers.ecs.describeTaskDefinition(primaryArn(service)) }
  } catch (err) {
    return {
      service,
      taskDefinition: undefined,
      readError: `could not read task definition ${familyRevision(primaryArn(service))}: ${errorMessage(err)}`,
    }
  }
}

/** Cluster and name of a service ARN in the long format `arn:…:service/<cluster>/<name>` (the only one since 2021). */
function servicePlace(arn: string): { cluster: string; name: string } | undefined {
  const [, cluster, name] = /:service\/([^/]+)\/([^/]+)$/.exec(arn) ?? []
  return cluster && name ? { cluster, name } : undefined
}

/** The revision the PRIMARY deployment runs: that is what the service is converging to. */
function primaryArn(service: ActualService): string {
  return service.deployments.find((d) => d.status === 'PRIMARY')?.taskDefinition ?? service.taskDefinition
}
