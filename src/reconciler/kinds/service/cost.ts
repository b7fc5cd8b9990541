/**
 * @module What a Service costs in a plan: the inputs of the cost breakdown, before and after, for each
 * service the plan touches or keeps. Services without a strategy of their own are priced on their
 * cluster's default strategy; autoscaled ones as a min–max range around their desired count.
 */
import type {
  ActualCluster,
  ActualService,
  ScalingState,
  TaskDefinitionContent,
} from '../../../cloud/ports/index.js'
import type { ServiceCostInput, SizedService } from '../../../cost/breakdown.js'
import { effectiveStrategy, type Strategy } from '../../../cost/estimate.js'
import type { ActualState } from '../../actual.js'
import type { KindAction } from '../../action.js'
import type { ClusterPayload } from '../cluster/index.js'
import type { PlannedWork } from '../handler.js'
import { scalingResourceId } from './desired.js'
import { serviceKey } from './live.js'
import { serviceLabel } from './label.js'
import type { ServicePayload } from './payload.js'

/** The size and platform of one task, as the estimate prices it; undefined without task-level cpu and memory. */
export function taskSize(
  td: TaskDefinitionContent | undefined,
): { cpu: number; memory: number; arm: boolean; windows: boolean; storageGiB?: number } | undefined {
  if (!td?.cpu || !td.memory) return undefined
  const storage = td.ephemeralStorage?.sizeInGiB
  return {
    cpu: Number(td.cpu),
    memory: Number(td.memory),
    arm: td.runtimePlatform?.cpuArchitecture === 'ARM64',
    windows: td.runtimePlatform?.operatingSystemFamily?.startsWith('WINDOWS') ?? false,
    ...(storage !== undefined ? { storageGiB: storage } : {}),
  }
}

const isCluster = (a: KindAction): a is KindAction<ClusterPayload> => a.payload.type === 'Cluster'
const isService = (a: KindAction): a is KindAction<ServicePayload> => a.payload.type === 'Service'

/** Each cluster's default strategy: live for "before", the manifest's (else live) for "after". */
function clusterDefaults(
  plan: PlannedWork,
  liveClusters: ReadonlyMap<string, ActualCluster>,
): { before: Map<string, Strategy>; after: Map<string, Strategy> } {
  const before = new Map<string, Strategy>()
  for (const [name, c] of liveClusters) before.set(name, c.defaultCapacityProviderStrategy)
  const after = new Map(before)
  for (const a of plan.actions) {
    const strategy =
      isCluster(a) && a.action !== 'delete' ? a.payload.defaultCapacityProviderStrategy : undefined
    if (strategy) after.set(a.name, strategy)
  }
  return { before, after }
}

/** The cost inputs of the plan's services; `actual` adds the managed services the plan keeps without naming them. */
export function serviceCostInputs(plan: PlannedWork, actual: ActualState | undefined): ServiceCostInput[] {
  const defaults = clusterDefaults(plan, actual?.Cluster ?? new Map())
  const inputs: ServiceCostInput[] = []
  for (const a of plan.actions) {
    if (!isService(a)) continue
    const p = a.payload
    const before = liveSide(p.live, p.liveTaskDefinition, p.liveScaling, defaults.before.get(p.cluster))
    const after = a.action === 'delete' ? undefined : desiredSide(p, defaults.after.get(p.cluster))
    if (before || after) inputs.push({ id: a.id, label: serviceLabel(a.name, p.cluster), before, after })
  }
  inputs.push(...keptServices(plan, actual, defaults.before))
  return inputs
}

function liveSide(
  live: ActualService | undefined,
  td: TaskDefinitionContent | undefined,
  scaling: ScalingState | undefined,
  clusterDefault: Strategy | undefined,
): SizedService | undefined {
  const size = taskSize(td)
  if (!live || !size) return undefined
  const target = scaling?.target
  return {
    ...size,
    tasks: live.desiredCount,
    strategy: effectiveStrategy(live.capacityProviderStrategy, live.launchType, clusterDefault),
    ...(target ? { scaling: { min: target.minCapacity, max: target.maxCapacity } } : {}),
  }
}

function desiredSide(p: ServicePayload, clusterDefault: Strategy | undefined): SizedService | undefined {
  const size = taskSize(p.taskDefinition)
  if (!size) return undefined
  const target = p.scaling?.target
  // The scaler owns the count once it runs: today's live count, else where it starts.
  const tasks = target
    ? (p.live?.desiredCount ?? p.initialDesiredCount)
    : (p.settings.desiredCount ?? p.live?.desiredCount ?? p.initialDesiredCount)
  return {
    ...size,
    tasks,
    strategy: effectiveStrategy(p.settings.capacityProviderStrategy, p.settings.launchType, clusterDefault),
    ...(target ? { scaling: { min: target.minCapacity, max: target.maxCapacity } } : {}),
  }
}

/**
 * Managed services that left the manifests but that this plan does not delete (no `--prune`, or a
 * fence blocked it) keep running: they cost the same before and after. With a prune that goes
 * ahead they are delete actions above, priced before and gone after.
 */
function keptServices(
  plan: PlannedWork,
  actual: ActualState | undefined,
  clusterDefaults: ReadonlyMap<string, Strategy>,
): ServiceCostInput[] {
  if (!actual) return []
  const acted = new Set(plan.actions.map((a) => a.id))
  const kept: ServiceCostInput[] = []
  for (const id of plan.prune.candidates) {
    const [kind, cluster = '', name = ''] = id.split('/')
    if (kind !== 'Service' || acted.has(id)) continue
    const live = actual.Service.services.get(serviceKey(cluster, name))
    const scaling = actual.Service.scaling.get(scalingResourceId(cluster, name))
    const side = liveSide(live?.service, live?.taskDefinition, scaling, clusterDefaults.get(cluster))
    if (side) {
      kept.push({ id, label: serviceLabel(name, cluster), before: side, after: side })
    }
  }
  return kept
}
