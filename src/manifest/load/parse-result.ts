/** @module What parsing a manifest file gives, whichever way it was read (parse-yaml.ts, parse-fast.ts). */
import type { ManifestIssue } from '../issues.js'
import type { UnloadedDocument } from '../unloaded.js'
import type { DocumentSource } from './source-map.js'

export interface ParsedDocument {
  readonly value: unknown
  readonly source: DocumentSource
}

export interface ParseResult {
  readonly documents: ParsedDocument[]
  readonly issues: ManifestIssue[]
  /** Documents that could not be read, with whatever kind and name the partial parse still shows. */
  readonly unloaded: UnloadedDocument[]
}
