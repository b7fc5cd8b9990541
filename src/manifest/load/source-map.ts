/** @module Maps a field path inside a YAML document back to its file:line:col. */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml'
import type { SourcePosition } from '../../shared/errors.js'

export type FieldPath = readonly (string | number)[]

export interface DocumentSource {
  readonly file: string
  /** Index of the document in its file (0-based), for messages about multi-document files. */
  readonly index: number
  /** Position of the value at `path`, or of the key when `key` is set; falls back to the nearest ancestor. */
  positionOf(path: FieldPath, options?: { key?: boolean }): SourcePosition
}

export function createDocumentSource(
  file: string,
  index: number,
  doc: Document.Parsed,
  lines: LineCounter,
): DocumentSource {
  const toPosition = (offset: number): SourcePosition => {
    const { line, col } = lines.linePos(offset)
    return { file, line, col }
  }
  const start = doc.contents?.range[0] ?? doc.range[0]
  return {
    file,
    index,
    positionOf(path, options = {}) {
      let node: unknown = doc.contents
      let best = start
      for (const [i, segment] of path.entries()) {
        const last = i === path.length - 1
        if (isMap(node)) {
          const pair = pairsByKey(node).get(String(segment))
          if (!pair) break
          const keyNode = pair.key as Node
          // A block map or list as the value starts on the next line: point at its key instead.
          const blockValue = (isMap(pair.value) || isSeq(pair.value)) && !pair.value.flow
          if (last && (options.key || blockValue)) return toPosition(keyNode.range?.[0] ?? best)
          best = (pair.value as Node | null)?.range?.[0] ?? keyNode.range?.[0] ?? best
          node = pair.value
        } else if (isSeq(node) && typeof segment === 'number') {
          const item = node.items[segment] as Node | undefined
          if (!item) break
          best = item.range?.[0] ?? best
          node = item
        } else {
          break
        }
      }
      return toPosition(best)
    },
  }
}

/** Each map's pairs by key, built on first use: a lookup per issue stays constant-time in a map of 80,000 keys. */
const KEY_INDEX = new WeakMap<YAMLMap, Map<string, Pair>>()

function pairsByKey(node: YAMLMap): Map<string, Pair> {
  let index = KEY_INDEX.get(node)
  if (!index) {
    index = new Map()
    for (const p of node.items) {
      // The first pair of a key wins, as the linear search it replaces found it.
      if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p)
    }
    KEY_INDEX.set(node, index)
  }
  return index
}
