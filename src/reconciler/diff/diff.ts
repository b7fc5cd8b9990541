/** @module Field-level diff of two normalised values: a list of {path, from, to}. Pure. */

export interface FieldChange {
  readonly path: string
  readonly from: unknown
  readonly to: unknown
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Compares `live` (from) with `desired` (to). Objects are compared key by key; arrays as whole values
 * (normalisers turn order-insensitive lists into maps first, so what remains as an array is ordered).
 */
export function diffValues(live: unknown, desired: unknown, path = ''): FieldChange[] {
  if (isPlainObject(live) && isPlainObject(desired)) {
    const keys = [...new Set([...Object.keys(live), ...Object.keys(desired)])].sort()
    return keys.flatMap((key) => diffValues(live[key], desired[key], path ? `${path}.${key}` : key))
  }
  if (stableJson(live) === stableJson(desired)) return []
  return [{ path: path || '(root)', from: live, to: desired }]
}

/** JSON with sorted keys, so equal values compare equal whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'undefined'
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => value[k] !== undefined)
        .map((k) => [k, sortKeys(value[k])]),
    )
  }
  return value
}

/** Removes the values at the given dotted paths (drift.ignore) from a copy of `value`. */
export function omitPaths<T>(value: T, paths: readonly string[]): T {
  if (paths.length === 0) return value
  const copy = structuredClone(value) as unknown
  for (const path of paths) {
    const segments = path.split('.')
    let node: unknown = copy
    for (const [i, segment] of segments.entries()) {
      if (!isPlainObject(node)) break
      if (i === segments.length - 1) delete node[segment]
      else node = node[segment]
    }
  }
  return copy as T
}

/** True when `path` is `prefix` or lies under it. */
export function pathWithin(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`)
}
