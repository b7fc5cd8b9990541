/**
 * @module The source map of a merged document: a field the patch wrote points at the patch's
 * file:line, every other field at the base's, so a problem in a merged document is reported
 * where the value that causes it was written.
 */
import type { DocumentSource, FieldPath } from '../load/source-map.js'
import { isPlainMap } from './merge.js'
import { listKeyAt } from './merge-rules.js'

export interface MergedParts {
  readonly base: { readonly value: unknown; readonly source: DocumentSource }
  readonly patch: { readonly value: unknown; readonly source: DocumentSource }
  readonly merged: unknown
}

export function mergedSource(parts: MergedParts): DocumentSource {
  const { base, patch, merged } = parts
  return {
    file: patch.source.file,
    index: patch.source.index,
    positionOf(path, options) {
      const inPatch = translatePath(path, merged, patch.value)
      if (inPatch.complete) return patch.source.positionOf(inPatch.path, options)
      const inBase = translatePath(path, merged, base.value)
      if (inBase.complete || inBase.path.length >= inPatch.path.length) {
        return base.source.positionOf(inBase.path, options)
      }
      return patch.source.positionOf(inPatch.path, options)
    },
  }
}

/**
 * The path in `target` (the base or the patch) of the value at `path` in the merged document: the
 * same keys, and in a named list the index of the element with the same name. `complete` is false
 * when `target` does not hold the whole path; `path` is then the part it holds.
 */
export function translatePath(
  path: FieldPath,
  merged: unknown,
  target: unknown,
): { path: FieldPath; complete: boolean } {
  const out: (string | number)[] = []
  let m = merged
  let t = target
  for (const [i, segment] of path.entries()) {
    let next: string | number | undefined
    if (typeof segment === 'number' && Array.isArray(t) && Array.isArray(m)) {
      next = indexIn(t, m[segment], listKeyAt(path.slice(0, i)), segment)
      m = m[segment]
    } else if (typeof segment === 'string' && isPlainMap(t) && Object.hasOwn(t, segment)) {
      next = segment
      m = isPlainMap(m) ? m[segment] : undefined
    }
    if (next === undefined) return { path: out, complete: false }
    t = (t as Record<string | number, unknown>)[next]
    out.push(next)
  }
  return { path: out, complete: true }
}

function indexIn(
  list: readonly unknown[],
  element: unknown,
  key: string | undefined,
  index: number,
): number | undefined {
  if (key !== undefined && isPlainMap(element) && typeof element[key] === 'string') {
    const found = list.findIndex((item) => isPlainMap(item) && item[key] === element[key])
    return found === -1 ? undefined : found
  }
  return index < list.length ? index : undefined
}
