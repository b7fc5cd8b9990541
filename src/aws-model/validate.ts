/**
 * @module Checks a JSON value against a shape of an AWS service model: required members, types, enums,
 * lengths and sizes, numeric ranges and patterns — the constraints AWS's model declares (Smithy traits
 * `required`, `enum`, `length`, `range`, `pattern`; https://smithy.io/2.0/spec/constraint-traits.html).
 * Pure: it returns every violation with the path to it, and the caller decides what to answer.
 */
import type { ServiceModel, Shape } from './types.js'

export type Constraint = 'required' | 'type' | 'enum' | 'length' | 'range' | 'pattern' | 'union' | 'unknown'

export interface ModelViolation {
  /** Path from the input's root: `containerDefinitions[0].name`; empty for the root itself. */
  readonly path: string
  readonly constraint: Constraint
  /** The offending value (undefined for a missing member). */
  readonly value: unknown
  /** What the model allows, for people: "Member must not be null", "one of [A, B]", … */
  readonly expected: string
}

export interface ValidateOptions {
  /** Members the shape does not declare: ignored by default, as AWS's JSON protocols do. */
  readonly unknownMembers?: 'ignore' | 'report'
}

export function validateOperationInput(
  model: ServiceModel,
  operation: string,
  input: unknown,
  options: ValidateOptions = {},
): ModelViolation[] {
  const op = model.operations[operation]
  if (!op?.input) return []
  return validateShape(model, op.input, input ?? {}, options)
}

export function validateShape(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  options: ValidateOptions = {},
): ModelViolation[] {
  const out: ModelViolation[] = []
  visit(model, shapeName, value, '', out, options)
  return out
}

function visit(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  path: string,
  out: ModelViolation[],
  options: ValidateOptions,
): void {
  const shape = model.shapes[shapeName]
  if (!shape || shape.document || value === null || value === undefined) return
  if (!hasType(shape, value)) {
    out.push({ path, constraint: 'type', value, expected: `a ${shape.type}` })
    return
  }
  switch (shape.type) {
    case 'structure':
      visitStructure(model, shape, value as Record<string, unknown>, path, out, options)
      return
    case 'list':
      checkSize(shape, (value as unknown[]).length, value, path, out)
      ;(value as unknown[]).forEach((item, i) =>
        visit(model, shape.member!, item, `${path}[${i}]`, out, options),
      )
      return
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>)
      checkSize(shape, entries.length, value, path, out)
      for (const [k, v] of entries) {
        if (shape.key) visit(model, shape.key, k, `${path}{key ${k}}`, out, options)
        visit(model, shape.value!, v, `${path}[${JSON.stringify(k)}]`, out, options)
      }
      return
    }
    case 'string':
      checkString(shape, value as string, path, out)
      return
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      checkRange(shape, value as number, path, out)
      return
    default:
      return
  }
}

function visitStructure(
  model: ServiceModel,
  shape: Shape,
  value: Record<string, unknown>,
  path: string,
  out: ModelViolation[],
  options: ValidateOptions,
): void {
  const members = shape.members ?? {}
  for (const name of shape.required ?? []) {
    if (value[name] === undefined || value[name] === null) {
      out.push({
        path: join(path, name),
        constraint: 'required',
        value: undefined,
        expected: 'Member must not be null',
      })
    }
  }
  const present = Object.keys(value).filter((k) => value[k] !== undefined && value[k] !== null)
  if (shape.union && present.length !== 1) {
    out.push({ path, constraint: 'union', value, expected: 'exactly one member set' })
  }
  for (const name of present) {
    const member = members[name]
    if (member) visit(model, member.shape, value[name], join(path, name), out, options)
    else if (options.unknownMembers === 'report') {
      out.push({
        path: join(path, name),
        constraint: 'unknown',
        value: value[name],
        expected: 'a member of the shape',
      })
    }
  }
}

function hasType(shape: Shape, value: unknown): boolean {
  switch (shape.type) {
    case 'structure':
    case 'map':
      return typeof value === 'object' && !Array.isArray(value)
    case 'list':
      return Array.isArray(value)
    case 'string':
    case 'blob':
      return typeof value === 'string'
    case 'integer':
    case 'long':
      return typeof value === 'number' && Number.isInteger(value)
    case 'double':
    case 'float':
      return typeof value === 'number'
    case 'boolean':
      return typeof value === 'boolean'
    case 'timestamp':
      return typeof value === 'number' || typeof value === 'string' || value instanceof Date
  }
}

function checkSize(shape: Shape, size: number, value: unknown, path: string, out: ModelViolation[]): void {
  if ((shape.min !== undefined && size < shape.min) || (shape.max !== undefined && size > shape.max)) {
    out.push({ path, constraint: 'length', value, expected: bounds('length', shape) })
  }
}

function checkString(shape: Shape, value: string, path: string, out: ModelViolation[]): void {
  if (shape.enum && !shape.enum.includes(value)) {
    out.push({
      path,
      constraint: 'enum',
      value,
      expected: `Member must satisfy enum value set: [${shape.enum.join(', ')}]`,
    })
    return
  }
  // Smithy counts a string's length in Unicode code points.
  const length = [...value].length
  if ((shape.min !== undefined && length < shape.min) || (shape.max !== undefined && length > shape.max)) {
    out.push({ path, constraint: 'length', value, expected: bounds('length', shape) })
    return
  }
  const pattern = shape.pattern === undefined ? undefined : compilePattern(shape.pattern)
  if (pattern && !pattern.test(value)) {
    out.push({
      path,
      constraint: 'pattern',
      value,
      expected: `Member must satisfy regular expression pattern: ${shape.pattern}`,
    })
  }
}

function checkRange(shape: Shape, value: number, path: string, out: ModelViolation[]): void {
  if ((shape.min !== undefined && value < shape.min) || (shape.max !== undefined && value > shape.max)) {
    out.push({ path, constraint: 'range', value, expected: bounds('value', shape) })
  }
}

function bounds(what: 'length' | 'value', shape: Shape): string {
  const parts = [
    shape.min !== undefined ? `greater than or equal to ${shape.min}` : undefined,
    shape.max !== undefined ? `less than or equal to ${shape.max}` : undefined,
  ].filter(Boolean)
  return `Member must have ${what} ${parts.join(' and ')}`
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name
}

const compiled = new Map<string, RegExp | null>()

/**
 * The models' patterns are written for Java's regex engine and checked against the whole value: ECS's tag
 * key pattern `([\p{L}\p{Z}\p{N}_.:/=+\-@]*)` only expresses the documented rule "letters, numbers,
 * spaces and + - = . _ : / @" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-using-tags.html)
 * when it must match the whole key — found anywhere, it would match every string. So each pattern is
 * anchored at both ends. The few Java-only classes are translated to their ECMAScript equivalents; a
 * pattern that still does not compile is skipped (never a false refusal).
 */
export function compilePattern(pattern: string): RegExp | null {
  const cached = compiled.get(pattern)
  if (cached !== undefined) return cached
  // Java's \p{Print} is the POSIX class of printable ASCII characters (space through tilde).
  const translated = `^(?:${pattern.replaceAll('\\p{Print}', '[\\x20-\\x7E]')})$`
  let regex: RegExp | null = null
  for (const flags of ['u', '']) {
    try {
      regex = new RegExp(translated, flags)
      break
    } catch {
      regex = null
    }
  }
  compiled.set(pattern, regex)
  return regex
}
