/**
 * @module Verify as a gate before apply and each daemon pass: the services about to be created or rolled
 * are checked, and those with a failed check are held (`blocked: verify`) instead of starting a
 * deployment that cannot succeed.
 */
import type { AccountReader } from '../cloud/ports/index.js'
import type { ManifestSet } from '../manifest/model.js'
import type { PlanAction } from '../reconciler/plan/types.js'
import type { VerifyCheck, VerifyContext } from './types.js'
import { failedChecks, verifyResources } from './verify.js'

/** The actions that start a deployment of a service. */
const DEPLOYS = new Set(['create', 'update', 'replace', 'redeploy'])

export type VerifyGate = (
  actions: readonly PlanAction[],
) => Promise<ReadonlyMap<string, readonly VerifyCheck[]>>

export function verifyGate(set: ManifestSet, reader: AccountReader, context: VerifyContext): VerifyGate {
  return async (actions) => {
    const ids = new Set(actions.filter((a) => DEPLOYS.has(a.action)).map((a) => a.id))
    const services = set.byKind.Service.filter((s) => ids.has(s.id))
    if (services.length === 0) return new Map()
    const failed = failedChecks(await verifyResources(services, reader, context))
    const bySubject = new Map<string, VerifyCheck[]>()
    for (const check of failed) bySubject.set(check.subject, [...(bySubject.get(check.subject) ?? []), check])
    return bySubject
  }
}

/** `blocked: verify: execution role shop-task-execution: role does not exist (payments.yaml:18)`. */
export function blockedReason(checks: readonly VerifyCheck[]): string {
  const each = checks.map(
    (c) => `${c.check} ${c.resource}: ${c.reason} (${c.position.file}:${c.position.line})`,
  )
  return `blocked: verify: ${each.join('; ')}`
}
