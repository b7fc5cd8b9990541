/** @module buildPlan(desired, actual) → Plan: every kind compares, the fences apply once, waves order it. Pure. */
import type { ManifestGraph } from '../../manifest/dependencies.js'
import type { ManifestResource, ManifestSet } from '../../manifest/model.js'
import { FIRST_WAVE, manifestWaves } from '../../manifest/waves.js'
import type { ActualState } from '../actual.js'
import { pathWithin, type FieldChange } from '../diff/diff.js'
import type { KindHandler, LiveRef, PlanContext, PlanOptions } from '../kinds/handler.js'
import { KIND_HANDLERS, type ActionPayload } from '../kinds/registry.js'
import { ownershipOf, TAG_MANAGED_BY } from '../ownership.js'
import { changeAction } from './change-action.js'
import { planDeletes } from './prune.js'
import { isChange, type Plan, type PlanAction } from './types.js'

export type { PlanOptions } from '../kinds/handler.js'

type Handler = KindHandler<ManifestResource, ActionPayload>

export function buildPlan(
  set: ManifestSet,
  graph: ManifestGraph,
  actual: ActualState,
  options: PlanOptions,
): Plan {
  const waves = manifestWaves(graph)
  if (!waves.ok) throw new Error('the dependency graph has a cycle; validate first')
  const waveOf = new Map<string, number>()
  waves.waves.forEach((ids, i) => ids.forEach((id) => waveOf.set(id, FIRST_WAVE + i)))
  const warnings: string[] = []
  const namespaceByRef = new Map<string, string>()
  for (const n of actual.Namespace) {
    namespaceByRef.set(n.arn, n.name)
    namespaceByRef.set(n.id, n.name)
  }
  const ctx: PlanContext = {
    set,
    graph,
    actual,
    options,
    namespaceName: (ref) => namespaceByRef.get(ref) ?? ref,
  }

  const actions: PlanAction[] = []
  for (const handler of KIND_HANDLERS) {
    for (const resource of handler.desired(set)) {
      const placed = {
        wave: waveOf.get(resource.id) ?? FIRST_WAVE,
        dependsOn: [...(graph.graph.dependencies.get(resource.id) ?? [])].sort(),
      }
      actions.push(planResource(handler, resource, placed, ctx, warnings))
    }
  }
  for (const handler of KIND_HANDLERS) handler.afterPlan?.(actions, ctx)
  holdDependentsOfUnknown(actions)

  const deletes = planDeletes(ctx, FIRST_WAVE + waves.waves.length)
  warnings.push(...deletes.warnings)
  const all = [...actions, ...deletes.actions].sort((a, b) => a.wave - b.wave || a.id.localeCompare(b.id))
  return {
    actions: all,
    waveCount: Math.max(waves.waves.length, ...all.map((a) => a.wave - FIRST_WAVE + 1)),
    warnings,
    prune: {
      requested: options.prune,
      candidates: deletes.candidates,
      blockedReason: deletes.blockedReason,
      blocked: deletes.blocked,
    },
  }
}

function planResource(
  handler: Handler,
  resource: ManifestResource,
  placed: { wave: number; dependsOn: string[] },
  ctx: PlanContext,
  warnings: string[],
): PlanAction {
  const compared = handler.compare(resource, ctx)
  const base = {
    id: resource.id,
    kind: handler.kind,
    name: resource.name,
    cluster: handler.clusterOf(resource),
    ...placed,
    live: compared.live,
    tags: compared.desiredTags,
    payload: compared.payload,
  }
  const finish = (action: PlanAction): PlanAction =>
    handler.refine ? handler.refine(action, resource, ctx) : action
  if (!compared.live) {
    const attributes = compared.attributes ? { attributes: compared.attributes } : {}
    return finish({
      ...base,
      ...attributes,
      action: 'create',
      reasons: [`${handler.label(resource.name, base.cluster)} does not exist`],
      diff: [],
      ignored: [],
    })
  }
  const blocked = ownershipBlock(compared.live, handler.label(resource.name, base.cluster), ctx.options)
  if (blocked) {
    warnings.push(blocked)
    return { ...base, action: 'noop', reasons: [blocked], diff: [], ignored: [] }
  }
  if (compared.readError !== undefined) {
    // Unknown, not in sync: nothing is planned for it in this pass, and the plan says why.
    return {
      ...base,
      action: 'unknown',
      reasons: [compared.readError],
      error: compared.readError,
      diff: [],
      ignored: [],
    }
  }
  const { diff, ignored } = splitIgnored(compared.diff, handler.driftIgnore?.(resource) ?? [])
  const adopting = ownershipOf(compared.live.tags, ctx.options.instance) === 'unmanaged'
  const replace = diff.length > 0 ? handler.replaceReason(diff, compared) : undefined
  return finish({ ...base, ...changeAction(diff, replace, adopting), diff, ignored })
}

/**
 * A change that depends on a resource whose state is unknown in this pass would be made on a guess:
 * it is held (the executor skips it) and the plan says so.
 */
function holdDependentsOfUnknown(actions: PlanAction[]): void {
  const unknown = new Map(actions.filter((a) => a.action === 'unknown').map((a) => [a.id, a]))
  if (unknown.size === 0) return
  for (const [i, a] of actions.entries()) {
    if (!isChange(a)) continue
    const blockers = a.dependsOn.flatMap((id) => unknown.get(id) ?? [])
    if (blockers.length === 0) continue
    const held = `held in this pass: depends on ${blockers.map((b) => `${b.kind} ${b.name}`).join(', ')}, whose state is unknown`
    actions[i] = { ...a, reasons: [...a.reasons, held] }
  }
}

/** Ownership fence (docs/reconciling.md): a live resource that is not ours is left alone, unless adopted. */
function ownershipBlock(live: LiveRef, label: string, options: PlanOptions): string | undefined {
  const owner = ownershipOf(live.tags, options.instance)
  if (owner === 'ours' || (owner === 'unmanaged' && options.adopt)) return undefined
  return owner === 'unmanaged'
    ? `${label} exists but is not managed by ecs-reconciler; left alone (use --adopt to take it over)`
    : `${label} is managed by another ecs-reconciler instance ("${live.tags[TAG_MANAGED_BY] ?? ''}"); left alone`
}

/** Drift fence: differences under a `drift.ignore` path are shown as ignored and never reverted. */
function splitIgnored(
  changes: readonly FieldChange[],
  ignore: readonly string[],
): { diff: FieldChange[]; ignored: FieldChange[] } {
  const ignored = changes.filter((c) => ignore.some((p) => pathWithin(c.path, p)))
  return { diff: changes.filter((c) => !ignored.includes(c)), ignored }
}
