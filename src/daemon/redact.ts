/** @module Keeps secret and environment values, tokens and passwords out of logs and /status: they may hold credentials. */
import type { FieldChange } from '../reconciler/diff/diff.js'
import { maskSensitiveChange } from '../shared/sensitive.js'

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

/** A diff entry safe to log: the one masking every output uses (src/shared/sensitive.ts). */
export function redactChange(change: FieldChange): FieldChange {
  return maskSensitiveChange(change)
}
