/** Cost per service before → after, as `plan --cost` and `plan --output json` show it. */
import { describe, expect, it } from 'vitest'
import { costDetailLines, costLine, costToJson, planCost } from '../../../src/cli/render/cost.js'
import { costBreakdown } from '../../../src/cost/breakdown.js'
import { effectiveStrategy } from '../../../src/cost/estimate.js'
import { FARGATE_PRICES, HOURS_PER_MONTH, SPOT_DISCOUNT } from '../../../src/cost/prices.js'
import { emptyActualState } from '../../../src/reconciler/kinds/registry.js'
import { buildPlan } from '../../../src/reconciler/plan/build-plan.js'
import { shopLiveState } from '../../support/shop-live.js'
import { loadExample } from '../../support/manifests.js'

const OPTIONS = {
  instance: 'ecs-reconciler',
  revision: 'abc',
  prune: false,
  adopt: false,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}
const SPOT_ONLY = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]

describe('effectiveStrategy', () => {
  it('follows ECS: own strategy, else none with a launch type, else the cluster default (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html)', () => {
    expect(effectiveStrategy([{ capacityProvider: 'FARGATE', weight: 1 }], undefined, SPOT_ONLY)).toEqual([
      { capacityProvider: 'FARGATE', weight: 1 },
    ])
    expect(effectiveStrategy(undefined, 'FARGATE', SPOT_ONLY)).toBeUndefined()
    expect(effectiveStrategy(undefined, undefined, SPOT_ONLY)).toEqual(SPOT_ONLY)
    expect(effectiveStrategy([], undefined, undefined)).toBeUndefined()
  })
})

