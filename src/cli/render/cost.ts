/** @module The plan's cost line: monthly Fargate cost before → after, on-demand vs Spot. */
import type { TaskDefinitionContent } from '../../cloud/ports/index.js'
import { estimateMonthlyCost, type CostInput } from '../../cost/estimate.js'
import { PRICES_AS_OF, SPOT_DISCOUNT } from '../../cost/prices.js'
import type { Plan } from '../../reconciler/plan/types.js'

function taskSize(td: TaskDefinitionContent | undefined): { cpu: number; memory: number; arm: boolean } | undefined {
  if (!td?.cpu || !td.memory) return undefined
  return { cpu: Number(td.cpu), memory: Number(td.memory), arm: td.runtimePlatform?.cpuArchitecture === 'ARM64' }
}

export function costLine(plan: Plan, region: string): string {
  const before: CostInput[] = []
  const after: CostInput[] = []
  for (const a of plan.actions) {
    if (a.payload.type !== 'Service') continue
    const p = a.payload
    const liveSize = taskSize(p.liveTaskDefinition)
    if (p.live && liveSize) before.push({ ...liveSize, tasks: p.live.desiredCount, strategy: p.live.capacityProviderStrategy })
    const size = taskSize(p.taskDefinition)
    if (a.action !== 'delete' && size) {
      const tasks = p.settings.desiredCount ?? p.live?.desiredCount ?? p.scaling?.target.minCapacity ?? 1
      after.push({ ...size, tasks, strategy: p.settings.capacityProviderStrategy })
    }
  }
  const b = estimateMonthlyCost(region, before)
  const n = estimateMonthlyCost(region, after)
  if (!b || !n) return `cost: no Fargate price table for ${region} (known: us-east-1, ap-northeast-2)`
  const usd = (x: number): string => `$${x.toFixed(2)}`
  return `cost (${region}, Fargate, prices ${PRICES_AS_OF}): ${usd(b.total)}/month → ${usd(n.total)}/month (after: on-demand ${usd(n.onDemand)} + Spot ${usd(n.spot)}, Spot estimated at ${SPOT_DISCOUNT * 100}% off)`
}
