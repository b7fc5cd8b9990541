/** @module The per-file stage of validation: parse and schema-check one file, needing nothing from the others. */
import { checkDocumentSteps } from './check-documents.js'
import type { ManifestIssue } from './issues.js'
import { parseManifestSteps } from './load/parse-yaml.js'
import type { ManifestFile } from './load/read-files.js'
import { runSteps, type Steps } from './load/steps.js'
import type { ManifestResource } from './model.js'
import type { UnloadedDocument } from './unloaded.js'

export interface FileCheck {
  readonly resources: readonly ManifestResource[]
  readonly issues: readonly ManifestIssue[]
  readonly unloaded: readonly UnloadedDocument[]
}

export function checkFile(file: ManifestFile, defaultCluster: string): FileCheck {
  return runSteps(checkFileSteps(file, defaultCluster))
}

/** The same, yielding between pieces of the file and its documents (see load/steps.ts). */
export function* checkFileSteps(file: ManifestFile, defaultCluster: string): Steps<FileCheck> {
  const parsed = yield* parseManifestSteps(file)
  const checked = yield* checkDocumentSteps(parsed.documents, defaultCluster)
  return {
    resources: checked.resources,
    issues: parsed.issues.concat(checked.issues),
    unloaded: parsed.unloaded.concat(checked.unloaded),
  }
}
