/**
 * Builds the live state ECS, Cloud Map and App Auto Scaling would report after a plan was applied,
 * with the echoes that make naive diffs noisy (aws-facts §3.7): integer-string sizes, hostPort and
 * protocol filled in, essential/cpu defaults, health-check defaults, deployment defaults, namespaces
 * reported by ARN, lists in another order, the revision tag.
 */
import type { ActualService, ActualTaskDefinition, ContainerDefinition } from '../../src/cloud/ports/index.js'
import { serviceKey, type ActualState, type LiveService } from '../../src/reconciler/actual.js'
import type { Plan } from '../../src/reconciler/plan/types.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'

function echoContainer(c: ContainerDefinition): ContainerDefinition {
  return {
    ...c,
    essential: c.essential ?? true,
    cpu: c.cpu ?? 0,
    portMappings: (c.portMappings ?? []).map((p) => ({ ...p, hostPort: p.containerPort, protocol: p.protocol ?? 'tcp' })),
    environment: [...(c.environment ?? [])].reverse(),
    ...(c.healthCheck ? { healthCheck: { interval: 30, timeout: 5, retries: 3, startPeriod: 0, ...c.healthCheck } } : {}),
  }
}

export function echoLiveState(plan: Plan): ActualState {
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
  const nsArn = (name: string | undefined): string | undefined => namespaces.find((n) => n.name === name)?.arn ?? name
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
            capacityProviders: [...(p?.capacityProviders ?? [])].reverse(),
            defaultCapacityProviderStrategy: (p?.defaultCapacityProviderStrategy ?? []).map((i) => ({ weight: 0, base: 0, ...i })),
            ...(p?.serviceConnectNamespace ? { serviceConnectDefaultsNamespace: nsArn(p.serviceConnectNamespace) ?? '' } : {}),
            containerInsights: p?.containerInsights ?? 'disabled',
            activeServicesCount: 0,
            tags: p?.tags ?? {},
          },
        ] as const
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
      containerDefinitions: p.taskDefinition.containerDefinitions.map(echoContainer),
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
      ...(p.settings.capacityProviderStrategy ? {} : { launchType: 'FARGATE' }),
      networkConfiguration: p.settings.networkConfiguration
        ? {
            awsvpcConfiguration: {
              ...p.settings.networkConfiguration.awsvpcConfiguration,
              subnets: [...p.settings.networkConfiguration.awsvpcConfiguration.subnets].reverse(),
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
          ...(sc ? { serviceConnectConfiguration: { ...sc, ...(sc.namespace ? { namespace: nsArn(sc.namespace) ?? sc.namespace } : {}) } } : {}),
        },
      ],
      tags: { ...p.tags, 'ecs-reconciler:revision': 'abc123' },
    }
    services.set(serviceKey(p.cluster, a.name), { service, taskDefinition })
    if (p.scaling) scaling.set(p.scaling.target.resourceId, structuredClone(p.scaling))
  }
  const experimentTemplates = plan.actions.flatMap((a) =>
    a.payload.type === 'ChaosSchedule' ? [{ ...structuredClone(a.payload.content), id: `EXT${a.name}`, tags: a.payload.tags }] : [],
  )
  return { namespaces, clusters, services, scaling, experimentTemplates, listedClusters: new Set(clusters.keys()), taskDefinitionRevisions: new Map() }
}
