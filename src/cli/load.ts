/** @module Loads manifests for commands that need a valid set, printing problems when there are any. */
import type { LookupReader } from '../cloud/ports/index.js'
import { loadManifests, type ValidationResult } from '../manifest/validate.js'
import { pathsOrDefault } from './options.js'
import { colourEnabled } from './render/colour.js'
import { renderIssuesText, summariseIssues } from './render/issues.js'

export interface LoadOptions {
  /**
   * `plan`: a set that is valid but for paths that could not be read is still planned (as
   * incomplete: nothing pruned, exit 1), so the plan shows what it can and says why it prunes nothing.
   */
  readonly allowUnreadable?: boolean
  /** Opens the reads of `${ssm:…}`, `${cfn:…}` and an S3 Terraform state (see LazyCloud). */
  readonly lookups?: () => Promise<LookupReader>
}

/** A file found but not read; a path that does not exist at all (`file/not-found`) is a wrong argument instead. */
const UNREADABLE_RULES = new Set(['file/unreadable', 'file/invalid-utf8', 'file/binary', 'file/too-large'])

/** Returns the result when valid (or only incomplete, when allowed); otherwise prints every problem to stderr and returns undefined. */
export async function loadValidManifests(
  paths: readonly string[],
  defaultCluster: string,
  options: LoadOptions = {},
): Promise<ValidationResult | undefined> {
  const result = await loadManifests(pathsOrDefault(paths), {
    defaultCluster,
    ...(options.lookups ? { lookups: options.lookups } : {}),
  })
  const errors = result.issues.filter((i) => i.severity === 'error')
  const onlyUnreadable = errors.length > 0 && errors.every((i) => UNREADABLE_RULES.has(i.ruleId))
  if (!result.ok) {
    process.stderr.write(
      `${renderIssuesText(result.issues, colourEnabled(process.stderr))}\n${summariseIssues(result.issues, result.files.length)}\n`,
    )
    return options.allowUnreadable && onlyUnreadable ? result : undefined
  }
  const warnings = result.issues.filter((i) => i.severity === 'warning')
  if (warnings.length > 0) {
    process.stderr.write(`${renderIssuesText(warnings, colourEnabled(process.stderr))}\n`)
  }
  return result
}
