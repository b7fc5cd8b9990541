/** @module The Fargate price table as the Markdown rows docs/fargate-prices.md shows (a test keeps them equal). Pure. */
import { FARGATE_PRICES, type Rate } from './prices.js'

const rate = (r: Rate | undefined): string => (r ? `${r.vcpuHour} | ${r.gbHour}` : '– | –')

export const PRICE_TABLE_HEADER = [
  '| Region | x86 per vCPU-hour | x86 per GB-hour | ARM per vCPU-hour | ARM per GB-hour | Storage over 20 GB, per GB-hour | As of |',
  '| --- | --- | --- | --- | --- | --- | --- |',
]

/** One row a region, sorted by region; `–` where the table has no figure. */
export function priceTableRows(): string[] {
  return Object.entries(FARGATE_PRICES)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([region, p]) =>
        `| ${region} | ${rate(p.x86)} | ${rate(p.arm)} | ${p.ephemeralGbHour ?? '–'} | ${p.asOf} |`,
    )
}
