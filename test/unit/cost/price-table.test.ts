/** The dated Fargate price table: every region's own row is used, and docs/fargate-prices.md shows the same rows. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { costDetailLines, costLine, costToJson } from '../../../src/cli/render/cost.js'
import type { TaskDefinitionContent } from '../../../src/cloud/ports/index.js'
import { costBreakdown } from '../../../src/cost/breakdown.js'
import { estimateMonthlyCost } from '../../../src/cost/estimate.js'
import { PRICE_TABLE_HEADER, priceTableRows } from '../../../src/cost/price-table.js'
import {
  ARM_PRICED_REGIONS,
  FARGATE_PRICES,
  PRICED_REGIONS,
  STORAGE_PRICED_REGIONS,
  WINDOWS_PRICED_REGIONS,
} from '../../../src/cost/prices.js'
import { taskSize } from '../../../src/reconciler/kinds/service/cost.js'

const oneTask = (arm: boolean) => [{ cpu: 1024, memory: 2048, arm, tasks: 1, strategy: undefined }]

describe('the price table', () => {
  it('is the table docs/fargate-prices.md shows', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'fargate-prices.md'), 'utf8')
    const shown = /<!-- prices:start -->\n([\s\S]*?)\n<!-- prices:end -->/.exec(doc)?.[1]?.split('\n')
    expect(
      shown,
      'docs/fargate-prices.md: print the rows with priceTableRows() (src/cost/price-table.ts) and paste them between the markers',
    ).toEqual([...PRICE_TABLE_HEADER, ...priceTableRows()])
  })

  it('dates every row and names its source', () => {
    for (const [region, row] of Object.entries(FARGATE_PRICES)) {
      expect(row.asOf, region).toMatch(/^\d{4}-\d{2}$/)
      expect(row.source, region).toMatch(/Price List.*https:\/\//)
      for (const from of [row.armFrom, row.windowsFrom]) {
        if (from) expect(from.asOf, region).toMatch(/^(\d{4}-\d{2}|undated)$/)
        if (from) expect(from.source, region).toMatch(/https:\/\//)
      }
    }
  })

  it('lists the regions its sources cover, ARM only where a source gave it', () => {
    expect(PRICED_REGIONS).toHaveLength(22)
    expect(ARM_PRICED_REGIONS).toEqual([
      'ap-northeast-2',
      'ap-southeast-1',
      'ap-southeast-2',
      'sa-east-1',
      'us-east-1',
    ])
    expect(WINDOWS_PRICED_REGIONS).toEqual(['us-east-1'])
    expect(STORAGE_PRICED_REGIONS).toEqual(['us-east-1'])
  })

  it('uses an undated figure only where the same source quotes the dated x86 figure of the region', () => {
    // The x86 figures each undated source gives (docs/fargate-prices.md, Sources).
    const quotedX86: Record<string, { vcpuHour: number; gbHour: number }> = {
      'ap-southeast-2': { vcpuHour: 0.04856, gbHour: 0.00532 },
      'sa-east-1': { vcpuHour: 0.0696, gbHour: 0.0076 },
      'us-east-1': { vcpuHour: 0.04048, gbHour: 0.004445 },
    }
    for (const [region, row] of Object.entries(FARGATE_PRICES)) {
      if (row.armFrom?.asOf !== 'undated' && row.windowsFrom?.asOf !== 'undated') continue
      expect(quotedX86[region], region).toEqual(row.x86)
    }
  })
})

describe("the estimate uses each region's own row", () => {
  it.each(PRICED_REGIONS)('%s, x86', (region) => {
    const row = FARGATE_PRICES[region]
    // 1 vCPU and 2 GB for 730 hours.
    expect(estimateMonthlyCost(region, oneTask(false))?.total).toBeCloseTo(
      ((row?.x86.vcpuHour ?? NaN) + 2 * (row?.x86.gbHour ?? NaN)) * 730,
      6,
    )
  })
  it.each(ARM_PRICED_REGIONS)('%s, ARM', (region) => {
    const arm = FARGATE_PRICES[region]?.arm
    expect(estimateMonthlyCost(region, oneTask(true))?.total).toBeCloseTo(
      ((arm?.vcpuHour ?? NaN) + 2 * (arm?.gbHour ?? NaN)) * 730,
      6,
    )
  })
  it.each([
    // (vCPU-hour + 2 × GB-hour) × 730, from the published rates of each region (docs/fargate-prices.md).
    ['us-east-1', 36.0402],
    ['eu-central-1', 41.4494],
    ['sa-east-1', 61.904],
    ['ap-northeast-1', 44.9826],
  ])('%s: one 1 vCPU / 2 GB task costs $%d a month', (region, monthly) => {
    expect(estimateMonthlyCost(region, oneTask(false))?.total).toBeCloseTo(monthly, 3)
  })
})

describe('no price, no figure', () => {
  it('a region outside the table says it has no price table', () => {
    expect(estimateMonthlyCost('mx-central-1', oneTask(false))).toBeUndefined()
    expect(costLine(undefined, 'mx-central-1')).toMatch(
      /^cost: no Fargate price table for mx-central-1 \(known: af-south-1, .*us-west-2\)$/,
    )
    // Each service is still listed, with the reason, in the line, in --cost and in JSON.
    const cost = costBreakdown('mx-central-1', [
      { id: 'x', label: 'Service shop/x', before: undefined, after: oneTask(false)[0] },
    ])
    expect(cost).toMatchObject({ known: false, totals: { before: 0, after: 0 } })
    expect(costLine(cost, 'mx-central-1')).toMatch(
      /^cost: no Fargate price table for mx-central-1, 1 service\(s\) price unknown \(known: af-south-1, /,
    )
    expect(costDetailLines(cost)).toEqual([
      '  Service shop/x  price unknown (no Fargate price table for mx-central-1)',
    ])
    expect(costToJson(cost, 'mx-central-1')).toMatchObject({
      known: false,
      services: [{ id: 'x', priceUnknown: 'no Fargate price table for mx-central-1' }],
    })
  })
  it('an ARM service where only x86 is priced is "price unknown" by itself; the others are still summed', () => {
    const services = [
      {
        id: 'x',
        label: 'Service shop/x',
        before: undefined,
        after: { cpu: 1024, memory: 2048, arm: false, tasks: 1, strategy: undefined },
      },
      {
        id: 'a',
        label: 'Service shop/a',
        before: undefined,
        after: { cpu: 1024, memory: 2048, arm: true, tasks: 1, strategy: undefined },
      },
    ]
    expect(estimateMonthlyCost('eu-west-1', oneTask(true))).toBeUndefined()
    const cost = costBreakdown('eu-west-1', services)
    expect(cost?.totals.after).toBeCloseTo((0.04048 + 2 * 0.004445) * 730, 6)
    expect(cost?.services.find((s) => s.id === 'a')).toMatchObject({
      after: undefined,
      priceUnknown: 'no Fargate ARM price for eu-west-1',
    })
    expect(costLine(cost, 'eu-west-1')).toMatch(
      /^cost \(eu-west-1, Fargate, prices 2026-09\): \$0\.00\/month → \$36\.04\/month .*; price unknown, left out of the sums: Service shop\/a \(no Fargate ARM price for eu-west-1; ARM known: ap-northeast-2, ap-southeast-1, ap-southeast-2, sa-east-1, us-east-1\)$/,
    )
    expect(costDetailLines(cost)).toContain(
      '  Service shop/a  price unknown (no Fargate ARM price for eu-west-1)',
    )
    expect(costToJson(cost, 'eu-west-1')).toMatchObject({
      known: true,
      services: [{ id: 'x' }, { id: 'a', after: null, priceUnknown: 'no Fargate ARM price for eu-west-1' }],
    })
  })
})

describe('ephemeral storage (https://aws.amazon.com/fargate/pricing/: 20 GB included, the rest per GB-hour)', () => {
  const task = (storageGiB: number | undefined, arm = false) => ({
    cpu: 1024,
    memory: 2048,
    arm,
    tasks: 1,
    strategy: undefined,
    ...(storageGiB !== undefined ? { storageGiB } : {}),
  })
  const compute = (0.04048 + 2 * 0.004445) * 730

  it("bills only what is configured above 20 GB, at the region's rate", () => {
    expect(estimateMonthlyCost('us-east-1', [task(20)])?.total).toBeCloseTo(compute, 6)
    expect(estimateMonthlyCost('us-east-1', [task(undefined)])?.total).toBeCloseTo(compute, 6)
    expect(estimateMonthlyCost('us-east-1', [task(120)])?.total).toBeCloseTo(
      compute + 100 * 0.000111 * 730,
      6,
    )
  })

  it('a service with more than 20 GB where storage is not priced is "price unknown" by itself; 20 GB services are priced there', () => {
    const services = [
      { id: 'plain', label: 'Service shop/plain', before: undefined, after: task(20) },
      { id: 'big', label: 'Service shop/big', before: undefined, after: task(50) },
      { id: 'arm', label: 'Service shop/arm', before: undefined, after: task(20, true) },
    ]
    const cost = costBreakdown('eu-west-1', services)
    expect(cost?.totals.after).toBeCloseTo(compute, 6)
    expect(cost?.services.find((s) => s.id === 'big')).toMatchObject({
      after: undefined,
      priceUnknown: 'no Fargate ephemeral storage price for eu-west-1',
    })
    expect(costLine(cost, 'eu-west-1')).toMatch(
      /; price unknown, left out of the sums: Service shop\/arm \(no Fargate ARM price for eu-west-1; ARM known: ap-northeast-2, ap-southeast-1, ap-southeast-2, sa-east-1, us-east-1\); Service shop\/big \(no Fargate ephemeral storage price for eu-west-1; ephemeral storage known: us-east-1\)$/,
    )
    expect(costDetailLines(cost)).toContain(
      '  Service shop/big    price unknown (no Fargate ephemeral storage price for eu-west-1)',
    )
    expect(costToJson(cost, 'eu-west-1')).toMatchObject({
      known: true,
      services: [
        { id: 'plain' },
        { id: 'big', after: null, priceUnknown: 'no Fargate ephemeral storage price for eu-west-1' },
        { id: 'arm', after: null, priceUnknown: 'no Fargate ARM price for eu-west-1' },
      ],
    })
  })

  it('the same service is priced, storage included, where the region has the rate', () => {
    const cost = costBreakdown('us-east-1', [
      { id: 'big', label: 'Service shop/big', before: undefined, after: task(50) },
    ])
    expect(cost?.services[0]?.priceUnknown).toBeUndefined()
    expect(cost?.totals.after).toBeCloseTo(compute + 30 * 0.000111 * 730, 6)
  })
})

describe('Windows (https://aws.amazon.com/fargate/pricing/: Windows/x86 vCPU and GB rates plus an OS licence fee per vCPU-hour)', () => {
  const task = (windows: boolean) => ({
    cpu: 1024,
    memory: 2048,
    arm: false,
    windows,
    tasks: 1,
    strategy: undefined,
  })

  it('prices a Windows task at the Windows rates and the licence fee where the row has them', () => {
    expect(estimateMonthlyCost('us-east-1', [task(true)])?.total).toBeCloseTo(
      (0.09148 + 0.046 + 2 * 0.01005) * 730,
      6,
    )
  })

  it('a Windows service where Windows is not priced is "price unknown" by itself, never priced as Linux', () => {
    const cost = costBreakdown('eu-west-1', [
      { id: 'w', label: 'Service shop/win', before: undefined, after: task(true) },
      { id: 'l', label: 'Service shop/linux', before: undefined, after: task(false) },
    ])
    expect(cost?.totals.after).toBeCloseTo((0.04048 + 2 * 0.004445) * 730, 6)
    expect(cost?.services[0]).toMatchObject({
      after: undefined,
      priceUnknown: 'no Fargate Windows price for eu-west-1',
    })
    expect(costLine(cost, 'eu-west-1')).toMatch(
      /; price unknown, left out of the sums: Service shop\/win \(no Fargate Windows price for eu-west-1; Windows known: us-east-1\)$/,
    )
  })

  it('--cost names the undated source of the rates a priced service used', () => {
    const cost = costBreakdown('ap-southeast-2', [
      { id: 'a', label: 'Service shop/a', before: undefined, after: { ...task(false), arm: true } },
    ])
    expect(cost?.totals.after).toBeCloseTo((0.03885 + 2 * 0.00426) * 730, 6)
    expect(costDetailLines(cost).at(-1)).toMatch(/^ {2}ARM prices: ap-southeast-2 undated, .*umccr\/holmes/)
    expect(costToJson(cost, 'ap-southeast-2')).toMatchObject({
      rateSources: [{ rates: 'ARM', asOf: 'undated' }],
    })
  })
})

describe('the platform of a task, as the estimate reads it from its task definition', () => {
  const td = (runtimePlatform: object | undefined) =>
    ({
      cpu: '1024',
      memory: '2048',
      ...(runtimePlatform ? { runtimePlatform } : {}),
    }) as TaskDefinitionContent
  it.each([
    [undefined, { arm: false, windows: false }],
    [
      { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
      { arm: true, windows: false },
    ],
    [
      { cpuArchitecture: 'X86_64', operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' },
      { arm: false, windows: true },
    ],
  ])('%j', (platform, expected) => {
    expect(taskSize(td(platform))).toMatchObject({ cpu: 1024, memory: 2048, ...expected })
  })
})
