/**
 * @module The plan's cost: a line (monthly Fargate cost before → after, on-demand vs Spot), per-service
 * detail for `--cost`, and the same as JSON. Services without a strategy of their own are priced on
 * their cluster's default strategy; autoscaled ones as a min–max range around their desired count.
 */
import type {
  ActualCluster,
  ActualService,
  ScalingState,
  TaskDefinitionContent,
} from '../../cloud/ports/index.js'
import {
  costBreakdown,
  type CostBreakdown,
  type CostSide,
  type ServiceCostInput,
  type SizedService,
} from '../../cost/breakdown.js'
import { effectiveStrategy, type Strategy } from '../../cost/estimate.js'
import { ARM_PRICED_REGIONS, PRICED_REGIONS, SPOT_DISCOUNT } from '../../cost/prices.js'
import type { ActualState } from '../../reconciler/actual.js'
import { scalingResourceId } from '../../reconciler/kinds/service/desired.js'
import { serviceKey } from '../../reconciler/kinds/service/live.js'
import type { ServicePayload } from '../../reconciler/kinds/service/payload.js'
import type { Plan } from '../../reconciler/plan/types.js'
import { actionLabel } from './plan.js'

function taskSize(
  td: TaskDefinitionContent | undefined,
): { cpu: number; memory: number; arm: boolean } | undefined {
  if (!td?.cpu || !td.memory) return undefined
  return {
    cpu: Number(td.cpu),
    memory: Number(td.memory),
    arm: td.runtimePlatform?.cpuArchitecture === 'ARM64',
  }
}

/** Each cluster's default strategy: live for "before", the manifest's (else live) for "after". */
function clusterDefaults(
  plan: Plan,
  liveClusters: ReadonlyMap<string, ActualCluster>,
): { before: Map<string, Strategy>; after: Map<string, Strategy> } {
  const before = new Map<string, Strategy>()
  for (const [name, c] of liveClusters) before.set(name, c.defaultCapacityProviderStrategy)
  const after = new Map(before)
  for (const a of plan.actions) {
    if (a.payload.type === 'Cluster' && a.action !== 'delete' && a.payload.defaultCapacityProviderStrategy) {
      after.set(a.name, a.payload.defaultCapacityProviderStrategy)
    }
  }
  return { before, after }
}

/** What the cost needs of the live state: cluster defaults, and the managed services the plan keeps without naming them. */
export type CostActual = Pick<ActualState, 'Cluster' | 'Service'>

export function planCost(plan: Plan, region: string, actual?: CostActual): CostBreakdown | undefined {
  const defaults = clusterDefaults(plan, actual?.Cluster ?? new Map())
  const inputs: ServiceCostInput[] = []
  for (const a of plan.actions) {
    if (a.payload.type !== 'Service') continue
    const p = a.payload
    const before = liveSide(p.live, p.liveTaskDefinition, p.liveScaling, defaults.before.get(p.cluster))
    const after = a.action === 'delete' ? undefined : desiredSide(p, defaults.after.get(p.cluster))
    if (before || after) inputs.push({ id: a.id, label: actionLabel(a), before, after })
  }
  inputs.push(...keptServices(plan, actual, defaults.before))
  return costBreakdown(region, inputs)
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
  plan: Plan,
  actual: CostActual | undefined,
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
      kept.push({ id, label: actionLabel({ kind: 'Service', name, cluster }), before: side, after: side })
    }
  }
  return kept
}

const usd = (x: number): string => `$${x.toFixed(2)}`

export function costLine(cost: CostBreakdown | undefined, region: string): string {
  if (!cost) return `cost: no Fargate price table for ${region} (known: ${PRICED_REGIONS.join(', ')})`
  const t = cost.totals
  const range = t.afterMin !== t.afterMax ? ` (autoscaling range ${usd(t.afterMin)}–${usd(t.afterMax)})` : ''
  const unknown = cost.services.filter((s) => s.priceUnknown)
  const left =
    unknown.length > 0
      ? `; price unknown, left out of the sums: ${unknown.map((s) => s.label).join(', ')} (no Fargate ARM price for ${region}; ARM known: ${ARM_PRICED_REGIONS.join(', ')})`
      : ''
  return `cost (${region}, Fargate, prices ${cost.asOf}): ${usd(t.before)}/month → ${usd(t.after)}/month${range} (after: on-demand ${usd(t.afterOnDemand)} + Spot ${usd(t.afterSpot)}, Spot estimated at ${SPOT_DISCOUNT * 100}% off)${left}`
}

function sideText(s: CostSide | undefined): string {
  if (!s) return '—'
  const tasks = s.range
    ? `${s.tasks} task(s), ${s.range.minTasks}–${s.range.maxTasks} autoscaled`
    : `${s.tasks} task(s)`
  const spot = s.spotTasks > 0 ? `, ${Number(s.spotTasks.toFixed(2))} on Spot` : ''
  const range = s.range ? ` [${usd(s.range.min)}–${usd(s.range.max)}]` : ''
  return `${usd(s.total)}${range} (${tasks}, ${s.arm ? 'ARM' : 'x86'}${spot})`
}

/** `--cost`: one line per service (or why its price is unknown), then where the prices come from. */
export function costDetailLines(cost: CostBreakdown | undefined): string[] {
  if (!cost) return []
  const width = Math.max(0, ...cost.services.map((s) => s.label.length))
  const lines = cost.services.map((s) =>
    s.priceUnknown
      ? `  ${s.label.padEnd(width)}  price unknown (${s.priceUnknown})`
      : `  ${s.label.padEnd(width)}  ${sideText(s.before)} → ${sideText(s.after)} /month`,
  )
  return [...lines, `  prices: ${cost.region} as of ${cost.asOf}, ${cost.source}`]
}

export function costToJson(cost: CostBreakdown | undefined, region: string): object {
  if (!cost) {
    return { region, known: false, pricedRegions: PRICED_REGIONS, armPricedRegions: ARM_PRICED_REGIONS }
  }
  const round = (x: number): number => Math.round(x * 100) / 100
  const sideJson = (s: CostSide | undefined): object | null =>
    s
      ? {
          tasks: s.tasks,
          arch: s.arm ? 'ARM64' : 'X86_64',
          spotTasks: s.spotTasks,
          monthly: round(s.total),
          onDemand: round(s.onDemand),
          spot: round(s.spot),
          ...(s.range
            ? {
                range: {
                  minTasks: s.range.minTasks,
                  maxTasks: s.range.maxTasks,
                  min: round(s.range.min),
                  max: round(s.range.max),
                },
              }
            : {}),
        }
      : null
  const t = cost.totals
  return {
    region,
    known: true,
    currency: 'USD',
    period: 'month',
    pricesAsOf: cost.asOf,
    source: cost.source,
    spotDiscountEstimate: SPOT_DISCOUNT,
    before: round(t.before),
    after: round(t.after),
    afterOnDemand: round(t.afterOnDemand),
    afterSpot: round(t.afterSpot),
    afterRange: { min: round(t.afterMin), max: round(t.afterMax) },
    services: cost.services.map((s) => ({
      id: s.id,
      before: sideJson(s.before),
      after: sideJson(s.after),
      ...(s.priceUnknown ? { priceUnknown: s.priceUnknown } : {}),
    })),
  }
}
