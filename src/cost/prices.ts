/**
 * @module Fargate on-demand prices (USD) per region: a dated table, each row with its source.
 * Only published figures are listed (docs/fargate-prices.md: the AWS Price List usage types
 * `<PFX>-Fargate-vCPU-Hours:perCPU`, `<PFX>-Fargate-GB-Hours` and their `-ARM-` and `-Windows-`
 * twins, as restated by the sources named per row). A region missing here has no figure we could
 * verify, and a row without `arm` (or `windows`) has no such figure we could verify: the estimate
 * then says so for that service instead of guessing (ARM is not a fixed discount off x86 in every
 * region, so it is never derived). Spot rates are not published per region in our sources: AWS says
 * "up to 70%" off (https://aws.amazon.com/fargate/pricing/), so Spot is estimated at that discount
 * and labelled as an estimate. docs/fargate-prices.md shows this table; a test keeps the two equal.
 */

export const HOURS_PER_MONTH = 730
export const SPOT_DISCOUNT = 0.7

export interface Rate {
  readonly vcpuHour: number
  readonly gbHour: number
}

/** Windows/x86 tasks pay the vCPU and GB rates plus an OS licence fee per vCPU-hour. */
export interface WindowsRate extends Rate {
  readonly licenceVcpuHour: number
}

/** Where a rate comes from when it is not the row's own source. */
export interface Provenance {
  /** YYYY-MM, or `undated` when the source carries no date (see `UNDATED_RULE`). */
  readonly asOf: string
  readonly source: string
}

export interface RegionPrices {
  readonly x86: Rate
  /** Absent where no public source gave the ARM rates: ARM services there are not priced. */
  readonly arm?: Rate
  /** Where `arm` comes from, when not from `source`. */
  readonly armFrom?: Provenance
  /** Absent where no public source gave the Windows rates: Windows services there are not priced. */
  readonly windows?: WindowsRate
  /** Where `windows` comes from, when not from `source`. */
  readonly windowsFrom?: Provenance
  /**
   * Ephemeral storage configured above the 20 GB every task gets, per GB-hour
   * (`<PFX>-Fargate-EphemeralStorage-GB-Hours`). Absent where no dated public source gave it: a
   * service with more than 20 GB there is not priced.
   */
  readonly ephemeralGbHour?: number
  /** When the row's figures were checked (YYYY-MM). */
  readonly asOf: string
  readonly source: string
}

const PRICE_LIST = 'AWS Price List (AmazonECS offer file)'

/**
 * An undated source is used only when its x86 figures for the same region equal a dated row: that
 * shows it quotes the offer in force, and its other figures are shown as `undated` with their source.
 */
export const UNDATED_RULE =
  'undated source, used because its x86 figures for the region equal the dated row (docs/fargate-prices.md)'

const undated = (source: string): Provenance => ({ asOf: 'undated', source: `${source}; ${UNDATED_RULE}` })

/**
 * The x86 rates of 22 regions, restated by an open-source calculator whose README says they were
 * all checked against the AmazonECS offer (published 2026-09-11) on 2026-09-29. Read from the file
 * at the commit named; where a second source was found it agrees (see docs/fargate-prices.md).
 */
const FGCALC = `${PRICE_LIST} <PFX>-Fargate-vCPU-Hours:perCPU / <PFX>-Fargate-GB-Hours (publication 2026-09-11), restated by https://github.com/theuves/fgcalc/blob/5049a5e21fd511bb80159d17190ef1c05414c95a/src/utils/data.js (checked against the offer 2026-09-29)`

const fgcalcX86 = (vcpuHour: number, gbHour: number): RegionPrices => ({
  x86: { vcpuHour, gbHour },
  asOf: '2026-09',
  source: FGCALC,
})

