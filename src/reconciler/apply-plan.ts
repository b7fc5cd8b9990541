/**
 * @module The one way a plan is carried out, for `apply` and for every daemon pass: the executor,
 * with the account checked before each deploy (verify) unless turned off. What decides whether a plan
 * may run differs by design and stays with the caller: `apply` refuses a frozen cluster, asks for
 * confirmation and checks a saved plan is current; the daemon holds frozen clusters, defers resources
 * in backoff and fences on its lease.
 */
import type { CloudReaders, CloudWriters, AccountReader } from '../cloud/ports/index.js'
import type { ManifestSet } from '../manifest/model.js'
import type { Clock } from '../shared/clock.js'
import { verifyGate } from '../verify/gate.js'
import { executePlan, type ExecuteOptions } from './execute/executor.js'
import type { ActionResult } from './execute/types.js'
import type { Plan } from './plan/types.js'

/** The cloud a plan is carried out in: writers are required, the account is what verify reads. */
export interface ApplyCloud {
  readonly readers: CloudReaders
  readonly writers: CloudWriters
  readonly account: AccountReader
  readonly region: string
}

export interface ApplySettings {
  /** Wait for each wave's rollouts to be steady before the next (`apply --no-wait` does not). */
  readonly wait: boolean
  readonly timeoutMs: number
  readonly pollMs: number
  readonly concurrency: number
  readonly allowReplace: boolean
  /** Check the account before deploying a service; a failed check holds it `blocked`. */
  readonly verify: boolean
}

export interface ApplyRun {
  readonly clock: Clock
  readonly signal?: AbortSignal
  readonly fence?: ExecuteOptions['fence']
  readonly onEvent?: ExecuteOptions['onEvent']
}

/** Carries out `plan` (whose resources `set` declares) and reports one result per action. */
export function applyPlan(
  plan: Plan,
  set: ManifestSet,
  cloud: ApplyCloud,
  settings: ApplySettings,
  run: ApplyRun,
): Promise<ActionResult[]> {
  return executePlan(plan, {
    readers: cloud.readers,
    writers: cloud.writers,
    clock: run.clock,
    wait: settings.wait,
    timeoutMs: settings.timeoutMs,
    pollMs: settings.pollMs,
    concurrency: Math.max(1, settings.concurrency),
    allowReplace: settings.allowReplace,
    ...(run.signal ? { signal: run.signal } : {}),
    ...(run.fence ? { fence: run.fence } : {}),
    ...(run.onEvent ? { onEvent: run.onEvent } : {}),
    ...(settings.verify ? { verify: verifyGate(set, cloud.account, { region: cloud.region }) } : {}),
  })
}
