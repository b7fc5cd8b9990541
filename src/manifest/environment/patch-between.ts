/**
 * @module The inverse of merge.ts: the smallest patch that turns a base document into a target
 * (what `import --out` writes into an environment folder). Maps give the keys that differ and
 * `null` for keys the target lacks; named lists give the elements that differ, new elements, and
 * `{<key>: X, $patch: delete}` for removed ones; every other value that differs is written whole.
 * A named list whose order a merge cannot give is written whole, so that the caller's check (merge,
 * then compare) finds it. Pure.
 */
import { isDeepStrictEqual } from 'node:util'
import type { FieldPath } from '../load/source-map.js'
import { asMap, isPlainMap } from './merge.js'
import { listKeyAt, mapSpellingAt, PATCH_DIRECTIVE } from './merge-rules.js'

/** Paths (`*` for any list index) whose base value a patch never removes: the target cannot know them. */
export interface PatchOptions {
  readonly keep: readonly (readonly string[])[]
}

/** Marks "no difference" (undefined is a value a map may hold). */
const SAME = Symbol('same')
type Diff = unknown

type Plain = Record<string, unknown>

/** The patch from `base` to `target`, or undefined when they are equal. */
export function patchBetween(base: unknown, target: unknown, options: PatchOptions): unknown {
  const diff = diffValue(base, target, [], options)
  return diff === SAME ? undefined : diff
}

function diffValue(base: unknown, target: unknown, path: FieldPath, options: PatchOptions): Diff {
  const spelling = mapSpellingAt(path)
  const b = spelling ? asMap(base, spelling) : base
  const t = spelling ? asMap(target, spelling) : target
  if (isDeepStrictEqual(b, t)) return SAME
  if (isPlainMap(b) && isPlainMap(t)) return diffMap(b, t, path, options)
  const key = listKeyAt(path)
  if (key !== undefined && Array.isArray(b) && Array.isArray(t) && named(b, key) && named(t, key)) {
    return diffNamedList(b, t, key, path, options)
  }
  return t
}

function diffMap(base: Plain, target: Plain, path: FieldPath, options: PatchOptions): Diff {
  const out: Plain = {}
  for (const [field, value] of Object.entries(target)) {
    const diff = field in base ? diffValue(base[field], value, [...path, field], options) : value
    if (diff !== SAME) define(out, field, diff)
  }
  for (const field of Object.keys(base)) {
    if (!(field in target) && !kept([...path, field], options)) define(out, field, null)
  }
  return Object.keys(out).length === 0 ? SAME : out
}

function diffNamedList(
  base: readonly Plain[],
  target: readonly Plain[],
  key: string,
  path: FieldPath,
  options: PatchOptions,
): Diff {
  const baseByName = new Map(base.map((item) => [item[key] as string, item]))
  const targetNames = new Set(target.map((item) => item[key] as string))
  // A merge keeps the base's order and appends new elements: another order cannot be patched.
  const mergedOrder = [
    ...base.map((item) => item[key] as string).filter((name) => targetNames.has(name)),
    ...[...targetNames].filter((name) => !baseByName.has(name)),
  ]
  if (!isDeepStrictEqual(mergedOrder, [...targetNames])) return target
  const out: Plain[] = []
  target.forEach((item, index) => {
    const name = item[key] as string
    const before = baseByName.get(name)
    if (!before) {
      out.push(item)
      return
    }
    const diff = diffMap(before, item, [...path, index], options)
    if (diff !== SAME) out.push({ [key]: name, ...(diff as Plain) })
  })
  for (const item of base) {
    const name = item[key] as string
    if (!targetNames.has(name)) out.push({ [key]: name, [PATCH_DIRECTIVE]: 'delete' })
  }
  return out.length === 0 ? SAME : out
}

function named(list: readonly unknown[], key: string): list is Plain[] {
  return list.every((item) => isPlainMap(item) && typeof item[key] === 'string')
}

/** At or under one of the kept paths. */
function kept(path: FieldPath, options: PatchOptions): boolean {
  return options.keep.some(
    (pattern) =>
      pattern.length <= path.length &&
      pattern.every((segment, i) => (segment === '*' ? typeof path[i] === 'number' : segment === path[i])),
  )
}

/** A `__proto__` key is data, not the object's prototype. */
function define(map: Plain, key: string, value: unknown): void {
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true })
}
