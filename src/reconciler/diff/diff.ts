/** @module Field-level diff of two normalised values: a list of {path, from, to}. Pure. */

export interface FieldChange {
  readonly path: string
  readonly from: unknown
  readonly to: unknown
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Whether JSON writes the value at all (it leaves out undefined, functions and symbols). */
const hasJsonForm = (value: unknown): boolean =>
  value !== undefined && typeof value !== 'function' && typeof value !== 'symbol'

/**
 * Compares `live` (from) with `desired` (to). Objects are compared key by key; arrays as whole values
 * (normalisers turn order-insensitive lists into maps first, so what remains as an array is ordered).
 */
export function diffValues(live: unknown, desired: unknown, path = ''): FieldChange[] {
  if (isPlainObject(live) && isPlainObject(desired)) {
    const keys = [...new Set([...Object.keys(live), ...Object.keys(desired)])].sort()
    return keys.flatMap((key) => diffValues(live[key], desired[key], path ? `${path}.${key}` : key))
  }
  if (jsonEqual(live, desired)) return []
  return [{ path: path || '(root)', from: live, to: desired }]
}

/** JSON with sorted keys, so equal values compare equal whatever their key order. */
export function stableJson(value: unknown): string {
  return writeSorted(value) ?? 'undefined'
}

/**
 * What `JSON.stringify` writes for `value` with every object's keys sorted, written directly rather
 * than through sorted copies (a daemon pass compares thousands of values). Like JSON, an object
 * member whose value has no JSON form is left out and an array element without one is `null`.
 */
function writeSorted(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    const parts = value.map((item) => (hasJsonForm(item) ? writeSorted(item) : 'null'))
    return `[${parts.join(',')}]`
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>
    const parts: string[] = []
    for (const key of Object.keys(record).sort()) {
      if (hasJsonForm(record[key])) parts.push(`${JSON.stringify(key)}:${writeSorted(record[key])}`)
    }
    return `{${parts.join(',')}}`
  }
  return JSON.stringify(value)
}

/** Whether `stableJson(a) === stableJson(b)`, found without writing either out. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((item, i) => elementEqual(item, b[i]))
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    return membersEqual(a as Record<string, unknown>, b as Record<string, unknown>)
  }
  return (writeSorted(a) ?? 'undefined') === (writeSorted(b) ?? 'undefined')
}

/** Array elements: one without a JSON form is written `null`. */
function elementEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  return jsonEqual(hasJsonForm(a) ? a : null, hasJsonForm(b) ? b : null)
}

/** Object members: one without a JSON form counts as absent. */
function membersEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keysA = Object.keys(a).filter((key) => hasJsonForm(a[key]))
  const keysB = Object.keys(b).filter((key) => hasJsonForm(b[key]))
  if (keysA.length !== keysB.length) return false
  return keysA.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]))
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
