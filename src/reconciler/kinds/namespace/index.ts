/** @module Namespace: an AWS Cloud Map HTTP namespace, the home of Service Connect endpoints. */
import type { ActualNamespace, Tags } from '../../../cloud/ports/index.js'
import type { NamespaceResource } from '../../../manifest/model.js'
import { diffValues } from '../../diff/diff.js'
import { ActionFailedError, pollUntil, type ExecutionContext } from '../../execute/context.js'
import type { KindHandler } from '../handler.js'
import { arnTagWriter, comparableTagView, desiredTags } from '../tags.js'

declare module '../../actual.js' {
  interface LiveStateByKind {
    readonly Namespace: readonly ActualNamespace[]
  }
}

export interface NamespacePayload {
  readonly type: 'Namespace'
  readonly description: string | undefined
  readonly tags: Tags
  readonly liveId: string | undefined
}

/** Namespaces are deleted last: every service that used them must be gone first. */
const PRUNE_RANK = 30

export const namespaceKind: KindHandler<NamespaceResource, NamespacePayload> = {
  kind: 'Namespace',
  label: (name) => `Namespace ${name}`,
  desired: (set) => set.byKind.Namespace,
  clusterOf: () => undefined,
  async observe({ reads }) {
    return reads.namespaces()
  },
  emptyLive: () => [],
  compare(ns, { actual, options }) {
    const live = actual.Namespace.find((n) => n.name === ns.name)
    const tags = desiredTags(ns.spec.tags, ns.id, options)
    const payload: NamespacePayload = {
      type: 'Namespace',
      description: ns.spec.description,
      tags,
      liveId: live?.id,
    }
    if (!live) {
      return {
        live: undefined,
        desiredTags: tags,
        diff: [],
        payload,
        attributes: { description: ns.spec.description, tags: comparableTagView(tags) },
      }
    }
    const diff = diffValues(
      { description: live.description || undefined, tags: comparableTagView(live.tags) },
      { description: ns.spec.description, tags: comparableTagView(tags) },
    )
    return { live: { arn: live.arn, tags: live.tags }, desiredTags: tags, diff, payload }
  },
  // Cloud Map has no call that changes a namespace's description (a choice docs/reconciling.md states).
  replaceReason: (diff) =>
    diff.some((c) => c.path === 'description')
      ? 'a namespace description cannot be changed in place'
      : undefined,
  candidates: (actual) =>
    actual.Namespace.map((ns) => ({
      id: `Namespace/${ns.name}`,
      name: ns.name,
      cluster: undefined,
      live: { arn: ns.arn, tags: ns.tags },
      pruneRank: PRUNE_RANK,
      payload: { type: 'Namespace', description: ns.description, tags: ns.tags, liveId: ns.id },
    })),
  execute: {
    async create(action, payload, ctx) {
      const { operationId } = await ctx.writers.cloudMap.createHttpNamespace(
        action.name,
        payload.description,
        payload.tags,
      )
      await waitOperation(ctx, operationId, `namespace ${action.name} to be created`)
    },
    // Tags are the only thing changed in place; the generic executor syncs them.
    update: () => Promise.resolve(),
    async delete(action, payload, ctx) {
      if (!payload.liveId) return
      const { operationId } = await ctx.writers.cloudMap.deleteNamespace(payload.liveId)
      await waitOperation(ctx, operationId, `namespace ${action.name} to be deleted`)
    },
    tags: (writers) => arnTagWriter(writers.cloudMap),
  },
}

async function waitOperation(ctx: ExecutionContext, operationId: string, what: string): Promise<void> {
  // Namespace operations gate the services that use them, so they are awaited even with --no-wait.
  const op = await pollUntil({ ...ctx, pollMs: Math.min(ctx.pollMs, 1000) }, what, async () => {
    const current = await ctx.readers.cloudMap.getOperation(operationId)
    return current.status === 'SUCCESS' || current.status === 'FAIL' ? current : undefined
  })
  if (op.status === 'FAIL') {
    throw new ActionFailedError(`${what} failed: ${op.errorMessage ?? 'no reason given'}`)
  }
}
