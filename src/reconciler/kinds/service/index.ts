/** @module Service: one task-definition family, one ECS service and its Application Auto Scaling state. */
import type { ActualService, ServiceSettings } from '../../../cloud/ports/index.js'
import { compact } from '../../../shared/compact.js'
import type { ManifestSet, ServiceResource } from '../../../manifest/model.js'
import { findCluster, isClientServer, serviceConnectNamespaceOf } from '../../../manifest/references.js'
import { diffValues, pathWithin } from '../../diff/diff.js'
import { comparableTags, TAG_MANAGED_BY, TAG_REDEPLOY_PENDING } from '../../ownership.js'
import type { Comparison, KindHandler } from '../handler.js'
import { arnTagWriter } from '../tags.js'
import {
  awaitServiceSteady,
  createService,
  deleteService,
  redeployService,
  updateService,
} from './actions.js'
import { scalingResourceId } from './desired.js'
import {
  compareOnce,
  desiredSide,
  liveInputs,
  type DesiredInputs,
  type LiveComparison,
  type LiveInputs,
} from './compare-memo.js'
import { serviceView, type NormaliseContext } from './normalise.js'
import { noLiveServices, serviceKey, type LiveService } from './live.js'
import { serviceCostInputs } from './cost.js'
import { serviceLabel } from './label.js'
import { observeServices } from './observe.js'
import { renderedService } from './rendered.js'
import type { ServicePayload } from './payload.js'
import { activeHold, checkHoldBeforeWrite, holdReason } from './hold.js'
import { preemptChaos } from './preempt-chaos.js'
import { failedHookFor, failedHookReason, plannedPreDeploy } from './pre-deploy-hook.js'
import { markRedeploys, markRedeploysOwed } from './redeploys.js'

export type { ServicePayload } from './payload.js'

/** Paths whose change ECS cannot apply in place: port protocol/appProtocol of a Service Connect service (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectService.html). */
const REPLACE_ONLY = /^taskDefinition\.containers\.[^.]+\.portMappings\.[^.]+\.(protocol|appProtocol)$/

/** Actions that may register a task-definition revision. */
const REGISTERING: ReadonlySet<string> = new Set(['create', 'update', 'replace', 'redeploy'])

/** Delete order: Service Connect clients before the servers they call. */
const PRUNE_RANK_CLIENT = 10
const PRUNE_RANK_SERVER = 20

/** The default strategy of the service's cluster, when the manifests declare that cluster. */
const clusterStrategyOf = (set: ManifestSet, service: ServiceResource) =>
  findCluster(set, service.cluster)?.spec.defaultCapacityProviderStrategy

