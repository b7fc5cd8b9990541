/**
 * @module What the manifests may declare beyond the loaded set: documents that failed to parse or
 * to pass the schema. A reference to a name one of them declares is not "unknown", only unloadable,
 * and the error that matters is the one already reported on the broken document.
 */

import { KINDS, type Kind } from './schema/index.js'

/** A document (or a whole file) that did not become a resource. */
export interface UnloadedDocument {
  readonly file: string
  /** The kind it claims, when the broken document still shows one. */
  readonly kind?: string
  /** Its `metadata.name`, when the broken document still shows one. */
  readonly name?: string
}

export interface UnloadedNames {
  /** Is a resource of this kind and name possibly declared by a document that failed to load? */
  mayDeclare(kind: Kind, name: string): boolean
  /** Files holding a broken document whose name could not be recovered: it could be anything. */
  readonly anonymousFiles: readonly string[]
}

const KNOWN_KINDS: ReadonlySet<string> = new Set(KINDS)

export function unloadedNames(documents: readonly UnloadedDocument[]): UnloadedNames {
  const named = new Set<string>()
  const anonymous = new Set<string>()
  for (const doc of documents) {
    if (doc.name === undefined) anonymous.add(doc.file)
    // A misspelt kind could be meant as any kind, so its name counts for all of them.
    else {
      named.add(
        doc.kind !== undefined && KNOWN_KINDS.has(doc.kind) ? `${doc.kind}/${doc.name}` : `*/${doc.name}`,
      )
    }
  }
  return {
    mayDeclare: (kind, name) => named.has(`${kind}/${name}`) || named.has(`*/${name}`),
    anonymousFiles: [...anonymous].sort(),
  }
}

export const NOTHING_UNLOADED: UnloadedNames = unloadedNames([])
