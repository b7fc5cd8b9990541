/** @module The per-file stage of validation: parse and schema-check one file, needing nothing from the others. */
import { checkDocuments } from './check-documents.js'
import type { ManifestIssue } from './issues.js'
import { parseManifestFile } from './load/parse-yaml.js'
import type { ManifestFile } from './load/read-files.js'
import type { ManifestResource } from './model.js'
import type { UnloadedDocument } from './unloaded.js'

export interface FileCheck {
  readonly resources: readonly ManifestResource[]
  readonly issues: readonly ManifestIssue[]
  readonly unloaded: readonly UnloadedDocument[]
}

export function checkFile(file: ManifestFile, defaultCluster: string): FileCheck {
  const parsed = parseManifestFile(file)
  const checked = checkDocuments(parsed.documents, defaultCluster)
  return {
    resources: checked.resources,
    issues: parsed.issues.concat(checked.issues),
    unloaded: parsed.unloaded.concat(checked.unloaded),
  }
}