export const serviceKind: KindHandler<ServiceResource, ServicePayload> = {
  kind: 'Service',
  label: serviceLabel,
  costInputs: serviceCostInputs,
  desired: (set) => set.byKind.Service,
  clusterOf: (service) => service.cluster,
  observe: observeServices,
  emptyLive: noLiveServices,
  compare(service, { set, actual, options, namespaceName }) {
    const { taskDefinition, taskDefinitionHash } = renderedService(service)
    const ctx: NormaliseContext = {
      namespaceName,
      autoscaled: service.spec.autoscaling !== undefined,
      statesAzRebalancing: service.spec.availabilityZoneRebalancing !== undefined,
    }
    const inputs: DesiredInputs = {
      namespace: serviceConnectNamespaceOf(set, service),
      clusterStrategy: clusterStrategyOf(set, service),
      options,
      ctx,
    }
    const { settings, tags, scaling, view: desiredView } = desiredSide(service, inputs)
    const liveEntry = actual.Service.services.get(serviceKey(service.cluster, service.name))
    const live = liveEntry?.service
    const liveScaling = actual.Service.scaling.get(scalingResourceId(service.cluster, service.name))
    const payload: ServicePayload = {
      type: 'Service',
      cluster: service.cluster,
      taskDefinition,
      registerTaskDefinition: !live,
      settings,
      tags,
      scaling,
      initialDesiredCount: initialDesiredCount(service),
      live,
      liveTaskDefinitionArn: live?.taskDefinition,
      liveTaskDefinition: liveEntry?.taskDefinition,
      liveScaling,
      forceNewDeployment: false,
      clientServer: isClientServer(service),
      usesServiceConnect: desiredView['serviceConnect'] !== undefined,
      taskDefinitionHash,
      ...withPreDeploy(service),
    }
    if (!live) return { live: undefined, desiredTags: tags, diff: [], payload, attributes: desiredView }
    const once = (live: LiveInputs, compute: () => LiveComparison) =>
      compareOnce(service, inputs, live, compute)
    return compareWithLive(liveEntry, payload, { desiredView, ctx, once })
  },
  replaceReason: (diff, { payload }) =>
    payload.usesServiceConnect && diff.some((c) => REPLACE_ONLY.test(c.path))
      ? 'a port protocol or appProtocol of a Service Connect service cannot change in place: the service must be deleted and re-created'
      : undefined,
  driftIgnore: (service) => service.spec.drift?.ignore ?? [],
  refine(action, service) {
    const payload = action.payload
    const live = payload.live
    // A rollback's hold: nothing changes the service, its dependents are planned as if it were steady.
    const hold = live && action.action !== 'create' ? activeHold(live.tags, service) : undefined
    if (hold) return { ...action, action: 'held', reasons: [holdReason(hold, service.name)] }
    if (!live || action.action === 'create' || action.action === 'replace') {
      return payload.preDeploy ? { ...action, hook: payload.preDeploy } : action
    }
    if (action.action === 'noop' && action.reasons.length > 0) return action
    const registerTaskDefinition =
      action.diff.some((c) => pathWithin(c.path, 'taskDefinition')) || !payload.liveTaskDefinition
    const refined = {
      ...payload,
      registerTaskDefinition,
      manifestHash: renderedService(service).manifestHash,
    }
    // A redeploy an earlier run marked and did not finish (its backends' endpoints already changed).
    const owedFor = live.tags[TAG_REDEPLOY_PENDING]
    const owed =
      owedFor === undefined
        ? undefined
        : `a redeploy is still owed after the Service Connect endpoints of ${owedFor} changed`
    if (action.action === 'noop') {
      // The configuration matches, but its rollout failed with nothing to roll back to (a new service
      // whose image never started, say): that is not converged, and only a new deployment retries it.
      const primary = live.deployments.find((d) => d.status === 'PRIMARY')
      const failed =
        primary?.rolloutState === 'FAILED'
          ? `the last deployment failed (${primary.rolloutStateReason ?? 'rollout FAILED'}): a new deployment retries it`
          : undefined
      const reasons = [owed, failed].filter((r): r is string => r !== undefined)
      if (reasons.length > 0) {
        return { ...action, action: 'redeploy', reasons, payload: { ...refined, forceNewDeployment: true } }
      }
      // Nothing to change, but not steady yet: its dependents must wait for it in this pass too (docs/reconciling.md).
      const rollout = rolloutInProgress(live)
      if (rollout) return { ...action, action: 'wait', reasons: [rollout], payload: refined }
      return { ...action, payload: refined }
    }
    // A new revision rolls out: its pre-deploy hook runs first, unless it already failed for this content.
    const newRevision = action.diff.some((c) => pathWithin(c.path, 'taskDefinition'))
    const hooked = newRevision && payload.preDeploy ? { hook: payload.preDeploy } : {}
    const failedHook = hooked.hook ? failedHookFor(live.tags, payload.taskDefinitionHash) : undefined
    const hookReasons = failedHook ? [failedHookReason(failedHook, service.name)] : []
    if (owed) {
      return {
        ...action,
        ...hooked,
        reasons: [...action.reasons, ...hookReasons, owed],
        payload: { ...refined, forceNewDeployment: true },
      }
    }
    return { ...action, ...hooked, reasons: [...action.reasons, ...hookReasons], payload: refined }
  },
  afterPlan: (actions, ctx) => markRedeploys(actions, ctx.set, ctx.graph),
  candidates: (actual) =>
    [...actual.Service.services].flatMap(([key, live]) => {
      const [cluster = '', name = ''] = key.split('/')
      // Only a listed cluster shows that a managed service is really gone from the manifests.
      if (!actual.Service.listedClusters.has(cluster)) return []
      const primary = live.service.deployments.find((d) => d.status === 'PRIMARY')
      const clientServer = (primary?.serviceConnectConfiguration?.services?.length ?? 0) > 0
      const payload: ServicePayload = {
        type: 'Service',
        cluster,
        taskDefinition: live.taskDefinition ?? { family: name, containerDefinitions: [] },
        registerTaskDefinition: false,
        settings: {},
        tags: live.service.tags,
        scaling: undefined,
        initialDesiredCount: live.service.desiredCount,
        live: live.service,
        liveTaskDefinitionArn: live.service.taskDefinition,
        liveTaskDefinition: live.taskDefinition,
        liveScaling: actual.Service.scaling.get(scalingResourceId(cluster, name)),
        forceNewDeployment: false,
        clientServer,
        usesServiceConnect: primary?.serviceConnectConfiguration !== undefined,
        taskDefinitionHash: '',
      }
      return [
        {
          id: `Service/${cluster}/${name}`,
          name,
          cluster,
          live: { arn: live.service.arn, tags: live.service.tags },
          pruneRank: clientServer ? PRUNE_RANK_SERVER : PRUNE_RANK_CLIENT,
          payload,
        },
      ]
    }),
  execute: {
    create: createService,
    // A deployment wins over chaos: runs on the service stop before it changes (preempt-chaos.ts).
    update: async (action, payload, ctx) => {
      await checkHoldBeforeWrite(action, payload, ctx)
      await preemptChaos(action, payload.tags, ctx)
      await updateService(action, payload, ctx)
    },
    delete: async (action, payload, ctx, waitGone) => {
      await preemptChaos(action, payload.tags, ctx)
      await deleteService(action, payload, ctx, waitGone)
    },
    redeploy: async (action, payload, ctx) => {
      await checkHoldBeforeWrite(action, payload, ctx)
      await preemptChaos(action, payload.tags, ctx)
      await redeployService(action, payload, ctx)
    },
    awaitSteady: awaitServiceSteady,
    tags: (writers) => arnTagWriter(writers.ecs),
    preflight: markRedeploysOwed,
    registers: ({ action, payload }) =>
      REGISTERING.has(action) && payload.registerTaskDefinition && payload.taskDefinitionHash
        ? { hash: payload.taskDefinitionHash, instance: payload.tags[TAG_MANAGED_BY] }
        : undefined,
  },
}

