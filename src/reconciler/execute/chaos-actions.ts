/** @module Creates, updates and deletes the FIS experiment template behind a ChaosSchedule. */
import type { ChaosPayload, PlanAction } from '../plan/types.js'
import type { ExecutionContext } from './context.js'

export async function applyChaos(action: PlanAction, payload: ChaosPayload, ctx: ExecutionContext): Promise<void> {
  const fis = ctx.writers.fis
  switch (action.action) {
    case 'create':
      await fis.createExperimentTemplate(payload.content, payload.tags)
      return
    case 'update':
      if (payload.live) await fis.updateExperimentTemplate(payload.live.id, payload.content)
      return
    case 'delete':
      if (payload.live) await fis.deleteExperimentTemplate(payload.live.id)
      return
    default:
      return
  }
}
