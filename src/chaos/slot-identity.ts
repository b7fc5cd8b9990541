/**
 * @module The identity of one cron slot's run: its FIS clientToken and its experiment tags.
 *
 * StartExperiment is idempotent on `clientToken` (1 to 1024 characters matching `[\S]+`:
 * https://docs.aws.amazon.com/fis/latest/APIReference/API_StartExperiment.html), so a token
 * derived from (instance, schedule, slot) makes a second start of the same slot, by a restarted
 * daemon or another replica, return the same experiment. How long FIS remembers a token is not
 * documented, so the experiment also carries its schedule and slot as tags, and a daemon that
 * restarts finds a slot's run through ListExperiments (tags: at most 50, keys ≤ 128 and values
 * ≤ 256 characters, same page).
 */
import { createHash } from 'node:crypto'

/** Same key as the reconciler's ownership tag (reconciler/ownership.ts), which chaos/ may not import. */
export const TAG_MANAGED_BY = 'ecs-reconciler:managed-by'
export const TAG_CHAOS_SCHEDULE = 'ecs-reconciler:chaos-schedule'
export const TAG_CHAOS_SLOT = 'ecs-reconciler:chaos-slot'
/** The target service's resource id; the reconciler's service kind stops runs carrying it before changing that service (same key as reconciler/ownership.ts). */
export const TAG_CHAOS_TARGET = 'ecs-reconciler:chaos-target'
/** On the schedule's FIS template: the last slot decided, as slotLabel writes it (same key as reconciler/ownership.ts). */
export const TAG_CHAOS_DECIDED = 'ecs-reconciler:chaos-decided'
/** On a service `rollback` holds on an earlier revision: chaos leaves it alone (same key as reconciler/ownership.ts). */
export const TAG_HOLD = 'ecs-reconciler:hold'
/** Set by the reconciler on a run it stopped before a deployment (same key as reconciler/ownership.ts). */
export const TAG_CHAOS_PREEMPTED = 'ecs-reconciler:chaos-preempted'

/**
 * 35 characters of [a-z0-9-]: well inside FIS's limit, and inside the 36-character limit some
 * other AWS APIs and emulators put on client tokens.
 */
const TOKEN_PREFIX = 'ecsr-'
const TOKEN_HASH_CHARS = 30

/** The slot as it is written in tags and status: ISO-8601 in UTC, to the second. */
export function slotLabel(slotTime: number): string {
  return new Date(slotTime).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** A deterministic clientToken for the run of `schedule`'s slot at `slotTime` under `instance`. */
export function slotClientToken(instance: string, schedule: string, slotTime: number): string {
  // JSON keeps the parts apart: ("a-b", "c") and ("a", "b-c") hash differently.
  const digest = createHash('sha256')
    .update(JSON.stringify([instance, schedule, slotLabel(slotTime)]))
    .digest('hex')
  return TOKEN_PREFIX + digest.slice(0, TOKEN_HASH_CHARS)
}

/** The tags a slot's experiment carries, so a restarted daemon can find it with ListExperiments. */
export function slotTags(instance: string, schedule: string, slotTime: number): Record<string, string> {
  return {
    [TAG_MANAGED_BY]: instance,
    [TAG_CHAOS_SCHEDULE]: schedule,
    [TAG_CHAOS_SLOT]: slotLabel(slotTime),
  }
}

/** A slot label read back (undefined when absent or unreadable). */
export function slotOfLabel(label: string | undefined): number | undefined {
  const time = label === undefined ? NaN : Date.parse(label)
  return Number.isNaN(time) ? undefined : time
}

/** The slot an experiment ran for, read back from its tags when it is one of `instance`'s runs of `schedule`. */
export function slotOfTags(
  tags: Readonly<Record<string, string>> | undefined,
  instance: string,
  schedule: string,
): number | undefined {
  if (!tags || tags[TAG_MANAGED_BY] !== instance || tags[TAG_CHAOS_SCHEDULE] !== schedule) return undefined
  return slotOfLabel(tags[TAG_CHAOS_SLOT])
}
