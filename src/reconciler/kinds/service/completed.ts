/**
 * @module Completed revisions: once a deployment of a service is steady, its task-definition revision is
 * tagged `ecs-reconciler:completed` (when). DescribeServices lists only deployments in flight and
 * ListServiceDeployments keeps a limited history, so the tag is how `rollback` finds the revisions that
 * last ran well, and retention keeps the two newest of them.
 */
import type { ActualService } from '../../../cloud/ports/index.js'
import type { ExecutionContext } from '../../execute/context.js'
import { TAG_COMPLETED } from '../../ownership.js'

export async function markCompleted(
  service: ActualService | undefined,
  ctx: ExecutionContext,
): Promise<void> {
  const primary = service?.deployments.find((d) => d.status === 'PRIMARY')
  if (!primary || primary.rolloutState === 'FAILED') return
  const at = new Date(ctx.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z')
  try {
    await ctx.writers.ecs.tagResource(primary.taskDefinition, { [TAG_COMPLETED]: at })
  } catch {
    // Bookkeeping only: the deployment did complete. Without the tag, `rollback` needs --to-revision.
  }
}
