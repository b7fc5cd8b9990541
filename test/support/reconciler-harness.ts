/** The reconciler in-process against a local cloud through the real adapters: plan the example, execute plans. */
import { createAwsCloud } from '../../src/cloud/aws/create-cloud.js'
import type { Cloud, CloudWriters } from '../../src/cloud/ports/index.js'
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../src/localcloud/index.js'
import { executePlan, type ExecuteOptions } from '../../src/reconciler/execute/executor.js'
import type { ActionResult } from '../../src/reconciler/execute/types.js'
import type { PlanOptions } from '../../src/reconciler/plan/build-plan.js'
import { planPass } from '../../src/reconciler/pass.js'
import type { Plan } from '../../src/reconciler/plan/types.js'
import { systemClock } from '../../src/shared/clock.js'
import { settleConsistency } from './local-cloud.js'
import { loadExample } from './manifests.js'

export const PLAN_OPTIONS: PlanOptions = {
  instance: 'ecs-reconciler',
  revision: 'r1',
  prune: false,
  adopt: false,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}

/** Task starts and namespace operations fast enough for tests on the real clock. */
export const FAST_TIMING: LocalCloudOptions = {
  timing: { taskStartSeconds: 0.1, drainSeconds: 0.1, namespaceCreateSeconds: 0.05 },
}

export interface Harness {
  readonly server: LocalCloud
  readonly cloud: Cloud
  /** The example (optionally edited per file), planned against live state. */
  plan(edit?: (file: string, text: string) => string, options?: Partial<PlanOptions>): Promise<Plan>
  /**
   * Executes a plan as one `apply` run would, then waits out the local cloud's consistency lag:
   * the next plan stands for a later run, and AWS reads lag writes (see settleConsistency).
   */
  execute(plan: Plan, options?: Partial<ExecuteOptions> & { writers?: CloudWriters }): Promise<ActionResult[]>
  close(): Promise<void>
}

export async function startHarness(localCloud: LocalCloudOptions = FAST_TIMING): Promise<Harness> {
  const server = await startLocalCloud(localCloud)
  const cloud = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
  return {
    server,
    cloud,
    async plan(edit, options = {}) {
      const { set, graph } = loadExample(edit)
      return (await planPass(set, graph, cloud.readers, { ...PLAN_OPTIONS, ...options })).plan
    },
    async execute(plan, options = {}) {
      const writers = options.writers ?? cloud.writers
      if (!writers) throw new Error('a read-only cloud cannot execute')
      const results = await executePlan(plan, {
        readers: cloud.readers,
        clock: systemClock,
        wait: true,
        timeoutMs: 30_000,
        pollMs: 50,
        concurrency: 8,
        allowReplace: false,
        ...options,
        writers,
      })
      await settleConsistency()
      return results
    },
    async close() {
      cloud.close()
      await server.close()
    },
  }
}

/** Applies the unedited example and returns what failed (an empty list when all went well). */
export async function applyExample(harness: Harness): Promise<ActionResult[]> {
  return (await harness.execute(await harness.plan())).filter((r) => r.status !== 'succeeded')
}
