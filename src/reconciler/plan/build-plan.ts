/** @module buildPlan(desired, actual) → Plan: pairing, diff, actions, waves, prune set. Pure. */
import type { Tags } from '../../cloud/ports/index.js'
import type { ManifestGraph } from '../../manifest/dependencies.js'
import type { ChaosScheduleResource, ClusterResource, ManifestSet, NamespaceResource, ServiceResource } from '../../manifest/model.js'
import { isClientServer, resolveService, serviceConnectNamespaceOf } from '../../manifest/references.js'
import { manifestWaves } from '../../manifest/waves.js'
import { serviceKey, type ActualState } from '../actual.js'
import { diffValues, pathWithin, type FieldChange } from '../diff/diff.js'
import { desiredExperimentTemplate, experimentTemplateView } from '../kinds/chaos.js'
import { clusterCapacityView, clusterSettingsView, tagsView } from '../kinds/cluster.js'
import { desiredScaling, desiredServiceSettings, desiredTaskDefinition, scalingResourceId } from '../kinds/service-desired.js'
import { serviceView, type NormaliseContext } from '../kinds/service-normalise.js'
import { comparableTags, ownershipOf, ownershipTags, TAG_REDEPLOY_PENDING, TAG_RESOURCE, type OwnershipContext } from '../ownership.js'
import { planDeletes } from './prune.js'
import type { ActionType, Plan, PlanAction } from './types.js'

export interface PlanOptions extends OwnershipContext {
  readonly prune: boolean
  readonly adopt: boolean
  readonly maxDeletes: number
  readonly force: boolean
  /** Set when some manifest failed to load: pruning is then never allowed. */
  readonly manifestsFailed: boolean
}

export function buildPlan(set: ManifestSet, graph: ManifestGraph, actual: ActualState, options: PlanOptions): Plan {
  const waves = manifestWaves(graph)
  if (!waves.ok) throw new Error('the dependency graph has a cycle; validate first')
  const waveOf = new Map<string, number>()
  waves.waves.forEach((ids, i) => ids.forEach((id) => waveOf.set(id, i)))
  const dependsOn = (id: string): string[] => [...(graph.graph.dependencies.get(id) ?? [])].sort()
  const warnings: string[] = []

  const namespaceName = (ref: string): string => actual.namespaces.find((n) => n.arn === ref || n.id === ref)?.name ?? ref
  const common = { warnings, options, waveOf, dependsOn }

  const actions: PlanAction[] = [
    ...set.namespaces.map((ns) => planNamespace(ns, actual, common)),
    ...set.clusters.map((c) => planCluster(c, actual, namespaceName, common)),
    ...set.services.map((s) => planService(s, set, actual, namespaceName, common)),
    ...set.chaosSchedules.map((c) => planChaos(c, set, actual, common)),
  ]
  markRedeploys(actions, set, graph)

  const deletes = planDeletes(set, actual, options, waves.waves.length)
  warnings.push(...deletes.warnings)
  const all = [...actions, ...deletes.actions].sort((a, b) => a.wave - b.wave || a.id.localeCompare(b.id))
  return {
    actions: all,
    waveCount: Math.max(waves.waves.length, ...all.map((a) => a.wave + 1)),
    warnings,
    prune: { requested: options.prune, candidates: deletes.candidates, blockedReason: deletes.blockedReason },
  }
}

interface Common {
  readonly warnings: string[]
  readonly options: PlanOptions
  readonly waveOf: ReadonlyMap<string, number>
  readonly dependsOn: (id: string) => string[]
}

function base(resource: NamespaceResource | ClusterResource | ServiceResource | ChaosScheduleResource, common: Common) {
  return {
    id: resource.id,
    kind: resource.kind,
    name: resource.name,
    cluster: resource.kind === 'Service' || resource.kind === 'ChaosSchedule' ? resource.cluster : undefined,
    wave: common.waveOf.get(resource.id) ?? 0,
    dependsOn: common.dependsOn(resource.id),
  }
}

/** Desired tags of a resource: the manifest's plus ownership. */
function desiredTags(user: Tags | undefined, kindName: string, options: OwnershipContext): Tags {
  return { ...(user ?? {}), ...ownershipTags(options, kindName) }
}

