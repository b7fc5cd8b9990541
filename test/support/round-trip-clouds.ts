/**
 * Two local clouds for round-trip tests: a source that holds live resources and an empty one that
 * imported manifests are applied to, each behind real SDK clients (createAwsCloud).
 */
import { expect } from 'vitest'
import { createAwsCloud } from '../../src/cloud/aws/create-cloud.js'
import type { Cloud } from '../../src/cloud/ports/index.js'
import { startLocalCloud } from '../../src/localcloud/index.js'
import { executePlan } from '../../src/reconciler/execute/executor.js'
import type { Plan } from '../../src/reconciler/plan/types.js'
import { systemClock } from '../../src/shared/clock.js'
import { until } from './poll.js'

export const ROUND_TRIP_OPTIONS = {
  instance: 'ecs-reconciler',
  revision: 'r1',
  prune: false,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}

const TIMING = { taskStartSeconds: 0.05, drainSeconds: 0.05, namespaceCreateSeconds: 0.05 }

export interface RoundTripClouds {
  readonly source: Cloud
  readonly empty: Cloud
  close(): Promise<void>
}

/** Starts both clouds; the source has the Fargate cluster `cluster`, the empty one nothing. */
export async function startRoundTripClouds(cluster: string): Promise<RoundTripClouds> {
  const [sourceLocal, emptyLocal] = await Promise.all([
    startLocalCloud({ timing: TIMING }),
    startLocalCloud({ timing: TIMING }),
  ])
  const source = createAwsCloud({ readOnly: false, endpoint: sourceLocal.endpoint, region: 'us-east-1' })
  const empty = createAwsCloud({ readOnly: false, endpoint: emptyLocal.endpoint, region: 'us-east-1' })
  await source.writers!.ecs.createCluster({ name: cluster, capacityProviders: ['FARGATE'] })
  await until('the cluster to be visible', async () =>
    (await source.readers.ecs.describeClusters([cluster])).get(cluster),
  )
  return {
    source,
    empty,
    async close() {
      source.close()
      empty.close()
      await Promise.all([sourceLocal.close(), emptyLocal.close()])
    },
  }
}

/** Applies a plan and waits for it; every action must succeed. */
export async function applyPlan(cloud: Cloud, plan: Plan): Promise<void> {
  const results = await executePlan(plan, {
    readers: cloud.readers,
    writers: cloud.writers!,
    clock: systemClock,
    wait: true,
    timeoutMs: 60_000,
    pollMs: 20,
    concurrency: 4,
    allowReplace: false,
  })
  expect(results.filter((r) => r.status !== 'succeeded')).toEqual([])
}
