/**
 * @module Fargate on-demand prices (USD, Linux) per region: a dated table, each row with its source.
 * Only published figures are listed (aws-facts.md §8: the AWS Price List usage types
 * `<PFX>-Fargate-vCPU-Hours:perCPU`, `<PFX>-Fargate-GB-Hours` and their `-ARM-` twins, as restated by
 * the sources named per row). A region missing here has no figure we could verify: the estimate
 * then says so instead of guessing. Spot rates are not published per region in our sources: AWS
 * says "up to 70%" off (https://aws.amazon.com/fargate/pricing/), so Spot is estimated at that
 * discount and labelled as an estimate.
 */

export const HOURS_PER_MONTH = 730
export const SPOT_DISCOUNT = 0.7

export interface Rate {
  readonly vcpuHour: number
  readonly gbHour: number
}

export interface RegionPrices {
  readonly x86: Rate
  readonly arm: Rate
  /** When the figures were checked (YYYY-MM). */
  readonly asOf: string
  readonly source: string
}

const PRICE_LIST = 'AWS Price List (AmazonECS offer file)'

export const FARGATE_PRICES: Readonly<Record<string, RegionPrices>> = {
  'us-east-1': {
    x86: { vcpuHour: 0.04048, gbHour: 0.004445 },
    arm: { vcpuHour: 0.03238, gbHour: 0.00356 },
    asOf: '2026-03',
    source: `${PRICE_LIST} USE1-Fargate-*, restated by https://www.vantage.sh/blog/fargate-pricing and https://cloudburn.io/blog/aws-fargate-pricing`,
  },
  'ap-northeast-2': {
    x86: { vcpuHour: 0.04656, gbHour: 0.00511 },
    arm: { vcpuHour: 0.03725, gbHour: 0.00409 },
    asOf: '2026-10',
    source: `${PRICE_LIST} APN2-Fargate-* (publication 2026-08-31, effective 2026-07-01)`,
  },
}

/** The oldest date in the table: what "prices as of" can honestly claim for all of it. */
export const PRICES_AS_OF = Object.values(FARGATE_PRICES)
  .map((p) => p.asOf)
  .sort()[0] as string

export const PRICED_REGIONS = Object.keys(FARGATE_PRICES).sort()
