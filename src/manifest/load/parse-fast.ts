/**
 * @module The fast way through a manifest file: most files are plain YAML that js-yaml reads about ten
 * times faster than the `yaml` library, which keeps a node tree for positions. A file goes this way only
 * when nothing in it can read differently in the two (anchors, aliases, tags, merge keys, complex or
 * null keys, the few number forms they resolve differently, tabs) and it stays within the loader's
 * limits; anything else, and any file js-yaml refuses, takes the full parser, which gives the errors
 * and their positions. Positions of a fast document are computed only when asked for (an issue to
 * report), by reading the file the full way once.
 */
import jsyaml from 'js-yaml'
import { MAX_DEPTH } from './limits.js'
import type { ParsedDocument, ParseResult } from './parse-result.js'
import type { ManifestFile } from './read-files.js'
import type { DocumentSource } from './source-map.js'

/** Bigger files take the full parser, which yields to the event loop between pieces of text. */
export const FAST_MAX_CHARS = 256 * 1024

/** What sends a file the full way: each may read differently in js-yaml, or needs the full parser's checks. */
const UNSURE: readonly RegExp[] = [
  // Anchors, aliases and tags (alias limits and the alias rules are the full parser's).
  /(^|[\s,[{])[&*!][^\s,\]}]/m,
  /<</,
  /__proto__/,
  // Explicit (`? `) and flow (`[`, `{`) keys at the start of a line, and empty or null keys.
  /^[ \t-]*[?[{]/m,
  /^[ \t-]*(~|null|Null|NULL)?[ \t]*:(\s|$)/m,
  // Number forms js-yaml resolves and the YAML 1.2 core schema does not, or the other way round.
  /(^|[\s:[{,])[-+]?0[bB][01_]+(\s|$|[,\]}])/m,
  /(^|[\s:[{,])[-+]0[xXoO]/m,
  /(^|[\s:[{,])[-+]\.\d/m,
  /\t/,
]

export interface FastLimits {
  readonly maxDocuments: number
  readonly maxKeys: number
}

/**
 * The file's documents read the fast way, or undefined when it must take the full parser. `full`
 * reads the same file the full way; it is called at most once, for the first position asked for.
 */
export function parseFast(
  file: ManifestFile,
  limits: FastLimits,
  full: () => ParseResult,
): ParseResult | undefined {
  if (file.text.length > FAST_MAX_CHARS || UNSURE.some((pattern) => pattern.test(file.text))) return undefined
  let values: unknown[]
  try {
    values = jsyaml.loadAll(file.text, undefined, { schema: jsyaml.CORE_SCHEMA, json: false })
  } catch {
    return undefined
  }
  if (values.length > limits.maxDocuments) return undefined
  const counted = { keys: 0 }
  if (!values.every((value) => withinLimits(value, 0, counted, limits.maxKeys))) return undefined
  let fullResult: ParseResult | undefined
  const fullSources = (): readonly ParsedDocument[] => (fullResult ??= full()).documents
  const documents: ParsedDocument[] = []
  values.forEach((value, index) => {
    // A document holding only comments (or `~`) is not a manifest, as on the full way.
    if (value === null || value === undefined) return
    const loaded = documents.length
    documents.push({ value, source: lazySource(file.file, index, () => fullSources()[loaded]?.source) })
  })
  return { documents, issues: [], unloaded: [] }
}

/** Nesting under the full parser's limit, and the file's keys under its limit (the full way reports either). */
function withinLimits(value: unknown, depth: number, counted: { keys: number }, maxKeys: number): boolean {
  if (typeof value !== 'object' || value === null) return true
  if (depth >= MAX_DEPTH - 1) return false
  if (Array.isArray(value)) return value.every((item) => withinLimits(item, depth + 1, counted, maxKeys))
  for (const key in value) {
    if (++counted.keys > maxKeys) return false
    if (!withinLimits((value as Record<string, unknown>)[key], depth + 1, counted, maxKeys)) return false
  }
  return true
}

function lazySource(
  file: string,
  index: number,
  fullSource: () => DocumentSource | undefined,
): DocumentSource {
  return {
    file,
    index,
    positionOf(path, options) {
      // The full way read the same documents; if it somehow did not, the file's start is still right.
      return fullSource()?.positionOf(path, options) ?? { file, line: 1, col: 1 }
    },
  }
}
