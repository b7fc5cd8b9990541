/**
 * @module Registers a rendered task-definition revision at most once per distinct content: an
 * identical revision of ours (same content hash, registered by this instance) is reused, before
 * registering and after any register whose outcome is unknown (a lost response, a timeout, a 5xx).
 * RegisterTaskDefinition has no idempotency token
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html), so a
 * blind retry of a register that did happen would leave a twin revision.
 */
import { isAmbiguousWrite } from '../../../cloud/ports/index.js'
import type { ExecutionContext } from '../../execute/context.js'
import { TAG_CONTENT_HASH, TAG_MANAGED_BY } from '../../ownership.js'
import type { ServicePayload } from './payload.js'

/**
 * Looks after an ambiguous failure, at growing intervals: ECS reads are eventually consistent
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html), so a revision just
 * registered may not be listed at once. About 4 s in all before registering again.
 */
export const LOOKUP_DELAYS_MS = [0, 250, 500, 1_000, 2_000] as const
/** Registers tried per call; the executor's own retries of the action come on top. */
export const MAX_REGISTERS = 3

/** The newest ACTIVE revision of ours in the family with this content, if any. */
async function findOurs(payload: ServicePayload, ctx: ExecutionContext): Promise<string | undefined> {
  const instance = payload.tags[TAG_MANAGED_BY]
  if (instance === undefined) return undefined
  const revisions = await ctx.readers.ecs.listTaskDefinitionRevisions(payload.taskDefinition.family)
  return revisions
    .filter(
      (r) => r.tags[TAG_CONTENT_HASH] === payload.taskDefinitionHash && r.tags[TAG_MANAGED_BY] === instance,
    )
    .at(-1)?.arn
}

async function findAfterAmbiguousFailure(
  payload: ServicePayload,
  ctx: ExecutionContext,
): Promise<string | undefined> {
  for (const delay of LOOKUP_DELAYS_MS) {
    if (delay > 0) await ctx.clock.sleep(delay, ctx.signal)
    if (ctx.signal?.aborted) return undefined
    const found = await findOurs(payload, ctx)
    if (found) return found
  }
  return undefined
}

/** A revision we register carries the service's tags and its content hash. */
function revisionTags(payload: ServicePayload): Record<string, string> {
  return { ...payload.tags, [TAG_CONTENT_HASH]: payload.taskDefinitionHash }
}

/** The ARN of a revision with the rendered content: one of ours reused, or a new one registered once. */
export async function registerOnce(payload: ServicePayload, ctx: ExecutionContext): Promise<string> {
  // The pass read which contents have a revision of ours at all; most registers have none to look for.
  const existing = (await ctx.contents.mayHaveRevision(payload.taskDefinitionHash))
    ? await findOurs(payload, ctx)
    : undefined
  if (existing) return existing
  for (let attempt = 1; ; attempt++) {
    try {
      const registered = await ctx.writers.ecs.registerTaskDefinition(
        payload.taskDefinition,
        revisionTags(payload),
      )
      return registered.arn
    } catch (err) {
      if (!isAmbiguousWrite(err) || attempt >= MAX_REGISTERS) throw err
      const reused = await findAfterAmbiguousFailure(payload, ctx)
      if (reused) return reused
    }
  }
}
