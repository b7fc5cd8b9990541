/**
 * Timing fixture for bench/plan-scale.ts only: the live state that holds exactly what a plan would
 * send, with ARNs and counts filled in and no AWS echoes. It is not evidence that a second plan is
 * empty on AWS (the plan tests use AWS's published example responses, test/fixtures/aws-responses/); it
 * only gives the planner a steady state of any size to time.
 */
import type { ActualCluster, ActualService, ActualTaskDefinition } from '../src/cloud/ports/index.js'
import type { ActualState } from '../src/reconciler/actual.js'
import { serviceKey, type LiveService } from '../src/reconciler/kinds/service/live.js'
import type { Plan } from '../src/reconciler/plan/types.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'

export function sentLiveState(plan: Plan): ActualState {
  const namespaces = plan.actions
    .filter((a) => a.payload.type === 'Namespace')
    .map((a, i) => {
      const p = a.payload.type === 'Namespace' ? a.payload : undefined
      return {
        id: `ns-${i}`,
        arn: `arn:aws:servicediscovery:${REGION}:${ACCOUNT}:namespace/ns-${i}`,
        name: a.name,
        type: 'HTTP',
        ...(p?.description ? { description: p.description } : {}),
        tags: { ...(p?.tags ?? {}), 'ecs-reconciler:revision': 'abc123' },
      }
    })
  const nsArn = (name: string | undefined): string | undefined =>
    namespaces.find((n) => n.name === name)?.arn ?? name
  const clusters = new Map(
    plan.actions
      .filter((a) => a.payload.type === 'Cluster')
      .map((a) => {
        const p = a.payload.type === 'Cluster' ? a.payload : undefined
        return [
          a.name,
          {
            arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${a.name}`,
            name: a.name,
            status: 'ACTIVE',
            capacityProviders: [...(p?.capacityProviders ?? [])],
            defaultCapacityProviderStrategy: [...(p?.defaultCapacityProviderStrategy ?? [])],
            ...(p?.serviceConnectNamespace
              ? { serviceConnectDefaultsNamespace: nsArn(p.serviceConnectNamespace) ?? '' }
              : {}),
            containerInsights: p?.containerInsights ?? 'disabled',
            activeServicesCount: 0,
            tags: p?.tags ?? {},
          },
        ] as [string, ActualCluster]
      }),
  )
  const services = new Map<string, LiveService>()
  const scaling = new Map()
  for (const a of plan.actions) {
    if (a.payload.type !== 'Service') continue
    const p = a.payload
    const tdArn = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${p.taskDefinition.family}:1`
    const taskDefinition: ActualTaskDefinition = {
      ...p.taskDefinition,
      containerDefinitions: p.taskDefinition.containerDefinitions,
      arn: tdArn,
      revision: 1,
      status: 'ACTIVE',
      tags: p.tags,
    }
    const desiredCount = p.settings.desiredCount ?? p.scaling?.target.minCapacity ?? 1
    const sc = p.settings.serviceConnectConfiguration
    const { serviceConnectConfiguration: _sc, ...settings } = p.settings
    const service: ActualService = {
      ...settings,
      networkConfiguration: p.settings.networkConfiguration
        ? {
            awsvpcConfiguration: {
              ...p.settings.networkConfiguration.awsvpcConfiguration,
              subnets: [...p.settings.networkConfiguration.awsvpcConfiguration.subnets],
            },
          }
        : { awsvpcConfiguration: { subnets: [], assignPublicIp: 'DISABLED' } },
      arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${p.cluster}/${a.name}`,
      name: a.name,
      clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${p.cluster}`,
      status: 'ACTIVE',
      taskDefinition: tdArn,
      desiredCount,
      runningCount: desiredCount,
      pendingCount: 0,
      deployments: [
        {
          id: `ecs-svc/${a.name}`,
          status: 'PRIMARY',
          rolloutState: 'COMPLETED',
          taskDefinition: tdArn,
          desiredCount,
          runningCount: desiredCount,
          pendingCount: 0,
          failedTasks: 0,
          ...(sc
            ? {
                serviceConnectConfiguration: {
                  ...sc,
                  ...(sc.namespace ? { namespace: nsArn(sc.namespace) ?? sc.namespace } : {}),
                },
              }
            : {}),
        },
      ],
      tags: { ...p.tags, 'ecs-reconciler:revision': 'abc123' },
    }
    services.set(serviceKey(p.cluster, a.name), { service, taskDefinition })
    if (p.scaling) scaling.set(p.scaling.target.resourceId, structuredClone(p.scaling))
  }
  const experimentTemplates = plan.actions.flatMap((a) =>
    a.payload.type === 'ChaosSchedule'
      ? [{ ...structuredClone(a.payload.content), id: `EXT${a.name}`, tags: a.payload.tags }]
      : [],
  )
  return {
    Namespace: namespaces,
    Cluster: clusters,
    Service: { services, scaling, listedClusters: new Set(clusters.keys()) },
    ChaosSchedule: experimentTemplates,
    TaskDefinitionRevision: new Map(),
  }
}
