/** @module The plan options `plan` and `apply` take from the same flags. */
import type { PlanOptions } from '../reconciler/plan/build-plan.js'

export interface PlanFlagValues {
  readonly instance: string
  readonly revision?: string | undefined
  readonly prune?: boolean | undefined
  readonly adopt?: boolean | undefined
  readonly maxDeletes: number
  readonly keepRevisions: number
  readonly force?: boolean | undefined
  readonly allowEmpty?: boolean | undefined
}

/** `incomplete`: a manifest could not be read, so nothing may be pruned on this set. */
export function planOptionsOf(flags: PlanFlagValues, incomplete: boolean): PlanOptions {
  return {
    instance: flags.instance,
    revision: flags.revision,
    prune: flags.prune ?? false,
    adopt: flags.adopt ?? false,
    maxDeletes: flags.maxDeletes,
    keepRevisions: flags.keepRevisions,
    force: flags.force ?? false,
    manifestsFailed: incomplete,
    allowEmpty: flags.allowEmpty ?? false,
  }
}