/** Ownership gate: returns a blocking reason when the live resource is not ours to change. */
function ownershipBlock(liveTags: Tags, label: string, common: Common): string | undefined {
  const owner = ownershipOf(liveTags, common.options.instance)
  if (owner === 'ours') return undefined
  if (owner === 'unmanaged' && common.options.adopt) return undefined
  const reason =
    owner === 'unmanaged'
      ? `${label} exists but is not managed by ecs-reconciler; left alone (use --adopt to take it over)`
      : `${label} is managed by another ecs-reconciler instance ("${liveTags['ecs-reconciler:managed-by'] ?? ''}"); left alone`
  common.warnings.push(reason)
  return reason
}

function splitIgnored(changes: FieldChange[], ignore: readonly string[]): { diff: FieldChange[]; ignored: FieldChange[] } {
  const ignored = changes.filter((c) => ignore.some((p) => pathWithin(c.path, p)))
  return { diff: changes.filter((c) => !ignored.includes(c)), ignored }
}

function planNamespace(ns: NamespaceResource, actual: ActualState, common: Common): PlanAction {
  const live = actual.namespaces.find((n) => n.name === ns.name)
  const tags = desiredTags(ns.spec.tags, ns.id, common.options)
  const payload = {
    type: 'Namespace' as const,
    description: ns.spec.description,
    tags,
    liveId: live?.id,
    liveArn: live?.arn,
    liveTags: live?.tags ?? {},
  }
  if (!live) return { ...base(ns, common), action: 'create', reasons: ['namespace does not exist'], diff: [], ignored: [], payload }
  const blocked = ownershipBlock(live.tags, `Namespace "${ns.name}"`, common)
  if (blocked) return { ...base(ns, common), action: 'noop', reasons: [blocked], diff: [], ignored: [], payload }
  const diff = diffValues(
    { description: live.description || undefined, tags: tagsView(comparableTags(live.tags)) },
    { description: ns.spec.description, tags: tagsView(comparableTags(tags)) },
  )
  const descriptionChanged = diff.some((c) => c.path === 'description')
  const action: ActionType = diff.length === 0 ? 'noop' : descriptionChanged ? 'replace' : 'update'
  const reasons =
    action === 'noop' ? [] : descriptionChanged ? ['a namespace description cannot be changed in place'] : ['tags differ']
  return { ...base(ns, common), action, reasons, diff, ignored: [], payload }
}

function planCluster(cluster: ClusterResource, actual: ActualState, namespaceName: (r: string) => string, common: Common): PlanAction {
  const live = actual.clusters.get(cluster.name)
  const spec = cluster.spec
  const tags = desiredTags(spec.tags, cluster.id, common.options)
  const desiredShape = {
    capacityProviders: spec.capacityProviders,
    defaultCapacityProviderStrategy: spec.defaultCapacityProviderStrategy?.map((i) => ({
      capacityProvider: i.capacityProvider,
      ...(i.weight !== undefined ? { weight: i.weight } : {}),
      ...(i.base !== undefined ? { base: i.base } : {}),
    })),
    serviceConnectNamespace: spec.serviceConnectDefaults?.namespace,
    containerInsights: spec.containerInsights,
  }
  const liveShape = live && {
    capacityProviders: live.capacityProviders,
    defaultCapacityProviderStrategy: live.defaultCapacityProviderStrategy,
    serviceConnectNamespace: live.serviceConnectDefaultsNamespace ? namespaceName(live.serviceConnectDefaultsNamespace) : undefined,
    containerInsights: live.containerInsights,
  }
  const settingsDiff = liveShape ? diffValues(clusterSettingsView(liveShape), clusterSettingsView(desiredShape)) : []
  const capacityDiff = liveShape ? diffValues(clusterCapacityView(liveShape), clusterCapacityView(desiredShape)) : []
  const tagDiff = live ? diffValues({ tags: tagsView(comparableTags(live.tags)) }, { tags: tagsView(comparableTags(tags)) }) : []
  const payload = {
    type: 'Cluster' as const,
    capacityProviders: desiredShape.capacityProviders,
    defaultCapacityProviderStrategy: desiredShape.defaultCapacityProviderStrategy,
    serviceConnectNamespace: desiredShape.serviceConnectNamespace,
    containerInsights: desiredShape.containerInsights,
    tags,
    liveArn: live?.arn,
    liveTags: live?.tags ?? {},
    changed: { settings: settingsDiff.length > 0, capacity: capacityDiff.length > 0, tags: tagDiff.length > 0 },
  }
  if (!live) return { ...base(cluster, common), action: 'create', reasons: ['cluster does not exist'], diff: [], ignored: [], payload }
  const blocked = ownershipBlock(live.tags, `Cluster "${cluster.name}"`, common)
  if (blocked) return { ...base(cluster, common), action: 'noop', reasons: [blocked], diff: [], ignored: [], payload }
  const diff = [...settingsDiff, ...capacityDiff, ...tagDiff]
  return { ...base(cluster, common), action: diff.length === 0 ? 'noop' : 'update', reasons: diff.length === 0 ? [] : ['settings differ'], diff, ignored: [], payload }
}

