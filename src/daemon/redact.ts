/** @module Keeps secret and environment values out of logs and /status: they may hold credentials. */
import type { FieldChange } from '../reconciler/diff/diff.js'

export const REDACTED = '(redacted)'
const SENSITIVE_SEGMENTS = new Set(['environment', 'secrets'])

/** Object keys whose values are masked wherever they appear in a logged object. */
export const LOG_REDACT_PATHS = [
  'token',
  '*.token',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'secretAccessKey',
  '*.secretAccessKey',
  'sessionToken',
  '*.sessionToken',
  'credentials',
  '*.credentials',
]

function maskNested(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskNested)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SENSITIVE_SEGMENTS.has(k) ? REDACTED : maskNested(v)]))
}

/** A diff entry safe to log: values under `environment` or `secrets` are masked, the path is kept. */
export function redactChange(change: FieldChange): FieldChange {
  const sensitive = change.path.split('.').some((segment) => SENSITIVE_SEGMENTS.has(segment))
  if (sensitive) return { ...change, from: change.from === undefined ? undefined : REDACTED, to: change.to === undefined ? undefined : REDACTED }
  return { ...change, from: maskNested(change.from), to: maskNested(change.to) }
}
