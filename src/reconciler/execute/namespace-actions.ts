/** @module Creates, re-tags and deletes Cloud Map namespaces, waiting on their asynchronous operations. */
import type { NamespacePayload, PlanAction } from '../plan/types.js'
import { ActionFailedError, pollUntil, type ExecutionContext } from './context.js'
import { tagDelta } from './tags.js'

async function waitOperation(ctx: ExecutionContext, operationId: string, what: string): Promise<void> {
  // Namespace operations gate the services that use them, so they are awaited even with --no-wait.
  const op = await pollUntil({ ...ctx, pollMs: Math.min(ctx.pollMs, 1000) }, what, async () => {
    const current = await ctx.readers.cloudMap.getOperation(operationId)
    return current.status === 'SUCCESS' || current.status === 'FAIL' ? current : undefined
  })
  if (op.status === 'FAIL') throw new ActionFailedError(`${what} failed: ${op.errorMessage ?? 'no reason given'}`)
}

export async function applyNamespace(action: PlanAction, payload: NamespacePayload, ctx: ExecutionContext, ignoreTag: (k: string) => boolean): Promise<void> {
  const cloudMap = ctx.writers.cloudMap
  const create = async (): Promise<void> => {
    const { operationId } = await cloudMap.createHttpNamespace(action.name, payload.description, payload.tags)
    await waitOperation(ctx, operationId, `namespace ${action.name} to be created`)
  }
  const remove = async (): Promise<void> => {
    if (!payload.liveId) return
    const { operationId } = await cloudMap.deleteNamespace(payload.liveId)
    await waitOperation(ctx, operationId, `namespace ${action.name} to be deleted`)
  }
  switch (action.action) {
    case 'create':
      return create()
    case 'replace':
      await remove()
      return create()
    case 'delete':
      return remove()
    case 'update': {
      if (!payload.liveArn) return
      const delta = tagDelta(payload.liveTags, payload.tags, ignoreTag)
      if (Object.keys(delta.set).length > 0) await cloudMap.tagResource(payload.liveArn, delta.set)
      if (delta.remove.length > 0) await cloudMap.untagResource(payload.liveArn, delta.remove)
      return
    }
    default:
      return
  }
}
