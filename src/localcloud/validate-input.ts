/** @module Small input checks shared by handlers; each service passes its own error factory. */

type ErrorFactory = (message: string) => Error

export function requireString(input: Record<string, unknown>, field: string, error: ErrorFactory): string {
  const value = input[field]
  if (typeof value !== 'string' || value.length === 0) {
    throw error(`${field} is required and must be a non-empty string.`)
  }
  return value
}

export function optionalString(
  input: Record<string, unknown>,
  field: string,
  error: ErrorFactory,
): string | undefined {
  const value = input[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw error(`${field} must be a string.`)
  return value
}

export function optionalInt(
  input: Record<string, unknown>,
  field: string,
  error: ErrorFactory,
  min = Number.MIN_SAFE_INTEGER,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const value = input[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw error(`${field} must be an integer between ${min} and ${max}.`)
  }
  return value
}

/** A page of `items` after `token` (an index), and the next token. */
export function paginate<T>(
  items: readonly T[],
  maxResults: number,
  token: string | undefined,
  error: ErrorFactory,
): { page: T[]; next: string | undefined } {
  const start = token === undefined ? 0 : Number.parseInt(token, 10)
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw error('The nextToken is invalid.')
  const page = items.slice(start, start + maxResults)
  const end = start + page.length
  return { page, next: end < items.length ? String(end) : undefined }
}

export function tagsFromList(list: unknown, keyField: string, valueField: string): Record<string, string> {
  if (!Array.isArray(list)) return {}
  return Object.fromEntries(
    list
      .filter((t): t is Record<string, unknown> => typeof t === 'object' && t !== null)
      .map((t) => [text(t[keyField]), text(t[valueField])]),
  )
}

/** A scalar from parsed JSON as text; objects and lists become '' rather than "[object Object]". */
export function text(value: unknown): string {
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : ''
}

/** A list of strings, at most `max` long; undefined when absent. */
export function optionalStringList(
  input: Record<string, unknown>,
  field: string,
  error: ErrorFactory,
  max = Number.MAX_SAFE_INTEGER,
): string[] | undefined {
  const value = input[field]
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw error(`${field} must be a list of strings.`)
  }
  if (value.length > max) throw error(`${field} can have at most ${max} items.`)
  return value as string[]
}

/** Epoch seconds, as the awsJson protocols send timestamps. */
export const epochSeconds = (ms: number): number => ms / 1000

/** One page of `items` as a request asks for it: its page-size field (1…max, else the default) and its token field. */
export function pageOf<T>(
  items: readonly T[],
  input: Record<string, unknown>,
  fields: { readonly size: string; readonly token: string },
  limits: { readonly max: number; readonly default: number },
  error: ErrorFactory,
): { page: T[]; next: string | undefined } {
  const size = optionalInt(input, fields.size, error, 1, limits.max) ?? limits.default
  return paginate(items, size, optionalString(input, fields.token, error), error)
}

/** Orders records by a text key (names, ARNs). */
export const byText =
  <T>(key: (item: T) => string) =>
  (a: T, b: T): number =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0
