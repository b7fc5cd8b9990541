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

/**
 * What sends a file the full way: each may read differently in js-yaml, or needs the full parser's
 * checks. The patterns run on the text with a line break put in front, so that "at the start of the
 * text or of a line" is a plain character class: a `^` in multiline mode is tried at every position.
 */
const UNSURE: readonly RegExp[] = [
  // Anchors, aliases and tags (alias limits and the alias rules are the full parser's).
  /[\s,[{][&*!][^\s,\]}]/,
  /<</,
  /__proto__/,
  // Explicit (`? `) and flow (`[`, `{`) keys at the start of a line (after any line break YAML and a
  // multiline `^` know). Empty and null keys (`: x`, `~: x`, `null: x`) are found after parsing
  // instead (NULL_KEYS): a pattern for them costs more than the parse of a small file.
  /[\n\r\u2028\u2029][ \t-]*[?[{]/,
  // Number forms js-yaml resolves and the YAML 1.2 core schema does not, or the other way round.
  /[\s:[{,][-+]?0[bB][01_]+(?:\s|$|[,\]}])/,
  /[\s:[{,][-+]0[xXoO]/,
  /[\s:[{,][-+]\.\d/,
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
  if (file.text.length > FAST_MAX_CHARS) return undefined
  const scanned = `\n${file.text}`
  if (UNSURE.some((pattern) => pattern.test(scanned))) return undefined
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

/**
 * The keys js-yaml gives an empty or null key (`: x`, `~: x`, `null: x`, `Null: x`): it turns the null
 * into the string `null`. Such a file takes the full way, which reads them as the YAML 1.2 core schema
 * does. A quoted `"null"` key lands here too, and is only read more slowly.
 */
const NULL_KEYS: ReadonlySet<string> = new Set(['null', ''])

/**
 * Nesting under the full parser's limit, the file's keys under its limit (the full way reports
 * either), and no key that may have been a null one.
 */
function withinLimits(value: unknown, depth: number, counted: { keys: number }, maxKeys: number): boolean {
  if (typeof value !== 'object' || value === null) return true
  if (depth >= MAX_DEPTH - 1) return false
  if (Array.isArray(value)) return value.every((item) => withinLimits(item, depth + 1, counted, maxKeys))
  for (const key in value) {
    if (++counted.keys > maxKeys || NULL_KEYS.has(key)) return false
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
