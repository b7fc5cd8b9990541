/**
 * @module References inside string values: `${var.NAME}`, `${env:NAME}`, `${ssm:…}`, `${cfn:…}` and
 * `${tfstate:…}`. Only these five prefixes open a reference, so a shell `${PORT}` stays literal, and
 * `$${` before one of them writes it literally. A string that is exactly one reference takes the
 * looked-up value's type (a list stays a list); inside a longer string the value is interpolated.
 * Pure: the lookups are a function given by the caller.
 */
import type { FieldPath } from '../load/source-map.js'
import { isPlainMap } from './merge.js'

export const REFERENCE_PREFIXES = ['var.', 'env:', 'ssm:', 'cfn:', 'tfstate:'] as const
export type ReferencePrefix = (typeof REFERENCE_PREFIXES)[number]

export interface Reference {
  readonly prefix: ReferencePrefix
  /** What follows the prefix: a variable name, a parameter name, `output.x`, … */
  readonly name: string
  /** As written, for messages: `${tfstate:output.x}`. */
  readonly text: string
}

export type Lookup =
  | { readonly value: unknown; readonly sensitive?: boolean; readonly source?: string }
  | { readonly error: string; readonly hint: string }
  /** Not looked up in this load (`validate` without `--lookups` reads nothing from AWS): the text stays. */
  | { readonly deferred: true }

export interface ReferenceProblem {
  readonly path: FieldPath
  readonly reference: string
  readonly message: string
  readonly hint: string
}

/** A value that came from a reference, for the plan to say where it came from. */
export interface ResolvedReference {
  readonly path: FieldPath
  readonly reference: string
  readonly value: unknown
  readonly sensitive: boolean
  /** The reference was the whole string, so the field holds the looked-up value itself, typed. */
  readonly whole: boolean
  /** Where the value came from, when not the reference itself (a variable's own lookups). */
  readonly source?: string
}

/** A reference left as written because its lookup was deferred. */
export interface DeferredReference {
  readonly path: FieldPath
  readonly reference: string
}

export interface ResolveResult {
  readonly value: unknown
  readonly problems: ReferenceProblem[]
  readonly resolved: ResolvedReference[]
  readonly deferred: DeferredReference[]
}

const PATTERN = /(\$?)\$\{(var\.|env:|ssm:|cfn:|tfstate:)([^}]*)\}/g

/** Replaces every reference in the strings of `value`, walking maps and lists. */
export function resolveReferences(value: unknown, lookup: (ref: Reference) => Lookup): ResolveResult {
  const result: ResolveResult = { value: undefined, problems: [], resolved: [], deferred: [] }
  return { ...result, value: walk(value, [], lookup, result) }
}

function walk(
  value: unknown,
  path: FieldPath,
  lookup: (ref: Reference) => Lookup,
  out: ResolveResult,
): unknown {
  if (typeof value === 'string') return resolveString(value, path, lookup, out)
  if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, i], lookup, out))
  if (!isPlainMap(value)) return value
  const copy: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(copy, key, {
      value: walk(item, [...path, key], lookup, out),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return copy
}

function resolveString(
  text: string,
  path: FieldPath,
  lookup: (ref: Reference) => Lookup,
  out: ResolveResult,
): unknown {
  if (!text.includes('${')) return text
  const matches = [...text.matchAll(PATTERN)]
  const only = matches[0]
  if (matches.length === 1 && only && only[1] === '' && only[0] === text) {
    const found = lookUp(only, path, lookup, out, true)
    return found === undefined ? text : found
  }
  return text.replace(PATTERN, (...m: unknown[]) => {
    const match = m as unknown as RegExpMatchArray
    if (match[1] === '$') return match[0].slice(1)
    const found = lookUp(match, path, lookup, out, false)
    if (found === undefined) return match[0]
    return interpolated(found)
  })
}

function lookUp(
  match: RegExpMatchArray,
  path: FieldPath,
  lookup: (ref: Reference) => Lookup,
  out: ResolveResult,
  whole: boolean,
): unknown {
  const ref: Reference = { prefix: match[2] as ReferencePrefix, name: match[3] ?? '', text: match[0] }
  const found = lookup(ref)
  if ('error' in found) {
    out.problems.push({ path, reference: ref.text, message: found.error, hint: found.hint })
    return undefined
  }
  if ('deferred' in found) {
    out.deferred.push({ path, reference: ref.text })
    return undefined
  }
  out.resolved.push({
    path,
    reference: ref.text,
    value: found.value,
    sensitive: found.sensitive ?? false,
    whole,
    ...(found.source === undefined ? {} : { source: found.source }),
  })
  return found.value
}

/** Every reference in the strings of `value` (an escaped `$${…}` is none), in order, repeats included. */
export function collectReferences(value: unknown): Reference[] {
  const found: Reference[] = []
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      if (!node.includes('${')) return
      for (const m of node.matchAll(PATTERN)) {
        if (m[1] === '') found.push({ prefix: m[2] as ReferencePrefix, name: m[3] ?? '', text: m[0] })
      }
    } else if (Array.isArray(node)) node.forEach(visit)
    else if (isPlainMap(node)) Object.values(node).forEach(visit)
  }
  visit(value)
  return found
}

/** A value inside a longer string: a list as its items joined by commas (as an SSM StringList), a map as JSON. */
function interpolated(value: unknown): string {
  if (Array.isArray(value)) return value.map(interpolated).join(',')
  if (typeof value === 'object' && value !== null) return JSON.stringify(value)
  return String(value)
}
