/** @module Renders a live cluster, a Cloud Map namespace and an FIS template as Cluster, Namespace and ChaosSchedule specs. Pure. */
import type { ActualCluster, ActualExperimentTemplate, ActualNamespace } from '../cloud/ports/index.js'
import { DEFAULT_SELECTION } from '../reconciler/kinds/chaos-schedule/template.js'
import { CLUSTER_DEFAULTS } from '../reconciler/kinds/cluster/views.js'
import { STRATEGY_ITEM_DEFAULTS } from '../reconciler/kinds/service/defaults.js'
import { compact } from '../shared/compact.js'
import type { LeftOutList } from './left-out.js'
import { userTags } from './tags.js'

type Spec = Record<string, unknown>

const FARGATE_PROVIDERS = new Set(['FARGATE', 'FARGATE_SPOT'])
const unlessDefault = <T>(value: T | undefined, fallback: T): T | undefined =>
  value === undefined || value === fallback ? undefined : value
const tagsOrNothing = (tags: Record<string, string>): Record<string, string> | undefined => {
  const kept = userTags(tags)
  return Object.keys(kept).length > 0 ? kept : undefined
}

export function renderClusterSpec(
  cluster: ActualCluster,
  namespaceName: (ref: string) => string,
  leftOut: LeftOutList,
): Spec {
  const foreign = cluster.capacityProviders.filter((p) => !FARGATE_PROVIDERS.has(p))
  if (foreign.length > 0) {
    leftOut.add(
      'capacityProviders',
      `${foreign.join(', ')}: the manifests know FARGATE and FARGATE_SPOT only; a plan would detach them`,
    )
  }
  const strategy = cluster.defaultCapacityProviderStrategy.filter((i) =>
    FARGATE_PROVIDERS.has(i.capacityProvider),
  )
  const providers = cluster.capacityProviders.filter((p) => FARGATE_PROVIDERS.has(p))
  return compact({
    capacityProviders: providers.length > 0 ? providers : undefined,
    defaultCapacityProviderStrategy:
      strategy.length > 0
        ? strategy.map((i) =>
            compact({
              capacityProvider: i.capacityProvider,
              weight: unlessDefault(i.weight, STRATEGY_ITEM_DEFAULTS.weight),
              base: unlessDefault(i.base, STRATEGY_ITEM_DEFAULTS.base),
            }),
          )
        : undefined,
    serviceConnectDefaults: cluster.serviceConnectDefaultsNamespace
      ? { namespace: namespaceName(cluster.serviceConnectDefaultsNamespace) }
      : undefined,
    containerInsights: unlessDefault(cluster.containerInsights, CLUSTER_DEFAULTS.containerInsights),
    tags: tagsOrNothing(cluster.tags),
  })
}

export function renderNamespaceSpec(ns: ActualNamespace): Spec {
  return compact({ description: ns.description || undefined, tags: tagsOrNothing(ns.tags) })
}

/** The ECS service an FIS template targets, when it targets exactly one through `cluster`/`service` parameters. */
export function chaosTargetOf(
  template: ActualExperimentTemplate,
): { cluster: string; service: string; selection: string } | undefined {
  const targets = Object.values(template.targets)
  const ecs = targets.filter(
    (t) => t.resourceType === 'aws:ecs:task' && t.parameters?.['cluster'] && t.parameters['service'],
  )
  const first = ecs[0]
  if (!first?.parameters) return undefined
  return {
    cluster: first.parameters['cluster'] ?? '',
    service: first.parameters['service'] ?? '',
    selection: first.selectionMode,
  }
}

/** A placeholder no one would mistake for a real schedule; the document says so next to it. */
export const CHAOS_PLACEHOLDER_SCHEDULE = '0 3 * * 1'
const ACTION_NAME = /^[A-Za-z0-9_-]{1,64}$/

export function renderChaosSpec(
  template: ActualExperimentTemplate,
  target: { cluster: string; service: string; selection: string },
  leftOut: LeftOutList,
): Spec {
  if (Object.keys(template.targets).length > 1) {
    leftOut.add(
      'targets',
      `${Object.keys(template.targets).length} targets; a ChaosSchedule targets one service, so only ${target.service} is kept`,
    )
  }
  const actions = Object.entries(template.actions).map(([name, a]) => {
    if (a.startAfter && a.startAfter.length > 0) {
      leftOut.add(`actions.${name}.startAfter`, 'action ordering cannot be written; the actions run together')
    }
    return compact({
      name: ACTION_NAME.test(name) ? name : undefined,
      type: a.actionId,
      parameters: a.parameters && Object.keys(a.parameters).length > 0 ? a.parameters : undefined,
    })
  })
  const alarms = template.stopConditions
    .filter((s) => s.source === 'aws:cloudwatch:alarm' && s.value)
    .map((s) => ({ cloudwatchAlarmArn: s.value ?? '' }))
  return compact({
    schedule: CHAOS_PLACEHOLDER_SCHEDULE,
    suspend: true,
    description: template.description || undefined,
    target: {
      service: target.service,
      cluster: target.cluster,
      selection: unlessDefault(target.selection, DEFAULT_SELECTION),
    },
    actions,
    roleArn: template.roleArn,
    stopConditions: alarms.length > 0 ? alarms : undefined,
    allowWithoutStopCondition: alarms.length > 0 ? undefined : true,
    tags: tagsOrNothing(template.tags),
  })
}
