/**
 * @module Merges one patch document onto its base, by the rules of merge-rules.ts: maps key by key,
 * named lists element by element (base order kept, the patch's new elements appended), every other
 * list and every scalar replaced by the patch's, `null` removes a field, and `{<key>: X, $patch:
 * delete}` removes one element of a named list. The `{name, value}` lists that manifests may also
 * write as maps (container environment and secrets) merge as maps, whichever spelling each side used. Pure: the inputs are never changed.
 */
import type { FieldPath } from '../load/source-map.js'
import { listKeyAt, mapSpellingAt, PATCH_DIRECTIVE, type MapSpellingRule } from './merge-rules.js'

/** Something in the patch that cannot be merged, at its path inside the patch document. */
export interface MergeProblem {
  readonly path: FieldPath
  readonly message: string
  readonly hint: string
}

export interface MergeResult {
  readonly value: unknown
  readonly problems: readonly MergeProblem[]
}

type Plain = Record<string, unknown>

export function isPlainMap(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The base with the patch merged onto it. */
export function mergePatch(base: unknown, patch: unknown): MergeResult {
  const problems: MergeProblem[] = []
  const value = mergeValue(base, patch, [], [], problems)
  return { value, problems }
}

/** `path` is the merged value's path (it selects the rule); `patchPath` the patch's (for messages). */
function mergeValue(
  base: unknown,
  patch: unknown,
  path: FieldPath,
  patchPath: FieldPath,
  problems: MergeProblem[],
): unknown {
  const spelling = mapSpellingAt(path)
  if (spelling) {
    base = asMap(base, spelling)
    patch = asMap(patch, spelling)
  }
  if (isPlainMap(patch)) {
    return mergeMap(isPlainMap(base) ? base : {}, patch, path, patchPath, problems)
  }
  if (Array.isArray(patch)) {
    const key = listKeyAt(path)
    if (key !== undefined && Array.isArray(base) && allNamed(base, key) && allNamed(patch, key)) {
      return mergeNamedList(base, patch, key, path, patchPath, problems)
    }
    return replacedList(patch, path, patchPath, problems)
  }
  return patch
}

function mergeMap(
  base: Plain,
  patch: Plain,
  path: FieldPath,
  patchPath: FieldPath,
  problems: MergeProblem[],
): Plain {
  const out: Plain = { ...base }
  for (const [key, value] of Object.entries(patch)) {
    if (key === PATCH_DIRECTIVE) {
      problems.push(misplacedDirective([...patchPath, key], value))
      continue
    }
    if (value === null) {
      delete out[key]
      continue
    }
    const merged = mergeValue(base[key], value, [...path, key], [...patchPath, key], problems)
    // A `__proto__` key is data, not the object's prototype.
    Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true })
  }
  return out
}

/**
 * The map spelling of a `{name, value}` list (`$patch: delete` becomes `null`, which removes the
 * name); anything else, such as a list with an element lacking its name, is returned as it is.
 */
export function asMap(value: unknown, rule: MapSpellingRule): unknown {
  if (!Array.isArray(value) || !allNamed(value, 'name')) return value
  if (!value.every((item: Plain) => isDelete(item) || rule.value in item)) return value
  const map: Plain = {}
  for (const item of value as Plain[]) {
    const entry = isDelete(item) ? null : item[rule.value]
    Object.defineProperty(map, item['name'] as string, {
      value: entry,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return map
}

function allNamed(list: readonly unknown[], key: string): boolean {
  return list.every((item) => isPlainMap(item) && typeof item[key] === 'string')
}

function mergeNamedList(
  base: readonly unknown[],
  patch: readonly unknown[],
  key: string,
  path: FieldPath,
  patchPath: FieldPath,
  problems: MergeProblem[],
): unknown[] {
  const patchByName = new Map<string, { item: Plain; index: number }>()
  patch.forEach((item, index) => {
    const directive = (item as Plain)[PATCH_DIRECTIVE]
    if (directive !== undefined && directive !== 'delete') {
      problems.push(misplacedDirective([...patchPath, index, PATCH_DIRECTIVE], directive))
    }
    patchByName.set((item as Plain)[key] as string, { item: item as Plain, index })
  })
  const out: unknown[] = []
  for (const element of base) {
    const name = (element as Plain)[key] as string
    const found = patchByName.get(name)
    patchByName.delete(name)
    if (!found) out.push(element)
    else if (!isDelete(found.item)) {
      const at = [...path, out.length]
      out.push(
        mergeMap(element as Plain, withoutDirective(found.item), at, [...patchPath, found.index], problems),
      )
    }
  }
  // Elements only the patch has come after the base's, in the patch's order.
  for (const { item, index } of patchByName.values()) {
    if (isDelete(item)) {
      problems.push({
        path: [...patchPath, index],
        message: `\`${PATCH_DIRECTIVE}: delete\` removes ${key} ${JSON.stringify(item[key])}, which the base does not have`,
        hint: `check the ${key}, or remove this element from the patch`,
      })
      continue
    }
    out.push(mergeMap({}, withoutDirective(item), [...path, out.length], [...patchPath, index], problems))
  }
  return out
}

/** A list the patch replaces whole: its maps are taken as written, less `null` fields. */
function replacedList(
  patch: readonly unknown[],
  path: FieldPath,
  patchPath: FieldPath,
  problems: MergeProblem[],
): unknown[] {
  return patch.map((item, i) => mergeValue(undefined, item, [...path, i], [...patchPath, i], problems))
}

function isDelete(item: Plain): boolean {
  return item[PATCH_DIRECTIVE] === 'delete'
}

function withoutDirective(item: Plain): Plain {
  if (!(PATCH_DIRECTIVE in item)) return item
  const { [PATCH_DIRECTIVE]: _directive, ...rest } = item
  return rest
}

function misplacedDirective(path: FieldPath, value: unknown): MergeProblem {
  return {
    path,
    message: `\`${PATCH_DIRECTIVE}: ${JSON.stringify(value)}\` is not allowed here`,
    hint: `only \`${PATCH_DIRECTIVE}: delete\` exists, on an element of a named list (containers, volumes, port mappings, scheduled actions by name; Service Connect services by portName); write \`null\` to remove a field`,
  }
}
