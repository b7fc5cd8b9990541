import { describe, expect, it } from 'vitest'
import { estimateMonthlyCost, spotTasks } from '../../../src/cost/estimate.js'

describe('spotTasks', () => {
  it.each([
    [10, undefined, 0],
    [10, [{ capacityProvider: 'FARGATE', weight: 1 }], 0],
    [10, [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }], 10],
    // base 1 on demand, the other 9 split 1:3
    [
      10,
      [
        { capacityProvider: 'FARGATE', base: 1, weight: 1 },
        { capacityProvider: 'FARGATE_SPOT', weight: 3 },
      ],
      6.75,
    ],
    [
      1,
      [
        { capacityProvider: 'FARGATE', base: 2, weight: 1 },
        { capacityProvider: 'FARGATE_SPOT', weight: 3 },
      ],
      0,
    ],
  ])('%d tasks with %j → %d on Spot', (tasks, strategy, expected) => {
    expect(spotTasks(tasks, strategy)).toBeCloseTo(expected)
  })
})

describe('estimateMonthlyCost', () => {
  it('prices one 1 vCPU / 2 GiB x86 task for a month in us-east-1 from the dated table', () => {
    const cost = estimateMonthlyCost('us-east-1', [
      { cpu: 1024, memory: 2048, arm: false, tasks: 1, strategy: undefined },
    ])
    // (1 × 0.04048 + 2 × 0.004445) × 730 h
    expect(cost?.total).toBeCloseTo(36.0402, 3)
    expect(cost?.spot).toBe(0)
  })
  it('Spot tasks cost 30 % of on-demand', () => {
    const onDemand = estimateMonthlyCost('us-east-1', [
      { cpu: 512, memory: 1024, arm: true, tasks: 2, strategy: undefined },
    ])
    const spot = estimateMonthlyCost('us-east-1', [
      {
        cpu: 512,
        memory: 1024,
        arm: true,
        tasks: 2,
        strategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      },
    ])
    expect(spot?.total).toBeCloseTo((onDemand?.total ?? 0) * 0.3, 6)
  })
  it('knows nothing of regions outside its table', () => {
    expect(estimateMonthlyCost('eu-west-9', [])).toBeUndefined()
  })
})
