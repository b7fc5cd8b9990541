/**
 * @module Before the reconciler changes a service, it stops the chaos experiments running on it.
 *
 * A fault injected while a deployment rolls out can trip the circuit breaker into rolling back a
 * good deployment, so a deployment wins: the runs of this instance tagged with the service as their
 * target are tagged `preempted` (FIS records no reason of the caller's) and stopped. The scheduler
 * reads the tag and records the run as `preempted-by-deployment`.
 */
import type { Tags } from '../../../cloud/ports/index.js'
import type { ExecutionContext } from '../../execute/context.js'
import type { KindAction } from '../../action.js'
import { TAG_CHAOS_PREEMPTED, TAG_CHAOS_TARGET, TAG_MANAGED_BY } from '../../ownership.js'

const ACTIVE = new Set(['pending', 'initiating', 'running'])

export async function preemptChaos(
  action: KindAction,
  desiredTags: Tags,
  ctx: ExecutionContext,
): Promise<void> {
  const instance = desiredTags[TAG_MANAGED_BY]
  if (instance === undefined) return
  const runs = await ctx.readers.fis.listExperimentsTagged({
    [TAG_MANAGED_BY]: instance,
    [TAG_CHAOS_TARGET]: action.id,
  })
  for (const run of runs.filter((e) => ACTIVE.has(e.status))) {
    await ctx.writers.fis.tagExperiment(run.id, { [TAG_CHAOS_PREEMPTED]: 'deployment' })
    await ctx.writers.fis.stopExperiment(run.id)
  }
}
