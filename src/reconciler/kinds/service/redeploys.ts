/** @module Service Connect client redeploys: planned after a backend's endpoints change, marked as owed first. */
import type { CloudWriters } from '../../../cloud/ports/index.js'
import type { ManifestGraph } from '../../../manifest/dependencies.js'
import type { ManifestSet } from '../../../manifest/model.js'
import { errorMessage } from '../../../shared/errors.js'
import { pathWithin } from '../../diff/diff.js'
import { TAG_REDEPLOY_PENDING } from '../../ownership.js'
import type { PlanAction } from '../../plan/types.js'
import type { ServicePayload } from './payload.js'

const isService = (a: PlanAction): a is PlanAction & { payload: ServicePayload } => a.kind === 'Service'

/**
 * Tasks only resolve Service Connect endpoints that existed when they started (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html): when a
 * client-server service is created or its endpoints change, the clients depending on it get a new deployment.
 */
export function markRedeploys(actions: PlanAction[], set: ManifestSet, graph: ManifestGraph): void {
  const changedBackends = actions.filter(
    (a) =>
      isService(a) &&
      a.payload.clientServer &&
      (a.action === 'create' ||
        a.action === 'replace' ||
        a.diff.some((c) => pathWithin(c.path, 'serviceConnect'))),
  )
  if (changedBackends.length === 0) return
  const clientsWithServiceConnect = new Set(
    set.byKind.Service.filter((s) => s.spec.serviceConnect).map((s) => s.id),
  )
  holdBackendsOfUnknownClients(actions, changedBackends, clientsWithServiceConnect, graph)
  // The backends still changing once the held ones are back to noop.
  const changedIds = new Set(changedBackends.map((b) => b.id))
  const changedById = new Map(
    actions.filter((a) => changedIds.has(a.id) && a.action !== 'noop').map((a) => [a.id, a]),
  )
  for (const [i, action] of actions.entries()) {
    if (!isService(action) || action.payload.clientServer || !clientsWithServiceConnect.has(action.id)) {
      continue
    }
    // A client's own dependencies, looked up among the changed backends: linear in the edges.
    const triggers = [...(graph.graph.dependencies.get(action.id) ?? [])]
      .flatMap((id) => changedById.get(id) ?? [])
      .sort((a, b) => a.id.localeCompare(b.id))
    if (triggers.length === 0) continue
    const reason = `Service Connect endpoints changed (${triggers.map((t) => t.name).join(', ')}): new tasks are needed to reach them`
    const marked = {
      forceNewDeployment: true,
      redeployFor: triggers.map((t) => t.name),
      redeployForIds: triggers.map((t) => t.id),
    }
    // A noop with reasons is one left alone (not ours): never redeploy it.
    if (action.action === 'noop' && action.reasons.length === 0) {
      actions[i] = {
        ...action,
        action: 'redeploy',
        reasons: [reason],
        payload: { ...action.payload, ...marked },
      }
    } else if (action.action === 'update' || action.action === 'redeploy') {
      actions[i] = {
        ...action,
        reasons: [...action.reasons, reason],
        payload: { ...action.payload, ...marked },
      }
    }
  }
}

/**
 * A client whose state is unknown in this pass (a read failed) is not touched, so the redeploy a
 * backend change would owe it could be neither run nor marked: such backends wait for a later pass.
 */
function holdBackendsOfUnknownClients(
  actions: PlanAction[],
  backends: readonly PlanAction[],
  clients: ReadonlySet<string>,
  graph: ManifestGraph,
): void {
  const unknown = actions.filter((a) => isService(a) && clients.has(a.id) && a.action === 'unknown')
  for (const client of unknown) {
    const deps = graph.graph.dependencies.get(client.id) ?? new Set<string>()
    for (const backend of backends.filter((b) => deps.has(b.id))) {
      const i = actions.findIndex((a) => a.id === backend.id)
      const current = actions[i]
      if (!current || current.action === 'noop') continue
      const reason = `held: client ${client.name} is unknown in this pass, so the redeploy this change owes it could not be marked`
      actions[i] = { ...current, action: 'noop', reasons: [reason], diff: [], ignored: [] }
    }
  }
}

/**
 * Before any backend's endpoints change, each client that must redeploy for it is tagged, so that a
 * run that stops before the redeploy (interrupted, failed, skipped) leaves the need in live state.
 * A client that cannot be tagged holds its backends back: they fail in this pass (and are retried),
 * since changing them would owe a redeploy nothing remembers (docs/reconciling.md).
 */
export async function markRedeploysOwed(
  work: readonly PlanAction[],
  writers: CloudWriters,
): Promise<ReadonlyMap<string, string>> {
  const held = new Map<string, string>()
  await Promise.all(
    work.filter(isService).map(async (a) => {
      const p = a.payload
      if (!p.live || !p.redeployFor?.length || p.live.tags[TAG_REDEPLOY_PENDING] !== undefined) return
      try {
        await writers.ecs.tagResource(p.live.arn, { [TAG_REDEPLOY_PENDING]: redeployTagValue(p.redeployFor) })
      } catch (err) {
        const reason = `the redeploy owed by client ${a.name} could not be marked (${errorMessage(err)}): not changed in this pass`
        for (const id of p.redeployForIds ?? []) held.set(id, reason)
      }
    }),
  )
  return held
}

/** Tag values allow letters, digits, spaces and `+ - = . _ : / @`, up to 256 characters. */
function redeployTagValue(backends: readonly string[]): string {
  return backends
    .join(' ')
    .replace(/[^\p{L}\p{N} +\-=._:/@]/gu, '_')
    .slice(0, 256)
}