/** Paths whose change ECS cannot apply in place: port protocol/appProtocol of a Service Connect service (aws-facts §2.1). */
const REPLACE_ONLY = /^taskDefinition\.containers\.[^.]+\.portMappings\.[^.]+\.(protocol|appProtocol)$/

function planService(
  service: ServiceResource,
  set: ManifestSet,
  actual: ActualState,
  namespaceName: (r: string) => string,
  common: Common,
): PlanAction {
  const namespace = serviceConnectNamespaceOf(set, service)
  const taskDefinition = desiredTaskDefinition(service)
  const settings = desiredServiceSettings(service, namespace)
  const tags = desiredTags(service.spec.tags, `Service/${service.name}`, common.options)
  const scaling = desiredScaling(service)
  const liveEntry = actual.services.get(serviceKey(service.cluster, service.name))
  const live = liveEntry?.service
  const liveScaling = actual.scaling.get(scalingResourceId(service.cluster, service.name))
  const ctx: NormaliseContext = {
    namespaceName,
    autoscaled: service.spec.autoscaling !== undefined,
    capacityUnset: !service.spec.capacityProviderStrategy && !service.spec.launchType,
  }
  const desiredView = serviceView({ taskDefinition, settings, tags: comparableTags(tags), scaling }, ctx)
  const payloadBase = {
    type: 'Service' as const,
    cluster: service.cluster,
    taskDefinition,
    settings,
    tags,
    scaling,
    live,
    liveTaskDefinitionArn: live?.taskDefinition,
    liveTaskDefinition: liveEntry?.taskDefinition,
    liveScaling,
    forceNewDeployment: false,
    clientServer: isClientServer(service),
  }
  if (!live) {
    const payload = { ...payloadBase, registerTaskDefinition: true }
    return { ...base(service, common), action: 'create', reasons: ['service does not exist'], diff: [], ignored: [], payload }
  }
  const blocked = ownershipBlock(live.tags, `Service "${service.name}" in cluster "${service.cluster}"`, common)
  if (blocked) {
    return { ...base(service, common), action: 'noop', reasons: [blocked], diff: [], ignored: [], payload: { ...payloadBase, registerTaskDefinition: false } }
  }
  const primary = live.deployments.find((d) => d.status === 'PRIMARY')
  const { serviceConnectConfiguration: _ignoredTopLevel, ...liveRest } = live
  const liveSettings = primary?.serviceConnectConfiguration ? { ...liveRest, serviceConnectConfiguration: primary.serviceConnectConfiguration } : liveRest
  const liveView = serviceView(
    { taskDefinition: liveEntry.taskDefinition, settings: liveSettings, tags: comparableTags(live.tags), scaling: liveScaling },
    ctx,
  )
  const ignorePaths = service.spec.drift?.ignore ?? []
  const { diff, ignored } = splitIgnored(diffValues(liveView, desiredView), ignorePaths)
  const registerTaskDefinition = diff.some((c) => pathWithin(c.path, 'taskDefinition')) || !liveEntry.taskDefinition
  const payload = { ...payloadBase, registerTaskDefinition }
  // A redeploy an earlier run marked and did not finish (its backends' endpoints already changed).
  const owedFor = live.tags[TAG_REDEPLOY_PENDING]
  const owed = owedFor === undefined ? undefined : `a redeploy is still owed after the Service Connect endpoints of ${owedFor} changed`
  if (diff.length === 0) {
    // The configuration matches, but its rollout failed with nothing to roll back to (a new service
    // whose image never started, say): that is not converged, and only a new deployment retries it.
    const failed = primary?.rolloutState === 'FAILED' ? `the last deployment failed (${primary.rolloutStateReason ?? 'rollout FAILED'}): a new deployment retries it` : undefined
    const reasons = [owed, failed].filter((r): r is string => r !== undefined)
    if (reasons.length > 0) return { ...base(service, common), action: 'redeploy', reasons, diff, ignored, payload: { ...payload, forceNewDeployment: true } }
    return { ...base(service, common), action: 'noop', reasons: [], diff, ignored, payload }
  }
  const usesServiceConnect = desiredView['serviceConnect'] !== undefined || liveView['serviceConnect'] !== undefined
  const replace = usesServiceConnect && diff.some((c) => REPLACE_ONLY.test(c.path))
  const reasons = replace
    ? ['a port protocol or appProtocol of a Service Connect service cannot change in place: the service must be deleted and re-created']
    : describeChanges(diff)
  if (owed && !replace) return { ...base(service, common), action: 'update', reasons: [...reasons, owed], diff, ignored, payload: { ...payload, forceNewDeployment: true } }
  return { ...base(service, common), action: replace ? 'replace' : 'update', reasons, diff, ignored, payload }
}

