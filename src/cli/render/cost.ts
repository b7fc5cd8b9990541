/**
 * @module The plan's cost: a line (monthly Fargate cost before → after, on-demand vs Spot), per-service
 * detail for `--cost`, and the same as JSON. What each resource costs is its kind's (`costInputs`).
 */
import {
  costBreakdown,
  RATE_NAMES,
  type CostBreakdown,
  type CostSide,
  type MissingRate,
} from '../../cost/breakdown.js'
import {
  ARM_PRICED_REGIONS,
  PRICED_REGIONS,
  SPOT_DISCOUNT,
  STORAGE_PRICED_REGIONS,
  WINDOWS_PRICED_REGIONS,
} from '../../cost/prices.js'
import type { ActualState } from '../../reconciler/actual.js'
import { KIND_HANDLERS } from '../../reconciler/kinds/registry.js'
import type { Plan } from '../../reconciler/plan/types.js'

/** The plan's cost: every kind's cost inputs (`costInputs` of its handler), priced. */
export function planCost(plan: Plan, region: string, actual?: ActualState): CostBreakdown | undefined {
  return costBreakdown(
    region,
    KIND_HANDLERS.flatMap((h) => h.costInputs?.(plan, actual) ?? []),
  )
}

const usd = (x: number): string => `$${x.toFixed(2)}`

export function costLine(cost: CostBreakdown | undefined, region: string): string {
  if (!cost?.known) {
    const n = cost?.services.length ?? 0
    const which = n > 0 ? `, ${n} service(s) price unknown` : ''
    return `cost: no Fargate price table for ${region}${which} (known: ${PRICED_REGIONS.join(', ')})`
  }
  const t = cost.totals
  const range = t.afterMin !== t.afterMax ? ` (autoscaling range ${usd(t.afterMin)}–${usd(t.afterMax)})` : ''
  const left = unknownPrices(cost, region)
  return `cost (${region}, Fargate, prices ${cost.asOf}): ${usd(t.before)}/month → ${usd(t.after)}/month${range} (after: on-demand ${usd(t.afterOnDemand)} + Spot ${usd(t.afterSpot)}, Spot estimated at ${SPOT_DISCOUNT * 100}% off)${left}`
}

/** The regions whose row has each rate. */
const KNOWN_IN: Readonly<Record<MissingRate, readonly string[]>> = {
  arm: ARM_PRICED_REGIONS,
  windows: WINDOWS_PRICED_REGIONS,
  storage: STORAGE_PRICED_REGIONS,
}

/** `; price unknown, left out of the sums: …` per missing rate (ARM, Windows, storage), or nothing. */
function unknownPrices(cost: CostBreakdown, region: string): string {
  const parts = (['arm', 'windows', 'storage'] as const).flatMap((rate) => {
    const labels = cost.services.filter((s) => s.unknownRate === rate).map((s) => s.label)
    const what = RATE_NAMES[rate]
    const regions = KNOWN_IN[rate]
    return labels.length > 0
      ? [
          `${labels.join(', ')} (no Fargate ${what} price for ${region}; ${what} known: ${regions.join(', ')})`,
        ]
      : []
  })
  return parts.length > 0 ? `; price unknown, left out of the sums: ${parts.join('; ')}` : ''
}

function sideText(s: CostSide | undefined): string {
  if (!s) return '—'
  const tasks = s.range
    ? `${s.tasks} task(s), ${s.range.minTasks}–${s.range.maxTasks} autoscaled`
    : `${s.tasks} task(s)`
  const spot = s.spotTasks > 0 ? `, ${Number(s.spotTasks.toFixed(2))} on Spot` : ''
  const range = s.range ? ` [${usd(s.range.min)}–${usd(s.range.max)}]` : ''
  return `${usd(s.total)}${range} (${tasks}, ${platform(s)}${spot})`
}

const platform = (s: CostSide): string => (s.windows ? 'Windows' : s.arm ? 'ARM' : 'x86')

/** `--cost`: one line per service (or why its price is unknown), then where the prices come from. */
export function costDetailLines(cost: CostBreakdown | undefined): string[] {
  if (!cost) return []
  const width = Math.max(0, ...cost.services.map((s) => s.label.length))
  const lines = cost.services.map((s) =>
    s.priceUnknown
      ? `  ${s.label.padEnd(width)}  price unknown (${s.priceUnknown})`
      : `  ${s.label.padEnd(width)}  ${sideText(s.before)} → ${sideText(s.after)} /month`,
  )
  const others = cost.rateSources.map((r) => `  ${r.rates} prices: ${cost.region} ${r.asOf}, ${r.source}`)
  if (!cost.known) return lines
  return [...lines, `  prices: ${cost.region} as of ${cost.asOf}, ${cost.source}`, ...others]
}

export function costToJson(cost: CostBreakdown | undefined, region: string): object {
  if (!cost?.known) {
    return {
      region,
      known: false,
      pricedRegions: PRICED_REGIONS,
      armPricedRegions: ARM_PRICED_REGIONS,
      windowsPricedRegions: WINDOWS_PRICED_REGIONS,
      services: (cost?.services ?? []).map((s) => ({ id: s.id, priceUnknown: s.priceUnknown })),
    }
  }
  const round = (x: number): number => Math.round(x * 100) / 100
  const sideJson = (s: CostSide | undefined): object | null =>
    s
      ? {
          tasks: s.tasks,
          arch: s.arm && !s.windows ? 'ARM64' : 'X86_64',
          os: s.windows ? 'WINDOWS' : 'LINUX',
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
    ...(cost.rateSources.length > 0 ? { rateSources: cost.rateSources } : {}),
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
