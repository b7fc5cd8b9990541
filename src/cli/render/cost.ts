/**
 * @module The plan's cost: a line (monthly Fargate cost before → after, on-demand vs Spot), per-service
 * detail for `--cost`, and the same as JSON. Services without a strategy of their own are priced on
 * their cluster's default strategy; autoscaled ones as a min–max range around their desired count.
 */
import type { ActualCluster, TaskDefinitionContent } from '../../cloud/ports/index.js'
import {
  costBreakdown,
  type CostBreakdown,
  type CostSide,
  type ServiceCostInput,
  type SizedService,
} from '../../cost/breakdown.js'
import { effectiveStrategy, type Strategy } from '../../cost/estimate.js'
import { ARM_PRICED_REGIONS, FARGATE_PRICES, PRICED_REGIONS, SPOT_DISCOUNT } from '../../cost/prices.js'
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

export function planCost(
  plan: Plan,
  region: string,
  liveClusters: ReadonlyMap<string, ActualCluster> = new Map(),
): CostBreakdown | undefined {
  const defaults = clusterDefaults(plan, liveClusters)
  const inputs: ServiceCostInput[] = []
  for (const a of plan.actions) {
    if (a.payload.type !== 'Service') continue
    const p = a.payload
    let before: SizedService | undefined
    const liveSize = taskSize(p.liveTaskDefinition)
    if (p.live && liveSize) {
      const liveTarget = p.liveScaling?.target
      before = {
        ...liveSize,
        tasks: p.live.desiredCount,
        strategy: effectiveStrategy(
          p.live.capacityProviderStrategy,
          p.live.launchType,
          defaults.before.get(p.cluster),
        ),
        ...(liveTarget ? { scaling: { min: liveTarget.minCapacity, max: liveTarget.maxCapacity } } : {}),
      }
    }
    let after: SizedService | undefined
    const size = taskSize(p.taskDefinition)
    if (a.action !== 'delete' && size) {
      const target = p.scaling?.target
      // The scaler owns the count once it runs: today's live count, else where it starts.
      const tasks = target
        ? (p.live?.desiredCount ?? p.initialDesiredCount)
        : (p.settings.desiredCount ?? p.live?.desiredCount ?? p.initialDesiredCount)
      after = {
        ...size,
        tasks,
        strategy: effectiveStrategy(
          p.settings.capacityProviderStrategy,
          p.settings.launchType,
          defaults.after.get(p.cluster),
        ),
        ...(target ? { scaling: { min: target.minCapacity, max: target.maxCapacity } } : {}),
      }
    }
    if (before || after) inputs.push({ id: a.id, label: actionLabel(a), before, after })
  }
  return costBreakdown(region, inputs)
}

const usd = (x: number): string => `$${x.toFixed(2)}`

export function costLine(cost: CostBreakdown | undefined, region: string): string {
  if (!cost && FARGATE_PRICES[region]) {
    return `cost: no Fargate ARM price for ${region}, and an ARM service to price (ARM known: ${ARM_PRICED_REGIONS.join(', ')})`
  }
  if (!cost) return `cost: no Fargate price table for ${region} (known: ${PRICED_REGIONS.join(', ')})`
  const t = cost.totals
  const range = t.afterMin !== t.afterMax ? ` (autoscaling range ${usd(t.afterMin)}–${usd(t.afterMax)})` : ''
  return `cost (${region}, Fargate, prices ${cost.asOf}): ${usd(t.before)}/month → ${usd(t.after)}/month${range} (after: on-demand ${usd(t.afterOnDemand)} + Spot ${usd(t.afterSpot)}, Spot estimated at ${SPOT_DISCOUNT * 100}% off)`
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

/** `--cost`: one line per service whose cost is known, then where the prices come from. */
export function costDetailLines(cost: CostBreakdown | undefined): string[] {
  if (!cost) return []
  const width = Math.max(0, ...cost.services.map((s) => s.label.length))
  const lines = cost.services.map(
    (s) => `  ${s.label.padEnd(width)}  ${sideText(s.before)} → ${sideText(s.after)} /month`,
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
    services: cost.services.map((s) => ({ id: s.id, before: sideJson(s.before), after: sideJson(s.after) })),
  }
}
