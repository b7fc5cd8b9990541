/** @module What a semantic rule is, and helpers to report an issue at a field of a resource. */
import type { ManifestGraph } from '../dependencies.js'
import type { ManifestIssue, Severity } from '../issues.js'
import type { FieldPath } from '../load/source-map.js'
import type { ManifestResource, ManifestSet } from '../model.js'
import type { UnloadedNames } from '../unloaded.js'

export interface RuleContext {
  readonly set: ManifestSet
  readonly graph: ManifestGraph
  /** What documents that failed to load may have declared: references to it are not unknown. */
  readonly unloaded: UnloadedNames
}

export interface Rule {
  /** Stable id users can search for, e.g. `sc/port-name`. */
  readonly id: string
  readonly description: string
  check(context: RuleContext): ManifestIssue[]
}

/** An issue located at `path` inside `resource`'s document (the key itself when `key` is set). */
export function issueAt(
  resource: ManifestResource,
  path: FieldPath,
  ruleId: string,
  severity: Severity,
  message: string,
  hint: string,
  options: { key?: boolean } = {},
): ManifestIssue {
  return { ruleId, severity, message, hint, position: resource.source.positionOf(path, options), path }
}

export function label(resource: ManifestResource): string {
  return `${resource.kind} "${resource.name}"`
}
