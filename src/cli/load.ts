/** @module Loads manifests for commands that need a valid set, printing problems when there are any. */
import { loadManifests, type ValidationResult } from '../manifest/validate.js'
import { pathsOrDefault } from './options.js'
import { colourEnabled } from './render/colour.js'
import { renderIssuesText, summariseIssues } from './render/issues.js'

/** Returns the result when valid; otherwise prints every problem to stderr and returns undefined. */
export async function loadValidManifests(
  paths: readonly string[],
  defaultCluster: string,
): Promise<ValidationResult | undefined> {
  const result = await loadManifests(pathsOrDefault(paths), { defaultCluster })
  const warnings = result.issues.filter((i) => i.severity === 'warning')
  if (!result.ok) {
    process.stderr.write(
      `${renderIssuesText(result.issues, colourEnabled(process.stderr))}\n${summariseIssues(result.issues, result.files.length)}\n`,
    )
    return undefined
  }
  if (warnings.length > 0) {
    process.stderr.write(`${renderIssuesText(warnings, colourEnabled(process.stderr))}\n`)
  }
  return result
}