describe('costBreakdown', () => {
  const us = FARGATE_PRICES['us-east-1']!
  const perTask = (arm: boolean): number => {
    const rate = arm ? us.arm! : us.x86
    return (rate.vcpuHour * 0.5 + rate.gbHour * 1) * HOURS_PER_MONTH
  }

  it('prices ARM below x86 at the published rates', () => {
    const cost = costBreakdown('us-east-1', [
      {
        id: 'a',
        label: 'a',
        before: undefined,
        after: { cpu: 512, memory: 1024, arm: true, tasks: 1, strategy: undefined },
      },
      {
        id: 'x',
        label: 'x',
        before: undefined,
        after: { cpu: 512, memory: 1024, arm: false, tasks: 1, strategy: undefined },
      },
    ])
    expect(cost?.services[0]?.after?.total).toBeCloseTo(perTask(true), 6)
    expect(cost?.services[1]?.after?.total).toBeCloseTo(perTask(false), 6)
    expect(perTask(true)).toBeLessThan(perTask(false))
  })

  it('shows an autoscaled service as a min–max range around its desired count', () => {
    const cost = costBreakdown('us-east-1', [
      {
        id: 's',
        label: 's',
        before: undefined,
        after: {
          cpu: 512,
          memory: 1024,
          arm: false,
          tasks: 3,
          strategy: undefined,
          scaling: { min: 2, max: 10 },
        },
      },
    ])
    const after = cost?.services[0]?.after
    expect(after?.total).toBeCloseTo(3 * perTask(false), 6)
    expect(after?.range?.min).toBeCloseTo(2 * perTask(false), 6)
    expect(after?.range?.max).toBeCloseTo(10 * perTask(false), 6)
    expect(cost?.totals.afterMin).toBeCloseTo(2 * perTask(false), 6)
    expect(cost?.totals.afterMax).toBeCloseTo(10 * perTask(false), 6)
  })

  it('has no figure for a region outside the dated table', () => {
    expect(costBreakdown('eu-west-9', [])).toMatchObject({ known: false, services: [] })
    expect(costLine(undefined, 'eu-west-9')).toMatch(
      /no Fargate price table for eu-west-9 \(known: .*us-east-1/,
    )
  })
})

describe('planCost on the example', () => {
  // ledger drops its launch type: it then runs on the cluster's default strategy, made Spot-only here.
  const edited = loadExample((f, t) => {
    if (f.endsWith('ledger.yaml')) return t.replace('  launchType: FARGATE\n', '')
    if (f.endsWith('cluster.yaml')) {
      return t.replace(
        '    - capacityProvider: FARGATE\n      weight: 1\n      base: 1\n',
        '    - capacityProvider: FARGATE_SPOT\n      weight: 1\n',
      )
    }
    return t
  })
  const plan = buildPlan(edited.set, edited.graph, emptyActualState(), OPTIONS)
  const cost = planCost(plan, 'us-east-1')

  it('applies the cluster default strategy to a service with none of its own', () => {
    const ledger = cost?.services.find((s) => s.id.endsWith('/ledger'))
    expect(ledger?.after?.spotTasks).toBe(ledger?.after?.tasks)
    expect(ledger?.after?.arm).toBe(true)
    const payments = cost?.services.find((s) => s.id.endsWith('/payments'))
    expect(payments?.after?.spotTasks).toBe(0)
  })

  it('new services have no before; an unchanged service costs the same before and after', () => {
    expect(cost?.totals.before).toBe(0)
    const live = shopLiveState()
    const again = planCost(buildPlan(edited.set, edited.graph, live, OPTIONS), 'us-east-1', live)
    const payments = again?.services.find((s) => s.id.endsWith('/payments'))
    expect(payments?.before?.total).toBeGreaterThan(0)
    expect(payments?.before?.total).toBeCloseTo(payments?.after?.total ?? -1, 6)
  })

  it('--cost prints one line per service and the price source; JSON carries the same numbers', () => {
    const lines = costDetailLines(cost)
    expect(lines.filter((l) => l.includes('Service shop/'))).toHaveLength(4)
    expect(lines.at(-1)).toMatch(/prices: us-east-1 as of \d{4}-\d{2}/)
    const json = costToJson(cost, 'us-east-1') as {
      after: number
      services: { id: string; after: { monthly: number } | null }[]
    }
    expect(json.after).toBeCloseTo(cost?.totals.after ?? -1, 2)
    expect(json.services).toHaveLength(4)
  })
})

describe('planCost with ephemeral storage', () => {
  // storefront asks for 60 GB: 40 above the 20 every task gets.
  const big = loadExample((f, t) =>
    f.endsWith('storefront.yaml')
      ? t.replace('    memory: 2048\n', '    memory: 2048\n    ephemeralStorage:\n      sizeInGiB: 60\n')
      : t,
  )
  const plan = buildPlan(big.set, big.graph, emptyActualState(), OPTIONS)

  it('prices the storage above 20 GB from the task definition where the rate is known', () => {
    const plain = planCost(
      buildPlan(loadExample().set, loadExample().graph, emptyActualState(), OPTIONS),
      'us-east-1',
    )
    const storefront = (c: typeof plain) => c?.services.find((s) => s.id.endsWith('/storefront'))?.after
    const withStorage = storefront(planCost(plan, 'us-east-1'))
    const extra = (withStorage?.total ?? 0) - (storefront(plain)?.total ?? 0)
    // Its Spot tasks pay the Spot share of it, like the rest of their price.
    const spot = withStorage?.spotTasks ?? NaN
    const tasks = (withStorage?.tasks ?? NaN) - spot + spot * (1 - SPOT_DISCOUNT)
    expect(extra).toBeCloseTo(40 * 0.000111 * HOURS_PER_MONTH * tasks, 6)
  })

  it('says "price unknown" for that service only where the storage rate is not known', () => {
    const cost = planCost(plan, 'eu-central-1')
    const unknown = cost?.services.filter((s) => s.priceUnknown).map((s) => [s.id, s.priceUnknown])
    // The backends run on ARM, which eu-central-1 has no rate for either: each is unknown for its own reason.
    expect(unknown).toEqual([
      ['Service/shop/ledger', 'no Fargate ARM price for eu-central-1'],
      ['Service/shop/payments', 'no Fargate ARM price for eu-central-1'],
      ['Service/shop/orders', 'no Fargate ARM price for eu-central-1'],
      ['Service/shop/storefront', 'no Fargate ephemeral storage price for eu-central-1'],
    ])
    // With the default 20 GB, storefront is priced there.
    const plain = loadExample()
    const priced = planCost(buildPlan(plain.set, plain.graph, emptyActualState(), OPTIONS), 'eu-central-1')
    expect(priced?.services.find((s) => s.id.endsWith('/storefront'))?.after?.total).toBeGreaterThan(0)
  })
})

describe('planCost with a managed service that left the manifests', () => {
  const live = shopLiveState()
  // storefront's manifest is gone; the service still runs, tagged as ours.
  const without = loadExample((f, t) => (f.endsWith('storefront.yaml') ? '' : t))
  const costOf = (prune: boolean) =>
    planCost(buildPlan(without.set, without.graph, live, { ...OPTIONS, prune }), 'us-east-1', live)
  const storefront = (cost: ReturnType<typeof costOf>) =>
    cost?.services.find((s) => s.id === 'Service/shop/storefront')

  it('without --prune it keeps running: counted the same before and after', () => {
    const cost = costOf(false)
    const kept = storefront(cost)
    expect(kept?.before?.total).toBeGreaterThan(0)
    expect(kept?.after?.total).toBe(kept?.before?.total)
    expect(cost?.totals.after).toBeCloseTo(cost?.totals.before ?? -1, 6)
  })

  it('with --prune it is deleted: counted before, gone after', () => {
    const cost = costOf(true)
    const deleted = storefront(cost)
    expect(deleted?.before?.total).toBeGreaterThan(0)
    expect(deleted?.after).toBeUndefined()
    expect((cost?.totals.before ?? 0) - (cost?.totals.after ?? 0)).toBeCloseTo(
      deleted?.before?.total ?? -1,
      6,
    )
  })
})
