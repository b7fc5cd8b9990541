/**
 * @module Which clusters are frozen now: `Cluster.spec.freezeWindows`, shared by deployments and
 * chaos (Argo CD's sync windows are the model). Inside one, the daemon plans and reports but changes
 * nothing in that cluster, and `apply` refuses without `--ignore-freeze`. A window that cannot be
 * evaluated freezes (fail closed), as the chaos guardrails do.
 */
import type { ManifestSet } from '../manifest/model.js'
import { activeWindow, describeWindow, WindowError } from './windows.js'

/** Frozen cluster name → why (the window and until when). */
export function frozenClusters(set: ManifestSet, now: number): Map<string, string> {
  const frozen = new Map<string, string>()
  for (const cluster of set.clusters) {
    const windows = cluster.spec.freezeWindows ?? []
    if (windows.length === 0) continue
    try {
      const active = activeWindow(windows, now)
      if (active) {
        frozen.set(
          cluster.metadata.name,
          `freeze window ${describeWindow(active.window)}, until ${new Date(active.end).toISOString()}`,
        )
      }
    } catch (err) {
      if (!(err instanceof WindowError)) throw err
      frozen.set(cluster.metadata.name, `${err.message} (a window that cannot be evaluated freezes)`)
    }
  }
  return frozen
}

/** The frozen cluster an action on (kind, name, cluster) would change, if any. */
export function frozenClusterOf(
  frozen: ReadonlyMap<string, string>,
  action: { readonly kind: string; readonly name: string; readonly cluster: string | undefined },
): string | undefined {
  const cluster = action.kind === 'Cluster' ? action.name : action.cluster
  return cluster !== undefined && frozen.has(cluster) ? cluster : undefined
}
