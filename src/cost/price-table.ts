/** @module The Fargate price table as the Markdown rows docs/fargate-prices.md shows (a test keeps them equal). Pure. */
import { FARGATE_PRICES, type Provenance, type Rate, type WindowsRate } from './prices.js'

const rate = (r: Rate | undefined): string => (r ? `${r.vcpuHour} | ${r.gbHour}` : '– | –')
const windows = (r: WindowsRate | undefined): string =>
  r ? `${r.vcpuHour} + ${r.licenceVcpuHour} | ${r.gbHour}` : '– | –'
const from = (what: string, p: Provenance | undefined): string[] => (p ? [`${what} ${p.asOf}`] : [])

export const PRICE_TABLE_HEADER = [
  '| Region | x86 per vCPU-hour | x86 per GB-hour | ARM per vCPU-hour | ARM per GB-hour | Windows per vCPU-hour (+ OS licence) | Windows per GB-hour | Storage over 20 GB, per GB-hour | As of |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
]

/** One row a region, sorted by region; `–` where the table has no figure. */
export function priceTableRows(): string[] {
  return Object.entries(FARGATE_PRICES)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([region, p]) =>
        `| ${region} | ${rate(p.x86)} | ${rate(p.arm)} | ${windows(p.windows)} | ${p.ephemeralGbHour ?? '–'} | ${[p.asOf, ...from('ARM', p.armFrom), ...from('Windows', p.windowsFrom)].join('; ')} |`,
    )
}
