/**
 * @module Redeploys the daemon still owes. A client's redeploy is planned only in the pass where its
 * backend's endpoints change; if it then fails, is skipped or interrupted, live state no longer shows
 * the need, so the daemon remembers it until a redeploy of that client succeeds.
 */
import type { ActionResult } from '../reconciler/execute/types.js'
import type { Plan, PlanAction } from '../reconciler/plan/types.js'

export class OwedRedeploys {
  private readonly owed = new Map<string, string>()

  /** The plan with every owed redeploy put back: a noop of ours becomes a redeploy, an update forces one. */
  apply(plan: Plan): Plan {
    if (this.owed.size === 0) return plan
    return { ...plan, actions: plan.actions.map((a) => this.withOwed(a)) }
  }

  /** Remembers the new deployments that did not happen, forgets those that did. */
  record(executed: readonly PlanAction[], results: ReadonlyMap<string, ActionResult>): void {
    for (const a of executed) {
      if (a.payload.type !== 'Service' || !a.payload.forceNewDeployment) continue
      if (results.get(a.id)?.status === 'succeeded') this.owed.delete(a.id)
      else this.owed.set(a.id, a.reasons.at(-1) ?? 'a new deployment was planned')
    }
  }

  /** A resource that left the manifests owes nothing. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.owed.keys()) if (!ids.has(id)) this.owed.delete(id)
  }

  private withOwed(a: PlanAction): PlanAction {
    const reason = this.owed.get(a.id)
    if (reason === undefined || a.payload.type !== 'Service') return a
    const owed = `still owed from an earlier pass: ${reason}`
    // A noop with reasons is a resource left alone (not ours): never touch it.
    if (a.action === 'noop' && a.reasons.length === 0) return { ...a, action: 'redeploy', reasons: [owed], payload: { ...a.payload, forceNewDeployment: true } }
    if (a.action === 'update' && !a.payload.forceNewDeployment) return { ...a, reasons: [...a.reasons, owed], payload: { ...a.payload, forceNewDeployment: true } }
    return a
  }
}
