/**
 * @module Fargate on-demand prices (USD) per region, from aws-facts.md §8 (AWS Price List usage types,
 * as restated in March/October 2026). Spot rates are not published per region in our sources: AWS says
 * "up to 70%" off, so Spot is estimated at that discount and labelled as an estimate.
 */

export const PRICES_AS_OF = '2026-10'
export const HOURS_PER_MONTH = 730
export const SPOT_DISCOUNT = 0.7

export interface RegionPrices {
  readonly x86: { readonly vcpuHour: number; readonly gbHour: number }
  readonly arm: { readonly vcpuHour: number; readonly gbHour: number }
}

export const FARGATE_PRICES: Readonly<Record<string, RegionPrices>> = {
  'us-east-1': { x86: { vcpuHour: 0.04048, gbHour: 0.004445 }, arm: { vcpuHour: 0.03238, gbHour: 0.00356 } },
  'ap-northeast-2': { x86: { vcpuHour: 0.04656, gbHour: 0.00511 }, arm: { vcpuHour: 0.03725, gbHour: 0.00409 } },
}
