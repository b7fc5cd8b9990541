/**
 * The shop example's live state after an apply, from test/fixtures/shop-live/*.json: data we wrote
 * in the API's field names (not recorded from AWS, see that folder's README), mapped to the port
 * model by the very functions the adapters use. For tests of our own behaviour; what AWS returns is
 * tested against its published examples (test/support/aws-examples.ts).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { namespaceFromSummary, tagsFromSdList } from '../../src/cloud/aws/cloudmap-adapter.js'
import { clusterFromSdk, serviceFromSdk, taskDefinitionFromSdk } from '../../src/cloud/aws/ecs-mapping.js'
import { templateFromSdk } from '../../src/cloud/aws/fis-adapter.js'
import { policyFromSdk, scheduledActionFromSdk, targetFromSdk } from '../../src/cloud/aws/scaling-adapter.js'
import type { ScalingState, TargetTrackingPolicy } from '../../src/cloud/ports/index.js'
import type { ActualState } from '../../src/reconciler/actual.js'
import { serviceKey, type LiveService } from '../../src/reconciler/kinds/service/live.js'

const DIR = join(import.meta.dirname, '..', 'fixtures', 'shop-live')

/** Timestamps as the SDK deserialises them (epoch seconds on the wire → Date). */
const TIME_FIELDS = new Set([
  'createdAt',
  'updatedAt',
  'registeredAt',
  'deregisteredAt',
  'CreateDate',
  'CreationTime',
  'creationTime',
  'lastUpdateTime',
])

/** One recorded response, as the SDK would hand it to the adapter. */
export function shopLiveResponse<T = Record<string, unknown>>(file: string): T {
  const text = readFileSync(join(DIR, file), 'utf8')
  return JSON.parse(text, (key, value: unknown) =>
    TIME_FIELDS.has(key) && typeof value === 'number' ? new Date(value * 1000) : value,
  ) as T
}

type Sdk<F extends (...args: never[]) => unknown> = Parameters<F>[0]
type Tags = { key?: string; value?: string }[]

interface Edits {
  /** Change a recorded service response before it is mapped (e.g. drop an echo). */
  readonly service?: (name: string, service: Record<string, unknown>) => void
}

/** The shop example as we expect AWS to report it after this instance applied it (constructed data, see above). */
export function shopLiveState(edits: Edits = {}): ActualState {
  const services = shopLiveResponse<{ services: Sdk<typeof serviceFromSdk>[] }>(
    'ecs-describe-services.json',
  ).services
  const taskDefinitions = shopLiveResponse<{
    responses: Record<string, { taskDefinition: Sdk<typeof taskDefinitionFromSdk>; tags: Tags }>
  }>('ecs-describe-task-definition.json').responses
  const live = new Map<string, LiveService>()
  for (const raw of services) {
    edits.service?.(raw.serviceName ?? '', raw as Record<string, unknown>)
    const service = serviceFromSdk(raw)
    const td = Object.values(taskDefinitions).find(
      (r) => r.taskDefinition.taskDefinitionArn === service.taskDefinition,
    )
    live.set(serviceKey('shop', service.name), {
      service,
      taskDefinition: td ? taskDefinitionFromSdk(td.taskDefinition, td.tags) : undefined,
    })
  }
  const clusters = shopLiveResponse<{ clusters: Sdk<typeof clusterFromSdk>[] }>(
    'ecs-describe-clusters.json',
  ).clusters.map(clusterFromSdk)

  const cloudMap = shopLiveResponse<{
    ListNamespaces: { Namespaces: Sdk<typeof namespaceFromSummary>[] }
    ListTagsForResource: Record<string, { Tags: Sdk<typeof tagsFromSdList> }>
  }>('cloudmap-namespaces.json')
  const namespaces = cloudMap.ListNamespaces.Namespaces.map((summary) => {
    const ns = namespaceFromSummary(summary)
    return { ...ns, tags: tagsFromSdList(cloudMap.ListTagsForResource[ns.arn]?.Tags) }
  })

  const aas = shopLiveResponse<{
    DescribeScalableTargets: { ScalableTargets: Sdk<typeof targetFromSdk>[] }
    DescribeScalingPolicies: { ScalingPolicies: (Sdk<typeof policyFromSdk> & { ResourceId?: string })[] }
    DescribeScheduledActions: {
      ScheduledActions: (Sdk<typeof scheduledActionFromSdk> & { ResourceId?: string })[]
    }
  }>('aas-scaling.json')
  const scaling = new Map<string, ScalingState>()
  for (const t of aas.DescribeScalableTargets.ScalableTargets) {
    const target = targetFromSdk(t)
    scaling.set(target.resourceId, {
      target,
      policies: aas.DescribeScalingPolicies.ScalingPolicies.filter((p) => p.ResourceId === target.resourceId)
        .map(policyFromSdk)
        .filter((p): p is TargetTrackingPolicy => p !== undefined),
      scheduledActions: aas.DescribeScheduledActions.ScheduledActions.filter(
        (a) => a.ResourceId === target.resourceId,
      ).map(scheduledActionFromSdk),
    })
  }

  const template = templateFromSdk(
    shopLiveResponse<{ experimentTemplate: Sdk<typeof templateFromSdk> }>('fis-get-experiment-template.json')
      .experimentTemplate,
  )
  return {
    Namespace: namespaces,
    Cluster: new Map(clusters.map((c) => [c.name, c])),
    Service: { services: live, scaling, listedClusters: new Set(clusters.map((c) => c.name)) },
    ChaosSchedule: [template],
    TaskDefinitionRevision: new Map(),
  }
}
