/**
 * @module Holds: `rollback` puts a service back on an earlier revision and records on the service
 * (tag `ecs-reconciler:hold`) which revision, since when, who, and a hash of the service's manifest as
 * rendered before lookups. While that hash is the manifest's, nothing changes the service (plan shows
 * `held`); `resume` removes the tag, and a changed manifest (a new intent) lifts it. On the service,
 * not in memory, so it survives daemon restarts and leader changes. Pure.
 */
import { createHash } from 'node:crypto'
import type { Tags } from '../../../cloud/ports/index.js'
import type { ServiceResource } from '../../../manifest/model.js'
import { toTagValue } from '../../../shared/tag-value.js'
import { stableJson } from '../../diff/diff.js'
import { ActionFailedError, type ExecutionContext } from '../../execute/context.js'
import { TAG_HOLD } from '../../ownership.js'

export { TAG_HOLD }

export interface Hold {
  readonly revision: number
  /** ISO time, whole seconds. */
  readonly since: string
  /** The caller's ARN (STS GetCallerIdentity). */
  readonly by: string
  readonly manifestHash: string
}

/** Hash of the service's manifest (cluster, name, spec) as written, before any lookup is resolved. */
export function manifestHash(service: ServiceResource): string {
  return createHash('sha256')
    .update(stableJson({ cluster: service.cluster, name: service.name, spec: service.spec }))
    .digest('hex')
    .slice(0, 16)
}

/** `revision=7 since=2026-12-05T08:30:00Z manifest=0123abcd… by=arn:…`, in the characters ECS allows. */
export function holdTagValue(hold: Hold): string {
  return toTagValue(
    `revision=${hold.revision} since=${hold.since} manifest=${hold.manifestHash} by=${hold.by}`,
  )
}

export function parseHold(value: string | undefined): Hold | undefined {
  if (!value) return undefined
  const match = /^revision=(\d+) since=(\S+) manifest=([0-9a-f]+) by=(.*)$/.exec(value)
  if (!match) return undefined
  return {
    revision: Number(match[1]),
    since: match[2] ?? '',
    manifestHash: match[3] ?? '',
    by: match[4] ?? '',
  }
}

/** The hold in force on a service: its tag names this manifest's hash (a changed manifest lifts it). */
export function activeHold(liveTags: Tags | undefined, service: ServiceResource): Hold | undefined {
  const hold = parseHold(liveTags?.[TAG_HOLD])
  return hold && hold.manifestHash === manifestHash(service) ? hold : undefined
}

/** How `plan`, `apply` and `/status` describe a hold. */
export function holdReason(hold: Hold, name: string): string {
  return `held at revision ${hold.revision} by ${hold.by} since ${hold.since} (rollback): nothing changes it until \`ecs-reconciler resume ${name}\` or a change to its manifest`
}

/**
 * Before the executor changes a service: the hold is read again (a rollback may have placed one since
 * the plan), and one that no longer applies (its manifest changed) is removed, so a later return to
 * that manifest does not bring the hold back.
 */
export async function checkHoldBeforeWrite(
  action: { readonly name: string },
  payload: { readonly cluster: string; readonly manifestHash?: string | undefined },
  ctx: Pick<ExecutionContext, 'serviceReads' | 'writers'>,
): Promise<void> {
  const now = await ctx.serviceReads.describe(payload.cluster, action.name)
  const hold = parseHold(now?.tags[TAG_HOLD])
  if (!now || now.tags[TAG_HOLD] === undefined) return
  if (hold && hold.manifestHash === payload.manifestHash) {
    throw new ActionFailedError(`not changed: ${holdReason(hold, action.name)}`)
  }
  await ctx.writers.ecs.untagResource(now.arn, [TAG_HOLD])
}
