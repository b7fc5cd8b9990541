/** @module Where the daemon's manifests come from: a watched directory or a polled Git remote. */

/** What one pass loads: the manifest paths and, for Git, the commit they come from. */
export interface SourceSnapshot {
  readonly paths: readonly string[]
  /** Commit SHA (Git sources); undefined for a plain directory. */
  readonly revision: string | undefined
  /** Folder that file names in problems are shown relative to (Git: the checkout, so `deploy/x.yaml:3:1`). */
  readonly root?: string
}

export interface ManifestSource {
  /** For logs and status, e.g. `directory ./manifests` or `git https://host/repo.git#main:deploy`. */
  readonly description: string
  /**
   * Prepares the source (Git: first clone) and starts watching or polling. `onChange` is called
   * whenever the manifests may have changed; the daemon coalesces calls, so extra calls are harmless.
   * `onError` reports a failed poll (the source keeps polling).
   */
  start(onChange: (reason: string) => void, onError: (err: unknown) => void): Promise<void>
  /** The current snapshot to load. Cheap; called at the start of every pass. */
  snapshot(): SourceSnapshot
  /** Stops watching or polling; idempotent. */
  close(): Promise<void>
}