/**
 * The live service's settings: Service Connect, volume and VPC Lattice configurations are reported on
 * the primary deployment, not on the service (docs/reconciling.md, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html).
 */
function liveSettingsOf(live: ActualService): ServiceSettings {
  const primary = live.deployments.find((d) => d.status === 'PRIMARY')
  const {
    serviceConnectConfiguration: _sc,
    volumeConfigurations: _v,
    vpcLatticeConfigurations: _l,
    ...rest
  } = live
  const fromPrimary = {
    serviceConnectConfiguration: primary?.serviceConnectConfiguration,
    volumeConfigurations: primary?.volumeConfigurations,
    vpcLatticeConfigurations: primary?.vpcLatticeConfigurations,
  }
  // Only the three members are copied (compact of them): the rest of the service is shared, not cloned.
  return { ...rest, ...compact(fromPrimary) }
}

/**
 * A service that exists, against its manifest: unknown when its task definition could not be read,
 * else the differences between the live view (settings from the primary deployment) and the desired one.
 */
function compareWithLive(
  liveEntry: LiveService,
  payload: ServicePayload,
  against: {
    readonly desiredView: Record<string, unknown>
    readonly ctx: NormaliseContext
    /** Runs `compute` unless the same desired side was compared with equal live inputs last time. */
    readonly once: (live: LiveInputs, compute: () => LiveComparison) => LiveComparison
  },
): Comparison<ServicePayload> {
  const { desiredView, ctx, once } = against
  const live = liveEntry.service
  const tags = payload.tags
  if (liveEntry.readError !== undefined) {
    return {
      live: { arn: live.arn, tags: live.tags },
      desiredTags: tags,
      diff: [],
      payload,
      readError: liveEntry.readError,
    }
  }
  // A tag that proves the running revision holds the content we render stands in for reading it.
  const renderedMatches = liveEntry.taskDefinitionHash === payload.taskDefinitionHash
  const liveTaskDefinition = renderedMatches ? payload.taskDefinition : liveEntry.taskDefinition
  const read = liveInputs(liveEntry, renderedMatches, payload.liveScaling, ctx)
  const { diff, liveServiceConnect } = once(read, () => {
    const liveView = serviceView(
      {
        taskDefinition: liveTaskDefinition,
        settings: liveSettingsOf(live),
        tags: comparableTags(live.tags),
        scaling: payload.liveScaling,
      },
      ctx,
    )
    return {
      diff: diffValues(liveView, desiredView),
      liveServiceConnect: liveView['serviceConnect'] !== undefined,
    }
  })
  const usesServiceConnect = payload.usesServiceConnect || liveServiceConnect
  return {
    live: { arn: live.arn, tags: live.tags },
    desiredTags: tags,
    diff: [...diff],
    payload: { ...payload, liveTaskDefinition, usesServiceConnect },
  }
}

/** The payload's pre-deploy hook, when the manifest has one. */
function withPreDeploy(service: ServiceResource): Pick<ServicePayload, 'preDeploy'> {
  const preDeploy = plannedPreDeploy(service)
  return preDeploy ? { preDeploy } : {}
}

/** Why a service is not steady (as the services-stable waiter sees it, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html), or undefined. */
function rolloutInProgress(live: ActualService): string | undefined {
  const primary = live.deployments.find((d) => d.status === 'PRIMARY')
  const state = primary?.rolloutState ?? 'COMPLETED'
  const counts = `running ${live.runningCount}/${live.desiredCount}, pending ${live.pendingCount}`
  if (state !== 'COMPLETED') return `rollout ${state} (${counts}): dependents wait until it is steady`
  if (live.deployments.length > 1) {
    return `${live.deployments.length} deployments still active (${counts}): dependents wait until it is steady`
  }
  if (live.runningCount !== live.desiredCount) {
    return `not at its desired count (${counts}): dependents wait until it is steady`
  }
  return undefined
}

/**
 * With autoscaling the scaler owns the count once the service runs; `desiredCount` is where it starts,
 * kept within [minCapacity, maxCapacity] (Application Auto Scaling would move it there anyway).
 */
function initialDesiredCount(service: ServiceResource): number {
  const { desiredCount, autoscaling } = service.spec
  if (!autoscaling) return desiredCount ?? 1
  return Math.min(
    autoscaling.maxCapacity,
    Math.max(autoscaling.minCapacity, desiredCount ?? autoscaling.minCapacity),
  )
}