export const FARGATE_PRICES: Readonly<Record<string, RegionPrices>> = {
  'us-east-1': {
    x86: { vcpuHour: 0.04048, gbHour: 0.004445 },
    arm: { vcpuHour: 0.03238, gbHour: 0.00356 },
    windows: { vcpuHour: 0.09148, gbHour: 0.01005, licenceVcpuHour: 0.046 },
    windowsFrom: undated(
      `${PRICE_LIST} USE1-Fargate-Windows-*, restated by https://www.vantage.sh/blog/fargate-pricing`,
    ),
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
  'us-east-2': fgcalcX86(0.04048, 0.004445),
  'us-west-1': fgcalcX86(0.04656, 0.00511),
  'us-west-2': fgcalcX86(0.04048, 0.004445),
  'us-gov-east-1': fgcalcX86(0.0486, 0.0053),
  'us-gov-west-1': fgcalcX86(0.0486, 0.0053),
  'ca-central-1': fgcalcX86(0.04456, 0.004865),
  'sa-east-1': {
    ...fgcalcX86(0.0696, 0.0076),
    arm: { vcpuHour: 0.0557, gbHour: 0.00612 },
    armFrom: undated(
      'https://aws.amazon.com/pt/fargate/pricing/ as quoted in https://github.com/apoloferreira/basecode/blob/cb793a6b7fbe729c40b8a0a314f96da5a2d365a0/doc/custo02.md',
    ),
  },
  'eu-west-1': fgcalcX86(0.04048, 0.004445),
  'eu-west-2': fgcalcX86(0.04656, 0.00511),
  'eu-west-3': fgcalcX86(0.0486, 0.0053),
  'eu-central-1': fgcalcX86(0.04656, 0.00511),
  'eu-north-1': fgcalcX86(0.0445, 0.0049),
  'eu-south-1': fgcalcX86(0.0486, 0.0053),
  'af-south-1': fgcalcX86(0.0546, 0.006),
  'me-south-1': fgcalcX86(0.0526, 0.0058),
  'ap-east-1': fgcalcX86(0.0556, 0.0061),
  'ap-south-1': fgcalcX86(0.04256, 0.004655),
  'ap-northeast-1': fgcalcX86(0.05056, 0.00553),
  'ap-southeast-1': {
    ...fgcalcX86(0.05056, 0.00553),
    arm: { vcpuHour: 0.04045, gbHour: 0.00442 },
    armFrom: {
      asOf: '2026-08',
      source: `${PRICE_LIST} APS1-Fargate-ARM-* queried 2026-08-21, as recorded in https://github.com/fadlytanjung/ccoa-agent/blob/5857949857747b3e11e9bb03291b2fcf8850252d/docs/02-research.md`,
    },
  },
  'ap-southeast-2': {
    ...fgcalcX86(0.04856, 0.00532),
    arm: { vcpuHour: 0.03885, gbHour: 0.00426 },
    armFrom: undated(
      'https://aws.amazon.com/fargate/pricing as quoted in https://github.com/umccr/holmes/blob/7d4f5d087f955afa7b73625dccf2bd27f7a2c3a4/docs/COSTS.md',
    ),
  },
}

/** The oldest date in the table: what "prices as of" can honestly claim for all of it. */
export const PRICES_AS_OF = Object.values(FARGATE_PRICES)
  .map((p) => p.asOf)
  .sort()[0] as string

export const PRICED_REGIONS = Object.keys(FARGATE_PRICES).sort()

export const ARM_PRICED_REGIONS = PRICED_REGIONS.filter((r) => FARGATE_PRICES[r]?.arm !== undefined)

export const WINDOWS_PRICED_REGIONS = PRICED_REGIONS.filter((r) => FARGATE_PRICES[r]?.windows !== undefined)

export const STORAGE_PRICED_REGIONS = PRICED_REGIONS.filter(
  (r) => FARGATE_PRICES[r]?.ephemeralGbHour !== undefined,
)

/** Every task gets this much ephemeral storage at no charge; only what is configured above it is billed. */
export const INCLUDED_STORAGE_GB = 20
