/** @module One read-and-plan pass: observe live state, then the pure planner. Shared by plan, apply and the daemon. */
import type { CloudReaders } from '../cloud/ports/index.js'
import type { ManifestGraph } from '../manifest/dependencies.js'
import type { ManifestSet } from '../manifest/model.js'
import type { ActualState } from './actual.js'
import { observe } from './observe.js'
import { buildPlan, type PlanOptions } from './plan/build-plan.js'
import type { Plan } from './plan/types.js'

export interface PassResult {
  readonly plan: Plan
  readonly actual: ActualState
}

export async function planPass(
  set: ManifestSet,
  graph: ManifestGraph,
  readers: CloudReaders,
  options: PlanOptions,
): Promise<PassResult> {
  // Managed resources that left the manifests are always looked for: plan warns about them even without --prune.
  const actual = await observe(set, readers, {
    instance: options.instance,
    listForPrune: true,
    keepRevisions: options.keepRevisions,
  })
  return { plan: buildPlan(set, graph, actual, options), actual }
}
