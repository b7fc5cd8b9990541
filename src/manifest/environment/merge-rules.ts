/**
 * @module The merge rules of an environment patch, as one table: which lists hold named items and
 * merge element by element (by the key named here); every other list is replaced whole. Maps merge
 * key by key and `null` removes a field everywhere, so only lists need a rule.
 */
import type { FieldPath } from '../load/source-map.js'

/** `*` stands for any list index. Paths start below the document (`spec`, …), for any kind. */
export interface ListMergeRule {
  readonly path: readonly string[]
  /** The field that names an element: elements with the same value are one element. */
  readonly key: string
}

export const LIST_MERGE_RULES: readonly ListMergeRule[] = [
  { path: ['spec', 'taskDefinition', 'containers'], key: 'name' },
  { path: ['spec', 'taskDefinition', 'volumes'], key: 'name' },
  { path: ['spec', 'taskDefinition', 'containers', '*', 'portMappings'], key: 'name' },
  { path: ['spec', 'autoscaling', 'scheduled'], key: 'name' },
  { path: ['spec', 'serviceConnect', 'services'], key: 'portName' },
]

/** The key of the named list at `path`, or undefined for a list that is replaced whole. */
export function listKeyAt(path: FieldPath): string | undefined {
  return LIST_MERGE_RULES.find((rule) => matches(rule.path, path))?.key
}

function matches(pattern: readonly string[], path: FieldPath): boolean {
  if (pattern.length !== path.length) return false
  return pattern.every((segment, i) => (segment === '*' ? typeof path[i] === 'number' : segment === path[i]))
}

/**
 * Members ECS takes as a list of `{name, <value>}` that manifests may also write as a map of name to
 * value: both spellings merge as the map, so a patch may use either whatever the base wrote.
 */
export interface MapSpellingRule {
  readonly path: readonly string[]
  /** The list element's field that holds the value (the name is always `name`). */
  readonly value: string
}

export const MAP_SPELLING_RULES: readonly MapSpellingRule[] = [
  { path: ['spec', 'taskDefinition', 'containers', '*', 'environment'], value: 'value' },
  { path: ['spec', 'taskDefinition', 'containers', '*', 'secrets'], value: 'valueFrom' },
]

/** The rule of a member with a map spelling at `path`, if any. */
export function mapSpellingAt(path: FieldPath): MapSpellingRule | undefined {
  return MAP_SPELLING_RULES.find((rule) => matches(rule.path, path))
}

/** The directive that removes one element of a named list: `{name: X, $patch: delete}`. */
export const PATCH_DIRECTIVE = '$patch'
