/** What loading an environment folder gives: its documents and the environment they were loaded for. */
import type { ManifestIssue } from '../issues.js'
import type { ParsedDocument } from '../load/parse-yaml.js'
import type { FieldPath } from '../load/source-map.js'
import type { UnloadedDocument } from '../unloaded.js'
import type { EnvironmentSpec } from './environment-schema.js'
import type { ResolvedLookups } from './looked-up.js'

/** The environment a set was loaded for: what the CLI and the daemon take from it. */
export interface EnvironmentInfo {
  readonly name: string
  readonly instance: string
  readonly region?: string
  readonly spec: EnvironmentSpec
  /** The folder of the Environment document: relative paths in its spec start here. */
  readonly dir: string
  readonly position: { readonly file: string; readonly line: number; readonly col: number }
  /** Where a field of the Environment document is written (a variable, for its lookup's error). */
  readonly positionOf: (path: FieldPath) => EnvironmentInfo['position']
}

export interface EnvironmentLoad {
  readonly documents: ParsedDocument[]
  readonly issues: ManifestIssue[]
  readonly unloaded: UnloadedDocument[]
  /** Every file read: the environment folder's and its bases'. */
  readonly files: string[]
  readonly environment?: EnvironmentInfo
  /** What the references resolved to, and which could not be resolved. */
  readonly lookups?: ResolvedLookups
}
