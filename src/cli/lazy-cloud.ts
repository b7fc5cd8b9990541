/**
 * @module The cloud a command opens on first use: loading the manifests opens it only when a
 * reference (`${ssm:…}`, `${cfn:…}`, an S3 state) must be read, and the command then reuses it.
 */
import type { LookupReader } from '../cloud/ports/index.js'
import { openCloud, type CloudOptions, type OpenedCloud } from './cloud-factory.js'
import type { CloudFlags } from './options.js'

export class LazyCloud {
  private opening: Promise<OpenedCloud> | undefined

  constructor(private readonly options: CloudOptions) {}

  open(): Promise<OpenedCloud> {
    this.opening ??= openCloud(this.options)
    return this.opening
  }

  /** For `loadManifests`: the lookup reads of this cloud, opening it if needed. */
  readonly lookups = (): Promise<LookupReader> => this.open().then((opened) => opened.cloud.lookups)

  async close(): Promise<void> {
    if (this.opening) await (await this.opening).close()
  }
}

/** The cloud options of a command's flags. */
export function cloudOptionsOf(flags: CloudFlags, readOnly: boolean): CloudOptions {
  return {
    local: flags.local ?? false,
    localState: flags.localState,
    consistencyLagMs: flags.consistencyLag,
    region: flags.region,
    profile: flags.profile,
    maxAttempts: flags.maxAttempts,
    readOnly,
  }
}
