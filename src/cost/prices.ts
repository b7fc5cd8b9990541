/**
 * @module Fargate on-demand prices (USD, Linux) per region: a dated table, each row with its source.
 * Only published figures are listed (docs/fargate-prices.md: the AWS Price List usage types
 * `<PFX>-Fargate-vCPU-Hours:perCPU`, `<PFX>-Fargate-GB-Hours` and their `-ARM-` twins, as restated by
 * the sources named per row). A region missing here has no figure we could verify, and a row
 * without `arm` has no ARM figure we could verify: the estimate then says so instead of guessing
 * (ARM is not a fixed discount off x86 in every region, so it is never derived). Spot rates are not
 * published per region in our sources: AWS says "up to 70%" off (https://aws.amazon.com/fargate/pricing/),
 * so Spot is estimated at that discount and labelled as an estimate. docs/fargate-prices.md shows
 * this table; a test keeps the two equal.
 */

export const HOURS_PER_MONTH = 730
export const SPOT_DISCOUNT = 0.7

export interface Rate {
  readonly vcpuHour: number
  readonly gbHour: number
}

export interface RegionPrices {
  readonly x86: Rate
  /** Absent where no dated public source gave the ARM rates: ARM services there are not priced. */
  readonly arm?: Rate
  /**
   * Ephemeral storage configured above the 20 GB every task gets, per GB-hour
   * (`<PFX>-Fargate-EphemeralStorage-GB-Hours`). Absent where no dated public source gave it: a
   * service with more than 20 GB there is not priced.
   */
  readonly ephemeralGbHour?: number
  /** When the figures were checked (YYYY-MM). */
  readonly asOf: string
  readonly source: string
}

const PRICE_LIST = 'AWS Price List (AmazonECS offer file)'

/**
 * The x86 rates of 22 regions, restated by an open-source calculator whose README says they were
 * all checked against the AmazonECS offer (published 2026-09-11) on 2026-09-29. Read from the file
 * at the commit named; where a second source was found it agrees (see docs/fargate-prices.md).
 */
const FGCALC = `${PRICE_LIST} <PFX>-Fargate-vCPU-Hours:perCPU / <PFX>-Fargate-GB-Hours (publication 2026-09-11), restated by https://github.com/theuves/fgcalc/blob/5049a5e21fd511bb80159d17190ef1c05414c95a/src/utils/data.js (checked against the offer 2026-09-29)`

const x86Only = (vcpuHour: number, gbHour: number): RegionPrices => ({
  x86: { vcpuHour, gbHour },
  asOf: '2026-09',
  source: FGCALC,
})

export const FARGATE_PRICES: Readonly<Record<string, RegionPrices>> = {
  'us-east-1': {
    x86: { vcpuHour: 0.04048, gbHour: 0.004445 },
    arm: { vcpuHour: 0.03238, gbHour: 0.00356 },
    ephemeralGbHour: 0.000111,
    asOf: '2026-03',
    source: `${PRICE_LIST} USE1-Fargate-*, restated by https://www.vantage.sh/blog/fargate-pricing and https://cloudburn.io/blog/aws-fargate-pricing`,
  },
  'ap-northeast-2': {
    x86: { vcpuHour: 0.04656, gbHour: 0.00511 },
    arm: { vcpuHour: 0.03725, gbHour: 0.00409 },
    asOf: '2026-10',
    source: `${PRICE_LIST} APN2-Fargate-* (https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonECS/current/ap-northeast-2/index.json, publication 2026-08-31, effective 2026-07-01), as restated in public repositories checked 2026-10 (docs/fargate-prices.md)`,
  },
  'us-east-2': x86Only(0.04048, 0.004445),
  'us-west-1': x86Only(0.04656, 0.00511),
  'us-west-2': x86Only(0.04048, 0.004445),
  'us-gov-east-1': x86Only(0.0486, 0.0053),
  'us-gov-west-1': x86Only(0.0486, 0.0053),
  'ca-central-1': x86Only(0.04456, 0.004865),
  'sa-east-1': x86Only(0.0696, 0.0076),
  'eu-west-1': x86Only(0.04048, 0.004445),
  'eu-west-2': x86Only(0.04656, 0.00511),
  'eu-west-3': x86Only(0.0486, 0.0053),
  'eu-central-1': x86Only(0.04656, 0.00511),
  'eu-north-1': x86Only(0.0445, 0.0049),
  'eu-south-1': x86Only(0.0486, 0.0053),
  'af-south-1': x86Only(0.0546, 0.006),
  'me-south-1': x86Only(0.0526, 0.0058),
  'ap-east-1': x86Only(0.0556, 0.0061),
  'ap-south-1': x86Only(0.04256, 0.004655),
  'ap-northeast-1': x86Only(0.05056, 0.00553),
  'ap-southeast-1': x86Only(0.05056, 0.00553),
  'ap-southeast-2': x86Only(0.04856, 0.00532),
}

/** The oldest date in the table: what "prices as of" can honestly claim for all of it. */
export const PRICES_AS_OF = Object.values(FARGATE_PRICES)
  .map((p) => p.asOf)
  .sort()[0] as string

export const PRICED_REGIONS = Object.keys(FARGATE_PRICES).sort()

export const ARM_PRICED_REGIONS = PRICED_REGIONS.filter((r) => FARGATE_PRICES[r]?.arm !== undefined)

export const STORAGE_PRICED_REGIONS = PRICED_REGIONS.filter(
  (r) => FARGATE_PRICES[r]?.ephemeralGbHour !== undefined,
)

/** Every task gets this much ephemeral storage at no charge; only what is configured above it is billed. */
export const INCLUDED_STORAGE_GB = 20