function describeChanges(diff: readonly FieldChange[]): string[] {
  const areas = [...new Set(diff.map((c) => c.path.split('.')[0] ?? c.path))]
  return areas.map((a) => `${a} changed`)
}

function planChaos(chaos: ChaosScheduleResource, set: ManifestSet, actual: ActualState, common: Common): PlanAction {
  const target = resolveService(set, chaos.spec.target.service, chaos.cluster)
  const content = desiredExperimentTemplate(chaos, target?.cluster ?? chaos.cluster)
  const tags = desiredTags(chaos.spec.tags, chaos.id, common.options)
  const live = actual.experimentTemplates.find(
    (t) => t.tags[TAG_RESOURCE] === chaos.id && ownershipOf(t.tags, common.options.instance) === 'ours',
  )
  const payload = { type: 'ChaosSchedule' as const, content, tags, live }
  if (!live) return { ...base(chaos, common), action: 'create', reasons: ['experiment template does not exist'], diff: [], ignored: [], payload }
  const diff = diffValues(
    { ...experimentTemplateView(live), tags: tagsView(comparableTags(live.tags)) },
    { ...experimentTemplateView(content), tags: tagsView(comparableTags(tags)) },
  )
  return { ...base(chaos, common), action: diff.length === 0 ? 'noop' : 'update', reasons: diff.length === 0 ? [] : ['template differs'], diff, ignored: [], payload }
}

/**
 * Tasks only resolve Service Connect endpoints that existed when they started (aws-facts §2.4): when a
 * client-server service is created or its endpoints change, the clients depending on it get a new deployment.
 */
function markRedeploys(actions: PlanAction[], set: ManifestSet, graph: ManifestGraph): void {
  const changedBackends = actions.filter(
    (a) =>
      a.payload.type === 'Service' &&
      a.payload.clientServer &&
      (a.action === 'create' || a.action === 'replace' || a.diff.some((c) => pathWithin(c.path, 'serviceConnect'))),
  )
  if (changedBackends.length === 0) return
  for (const [i, action] of actions.entries()) {
    if (action.payload.type !== 'Service' || action.payload.clientServer) continue
    if (!set.services.some((s) => s.id === action.id && s.spec.serviceConnect)) continue
    const deps = graph.graph.dependencies.get(action.id) ?? new Set<string>()
    const triggers = changedBackends.filter((b) => deps.has(b.id))
    if (triggers.length === 0) continue
    const reason = `Service Connect endpoints changed (${triggers.map((t) => t.name).join(', ')}): new tasks are needed to reach them`
    // A noop with reasons is one left alone (not ours): never redeploy it.
    const redeployFor = triggers.map((t) => t.name)
    if (action.action === 'noop' && action.reasons.length === 0) {
      actions[i] = { ...action, action: 'redeploy', reasons: [reason], payload: { ...action.payload, forceNewDeployment: true, redeployFor } }
    } else if (action.action === 'update' || action.action === 'redeploy') {
      actions[i] = { ...action, reasons: [...action.reasons, reason], payload: { ...action.payload, forceNewDeployment: true, redeployFor } }
    }
  }
}
