/** @module Monthly Fargate cost of a set of services, split on-demand vs Spot. Pure. */
import {
  FARGATE_PRICES,
  HOURS_PER_MONTH,
  INCLUDED_STORAGE_GB,
  SPOT_DISCOUNT,
  type Rate,
  type RegionPrices,
} from './prices.js'

export type Strategy = readonly { capacityProvider: string; weight?: number; base?: number }[]

export interface CostInput {
  /** CPU units and MiB of one task. */
  readonly cpu: number
  readonly memory: number
  readonly arm: boolean
  /** A Windows task (`runtimePlatform.operatingSystemFamily` WINDOWS_SERVER_*): Windows rates apply. */
  readonly windows?: boolean
  /** Ephemeral storage of one task (GiB), when the task definition sets it (default 20, included). */
  readonly storageGiB?: number
  readonly tasks: number
  readonly strategy: Strategy | undefined
}

export interface CostEstimate {
  readonly onDemand: number
  readonly spot: number
  readonly total: number
}

/**
 * The strategy a service actually runs with: its own; none (on-demand) with an explicit launch type;
 * else the cluster's default capacity provider strategy (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html, "no strategy and no launchType").
 */
export function effectiveStrategy(
  own: Strategy | undefined,
  launchType: string | undefined,
  clusterDefault: Strategy | undefined,
): Strategy | undefined {
  if (own && own.length > 0) return own
  if (launchType) return undefined
  return clusterDefault && clusterDefault.length > 0 ? clusterDefault : undefined
}

/** How many of `tasks` land on FARGATE_SPOT: `base` first, then the rest split by weight. */
export function spotTasks(tasks: number, strategy: CostInput['strategy']): number {
  if (!strategy || strategy.length === 0) return 0
  let remaining = tasks
  let spot = 0
  for (const item of strategy) {
    const base = Math.min(item.base ?? 0, remaining)
    if (item.capacityProvider === 'FARGATE_SPOT') spot += base
    remaining -= base
  }
  const totalWeight = strategy.reduce((sum, i) => sum + (i.weight ?? 0), 0)
  const spotWeight = strategy
    .filter((i) => i.capacityProvider === 'FARGATE_SPOT')
    .reduce((sum, i) => sum + (i.weight ?? 0), 0)
  return spot + (totalWeight > 0 ? (remaining * spotWeight) / totalWeight : 0)
}

/** Ephemeral storage billed per task: what is configured above the included 20 GB. */
export function billableStorageGb(storageGiB: number | undefined): number {
  return Math.max(0, (storageGiB ?? INCLUDED_STORAGE_GB) - INCLUDED_STORAGE_GB)
}

/** The vCPU and GB rates one task pays: Windows (licence included), ARM or x86; undefined when not in the table. */
export function taskRate(prices: RegionPrices, s: Pick<CostInput, 'arm' | 'windows'>): Rate | undefined {
  if (s.windows) {
    const w = prices.windows
    return w ? { vcpuHour: w.vcpuHour + w.licenceVcpuHour, gbHour: w.gbHour } : undefined
  }
  return s.arm ? prices.arm : prices.x86
}

/** Monthly on-demand cost of one task, or undefined when a rate it needs is not in the table. */
export function perTaskMonthly(prices: RegionPrices, s: CostInput): number | undefined {
  const rate = taskRate(prices, s)
  const storage = billableStorageGb(s.storageGiB)
  if (!rate || (storage > 0 && prices.ephemeralGbHour === undefined)) return undefined
  const storageHour = storage > 0 ? storage * (prices.ephemeralGbHour ?? 0) : 0
  return ((s.cpu / 1024) * rate.vcpuHour + (s.memory / 1024) * rate.gbHour + storageHour) * HOURS_PER_MONTH
}

export function estimateMonthlyCost(
  region: string,
  services: readonly CostInput[],
): CostEstimate | undefined {
  const prices = FARGATE_PRICES[region]
  if (!prices) return undefined
  let onDemand = 0
  let spot = 0
  for (const s of services) {
    const perTask = perTaskMonthly(prices, s)
    if (perTask === undefined) return undefined
    const onSpot = spotTasks(s.tasks, s.strategy)
    onDemand += perTask * (s.tasks - onSpot)
    spot += perTask * onSpot * (1 - SPOT_DISCOUNT)
  }
  return { onDemand, spot, total: onDemand + spot }
}
