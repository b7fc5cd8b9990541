/** @module What `verify` reports, and the account facts its checks are judged on. */
import type { AccountLookups, EcrImageRef, RoleFacts, TargetGroupFacts } from '../cloud/ports/index.js'
import type { SourcePosition } from '../shared/errors.js'

export type VerifyStatus = 'passed' | 'failed' | 'skipped'

/** One check of one resource a manifest names, with where the manifest names it. */
export interface VerifyCheck {
  /** The manifest resource the check belongs to: `Service/shop/payments`, `ChaosSchedule/x`. */
  readonly subject: string
  /** What is checked, in words: `execution role`, `image`, `subnet`, ... */
  readonly check: string
  /** The account resource checked: a role name, an image, a subnet id, ... */
  readonly resource: string
  readonly status: VerifyStatus
  /** What was found (passed), what is wrong (failed) or why it was not checked (skipped). */
  readonly reason: string
  /** How to fix a failed check. */
  readonly hint?: string
  readonly position: SourcePosition
}

/** Everything verify read from the account, by kind of resource. */
export interface AccountFacts {
  readonly roles: AccountLookups<RoleFacts>
  readonly images: AccountLookups<true>
  readonly pullThrough: AccountLookups<readonly string[]>
  readonly secrets: AccountLookups<true>
  readonly parameters: AccountLookups<true>
  readonly logGroups: AccountLookups<true>
  readonly subnets: AccountLookups<string>
  readonly securityGroups: AccountLookups<string>
  readonly targetGroups: AccountLookups<TargetGroupFacts>
  readonly alarms: AccountLookups<true>
}

/** What a check needs read: names, ids or ARNs per kind of resource (images as references). */
export interface WantedReads {
  readonly roles?: readonly string[]
  readonly images?: readonly EcrImageRef[]
  readonly pullThrough?: readonly string[]
  readonly secrets?: readonly string[]
  readonly parameters?: readonly string[]
  readonly logGroups?: readonly string[]
  readonly subnets?: readonly string[]
  readonly securityGroups?: readonly string[]
  readonly targetGroups?: readonly string[]
  readonly alarms?: readonly string[]
}

/** A check's outcome before it is placed: the status, what was found or is wrong, and the fix. */
export interface Verdict {
  readonly status: VerifyStatus
  readonly reason: string
  readonly hint?: string
}

/**
 * One check to make: what it reads and how it judges what was read. Rules turn manifests into probes,
 * so what is read and what is judged come from one walk over the manifests.
 */
export interface Probe {
  readonly subject: string
  readonly check: string
  readonly resource: string
  readonly position: SourcePosition
  readonly reads: WantedReads
  judge(facts: AccountFacts): Verdict
}

/** What the rules need besides the manifests: the region the run deploys to. */
export interface VerifyContext {
  readonly region: string
}
