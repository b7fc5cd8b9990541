/**
 * @module Which clusters are frozen now: `Cluster.spec.freezeWindows`, shared by deployments and
 * chaos (Argo CD's sync windows are the model). Inside one, the daemon plans and reports but changes
 * nothing in that cluster, and `apply` refuses without `--ignore-freeze`. A window that cannot be
 * evaluated freezes (fail closed), as the chaos guardrails do.
 */
import type { ManifestSet } from '../manifest/model.js'
import { activeWindow, describeWindow, WindowError } from './windows.js'

/** A cluster inside a freeze window now: which window, until when, and the sentence that says so. */
export interface ClusterFreeze {
  readonly cluster: string
  /** The window as written, or undefined when it could not be evaluated (that freezes too). */
  readonly window: string | undefined
  /** ISO time the window ends; undefined when it could not be evaluated. */
  readonly until: string | undefined
  readonly reason: string
}

/** Every cluster of the set frozen at `now`, in manifest order. */
export function clusterFreezes(set: ManifestSet, now: number): ClusterFreeze[] {
  const freezes: ClusterFreeze[] = []
  for (const cluster of set.byKind.Cluster) {
    const windows = cluster.spec.freezeWindows ?? []
    if (windows.length === 0) continue
    const name = cluster.metadata.name
    try {
      const active = activeWindow(windows, now)
      if (!active) continue
      const window = describeWindow(active.window)
      const until = new Date(active.end).toISOString()
      freezes.push({ cluster: name, window, until, reason: `freeze window ${window}, until ${until}` })
    } catch (err) {
      if (!(err instanceof WindowError)) throw err
      const reason = `${err.message} (a window that cannot be evaluated freezes)`
      freezes.push({ cluster: name, window: undefined, until: undefined, reason })
    }
  }
  return freezes
}

/** Frozen cluster name → why (the window and until when). */
export function frozenClusters(set: ManifestSet, now: number): Map<string, string> {
  return new Map(clusterFreezes(set, now).map((f) => [f.cluster, f.reason]))
}

/**
 * The frozen cluster an action would change, if any: the action's cluster, which its kind's handler
 * gives (`clusterOf`: a cluster's own name for a Cluster action).
 */
export function frozenClusterOf(
  frozen: ReadonlyMap<string, string>,
  action: { readonly cluster: string | undefined },
): string | undefined {
  const { cluster } = action
  return cluster !== undefined && frozen.has(cluster) ? cluster : undefined
}
