/** @module Manifest documents as YAML text, with comments, through the `yaml` Document API. Pure. */
import { Document, isScalar, visit } from 'yaml'
import { API_VERSION, type Kind } from '../manifest/schema/index.js'

export interface ImportedDocument {
  readonly kind: Kind
  readonly name: string
  readonly spec: Record<string, unknown>
  /** Lines written above the document (what was left out and why). */
  readonly notes: readonly string[]
  /** Comments set after a value, by its path under `spec` (the chaos placeholder schedule). */
  readonly valueComments?: ReadonlyArray<{ readonly path: readonly string[]; readonly comment: string }>
}

const commentLines = (lines: readonly string[]): string => lines.map((l) => ` ${l}`).join('\n')

export function documentText(document: ImportedDocument): string {
  const doc = new Document({
    apiVersion: API_VERSION,
    kind: document.kind,
    metadata: { name: document.name },
    spec: document.spec,
  })
  if (document.notes.length > 0) doc.commentBefore = commentLines(document.notes)
  for (const { path, comment } of document.valueComments ?? []) {
    const node = doc.getIn(['spec', ...path], true)
    if (isScalar(node)) node.comment = ` ${comment}`
  }
  // Short lists of plain values read best on one line, as people write them: `subnets: [a, b]`.
  visit(doc, {
    Seq(_key, seq) {
      const values = seq.items.map((item) => (isScalar(item) ? String(item.value) : undefined))
      if (values.every((v) => v !== undefined) && values.join(', ').length <= FLOW_WIDTH) seq.flow = true
    },
  })
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false })
}

const FLOW_WIDTH = 72

/** Several documents in one file, `---` between them. */
export function fileText(header: readonly string[], documents: readonly ImportedDocument[]): string {
  const head = header.length > 0 ? `${header.map((l) => `# ${l}`).join('\n')}\n` : ''
  return head + documents.map(documentText).join('---\n')
}
