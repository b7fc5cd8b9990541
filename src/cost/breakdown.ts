/**
 * @module Per-service cost before → after, with autoscaled services as a min–max range around their
 * desired count, and totals. Pure: the CLI gathers the inputs from the plan and renders the result.
 */
import {
  billableStorageGb,
  estimateMonthlyCost,
  spotTasks,
  taskRate,
  type CostEstimate,
  type CostInput,
} from './estimate.js'
import { FARGATE_PRICES, type Provenance, type RegionPrices } from './prices.js'

/** One side (live or desired) of one service. */
export interface SizedService extends CostInput {
  /** Autoscaling bounds, when the service scales. */
  readonly scaling?: { readonly min: number; readonly max: number }
}

export interface ServiceCostInput {
  readonly id: string
  readonly label: string
  readonly before: SizedService | undefined
  readonly after: SizedService | undefined
}

export interface CostSide extends CostEstimate {
  readonly tasks: number
  readonly arm: boolean
  readonly windows: boolean
  readonly spotTasks: number
  /** Cost at the autoscaling bounds. */
  readonly range?: {
    readonly minTasks: number
    readonly maxTasks: number
    readonly min: number
    readonly max: number
  }
}

export interface ServiceCost {
  readonly id: string
  readonly label: string
  readonly before: CostSide | undefined
  readonly after: CostSide | undefined
  /** Why this service has no figure (its sides are then undefined and left out of the totals). */
  readonly priceUnknown?: string
  /** Which rate is missing: the ARM one, the Windows one, or the one of ephemeral storage above 20 GB. */
  readonly unknownRate?: MissingRate
}

export interface CostTotals {
  readonly before: number
  readonly after: number
  readonly afterOnDemand: number
  readonly afterSpot: number
  /** After, with every autoscaled service at its minimum / maximum (others at their count). */
  readonly afterMin: number
  readonly afterMax: number
}

/** Where the ARM or Windows rates a priced service used come from, when not from the row's source. */
export interface RateSource extends Provenance {
  readonly rates: string
}

export interface CostBreakdown {
  readonly region: string
  /** False when the region has no price table: every service is then "price unknown". */
  readonly known: boolean
  readonly asOf: string
  readonly source: string
  readonly rateSources: readonly RateSource[]
  readonly services: readonly ServiceCost[]
  readonly totals: CostTotals
}

function side(region: string, s: SizedService | undefined): CostSide | undefined {
  if (!s) return undefined
  const at = (tasks: number): CostEstimate => estimateMonthlyCost(region, [{ ...s, tasks }]) as CostEstimate
  const now = at(s.tasks)
  return {
    ...now,
    tasks: s.tasks,
    arm: s.arm,
    windows: s.windows ?? false,
    spotTasks: spotTasks(s.tasks, s.strategy),
    ...(s.scaling
      ? {
          range: {
            minTasks: s.scaling.min,
            maxTasks: s.scaling.max,
            min: at(s.scaling.min).total,
            max: at(s.scaling.max).total,
          },
        }
      : {}),
  }
}

export type MissingRate = 'arm' | 'windows' | 'storage'

/** How each missing rate is named: "no Fargate ARM price for eu-west-1". */
export const RATE_NAMES: Readonly<Record<MissingRate, string>> = {
  arm: 'ARM',
  windows: 'Windows',
  storage: 'ephemeral storage',
}

/** The rate one side needs that the region's row does not have, if any. */
function missingRate(prices: RegionPrices, s: SizedService | undefined): MissingRate | undefined {
  if (!s) return undefined
  if (!taskRate(prices, s)) return s.windows ? 'windows' : 'arm'
  return billableStorageGb(s.storageGiB) > 0 && prices.ephemeralGbHour === undefined ? 'storage' : undefined
}

/** The provenance of the ARM and Windows rates that some priced service used, when it is not the row's. */
function rateSources(prices: RegionPrices, services: readonly ServiceCost[]): RateSource[] {
  const sides = services.flatMap((s) => [s.before, s.after]).filter((s) => s !== undefined)
  const used = [
    { rates: RATE_NAMES.arm, from: prices.armFrom, by: sides.some((s) => s.arm && !s.windows) },
    { rates: RATE_NAMES.windows, from: prices.windowsFrom, by: sides.some((s) => s.windows) },
  ]
  return used.flatMap(({ rates, from, by }) => (from && by ? [{ rates, ...from }] : []))
}

const NO_TOTALS: CostTotals = {
  before: 0,
  after: 0,
  afterOnDemand: 0,
  afterSpot: 0,
  afterMin: 0,
  afterMax: 0,
}

/** A region without a price table: each service is listed, with no figure and the reason. */
function unpricedRegion(region: string, inputs: readonly ServiceCostInput[]): CostBreakdown {
  return {
    region,
    known: false,
    asOf: '',
    source: '',
    rateSources: [],
    services: inputs.map((i) => ({
      id: i.id,
      label: i.label,
      before: undefined,
      after: undefined,
      priceUnknown: `no Fargate price table for ${region}`,
    })),
    totals: NO_TOTALS,
  }
}

export function costBreakdown(region: string, inputs: readonly ServiceCostInput[]): CostBreakdown {
  const prices = FARGATE_PRICES[region]
  if (!prices) return unpricedRegion(region, inputs)
  // A service whose rate is not in the table (ARM, or storage above 20 GB) has no figure; the
  // others are still priced, and the renderers name the unpriced one so the sum never passes for
  // the whole cost.
  const services: ServiceCost[] = inputs.map((i) => {
    const missing = missingRate(prices, i.before) ?? missingRate(prices, i.after)
    if (!missing) {
      return { id: i.id, label: i.label, before: side(region, i.before), after: side(region, i.after) }
    }
    return {
      id: i.id,
      label: i.label,
      before: undefined,
      after: undefined,
      priceUnknown: `no Fargate ${RATE_NAMES[missing]} price for ${region}`,
      unknownRate: missing,
    }
  })
  const sum = (f: (s: ServiceCost) => number): number => services.reduce((n, s) => n + f(s), 0)
  return {
    region,
    known: true,
    asOf: prices.asOf,
    source: prices.source,
    rateSources: rateSources(prices, services),
    services,
    totals: {
      before: sum((s) => s.before?.total ?? 0),
      after: sum((s) => s.after?.total ?? 0),
      afterOnDemand: sum((s) => s.after?.onDemand ?? 0),
      afterSpot: sum((s) => s.after?.spot ?? 0),
      afterMin: sum((s) => s.after?.range?.min ?? s.after?.total ?? 0),
      afterMax: sum((s) => s.after?.range?.max ?? s.after?.total ?? 0),
    },
  }
}
