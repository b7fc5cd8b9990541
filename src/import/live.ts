/** @module Reads what `import` renders, through the read-only ports only: clusters, their services, namespaces, FIS templates. */
import type {
  ActualCluster,
  ActualExperimentTemplate,
  ActualNamespace,
  ActualService,
  ActualTaskDefinition,
  CloudReaders,
  ScalingState,
} from '../cloud/ports/index.js'
import { scalingResourceId } from '../reconciler/kinds/service/desired.js'
import { readMonitoring, withMonitoring } from '../reconciler/kinds/service/monitoring.js'
import { runLimited } from '../shared/concurrency.js'
import { ReconcilerError } from '../shared/errors.js'

export interface LiveServiceEntry {
  readonly service: ActualService
  /** The revision the PRIMARY deployment runs (what the service is, not what it is rolling away from). */
  readonly taskDefinition: ActualTaskDefinition | undefined
  readonly scaling: ScalingState | undefined
}

export interface LiveSystem {
  readonly clusters: readonly ActualCluster[]
  readonly services: readonly LiveServiceEntry[]
  /** Every HTTP namespace in the region: Service Connect refers to them by ARN. */
  readonly namespaces: readonly ActualNamespace[]
  readonly experimentTemplates: readonly ActualExperimentTemplate[]
}

export interface LiveSelection {
  /** Cluster names, or every cluster in the region. */
  readonly clusters: readonly string[] | 'all'
  readonly includeChaos: boolean
}

const TASK_DEFINITION_READS_IN_FLIGHT = 10

export function primaryTaskDefinitionArn(service: ActualService): string {
  return service.deployments.find((d) => d.status === 'PRIMARY')?.taskDefinition ?? service.taskDefinition
}

export async function readLiveSystem(readers: CloudReaders, selection: LiveSelection): Promise<LiveSystem> {
  const names =
    selection.clusters === 'all' ? (await readers.ecs.listClusterNames()).sort() : selection.clusters
  const [found, namespaces, experimentTemplates] = await Promise.all([
    names.length > 0
      ? readers.ecs.describeClusters(names)
      : Promise.resolve(new Map<string, ActualCluster>()),
    readers.cloudMap.listNamespaces(),
    selection.includeChaos ? readers.fis.listExperimentTemplates() : Promise.resolve([]),
  ])
  const missing = selection.clusters === 'all' ? [] : names.filter((name) => !found.has(name))
  if (missing.length > 0) {
    throw new ReconcilerError(
      'INVALID_INPUT',
      `no ACTIVE cluster named ${missing.map((m) => `"${m}"`).join(', ')} in this region`,
      { hint: 'check --cluster, --region and --profile' },
    )
  }
  const clusters = names.map((name) => found.get(name)).filter((c): c is ActualCluster => c !== undefined)
  const perCluster = await Promise.all(
    clusters.map(async (cluster) => {
      const arns = await readers.ecs.listServiceArns(cluster.name)
      return arns.length > 0 ? readers.ecs.describeServices(cluster.name, arns) : []
    }),
  )
  const services = perCluster.flat()
  const resourceIds = services.map((s) => scalingResourceId(clusterNameOf(s, clusters), s.name))
  // Monitoring is reported only on the service revision: one DescribeServiceRevisions per 20 revisions.
  const [taskDefinitions, scaling, monitoring] = await Promise.all([
    runLimited(services, TASK_DEFINITION_READS_IN_FLIGHT, (s) =>
      readers.ecs.describeTaskDefinition(primaryTaskDefinitionArn(s)),
    ),
    resourceIds.length > 0
      ? readers.scaling.describeScaling(resourceIds)
      : Promise.resolve(new Map<string, ScalingState>()),
    readMonitoring(readers, services),
  ])
  return {
    clusters,
    namespaces,
    experimentTemplates,
    services: services.map((service, i) => ({
      service: withMonitoring(service, monitoring.get(service.arn)),
      taskDefinition: taskDefinitions[i],
      scaling: scaling.get(scalingResourceId(clusterNameOf(service, clusters), service.name)),
    })),
  }
}

export function clusterNameOf(service: ActualService, clusters: readonly ActualCluster[]): string {
  return (
    clusters.find((c) => c.arn === service.clusterArn)?.name ??
    service.clusterArn.split('/').pop() ??
    service.clusterArn
  )
}
