/** @module The one error model: a stable code, a message for people, an optional fix hint and position. */

export type ErrorCode =
  | 'INVALID_INPUT'
  | 'MANIFEST_INVALID'
  | 'CLOUD_ERROR'
  | 'READ_ONLY_VIOLATION'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INTERNAL'

export interface SourcePosition {
  readonly file: string
  readonly line: number
  readonly col: number
}

export class ReconcilerError extends Error {
  readonly code: ErrorCode
  readonly hint: string | undefined
  readonly position: SourcePosition | undefined

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; hint?: string; position?: SourcePosition } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ReconcilerError'
    this.code = code
    this.hint = options.hint
    this.position = options.position
  }
}

export function formatPosition(p: SourcePosition): string {
  return `${p.file}:${p.line}:${p.col}`
}

/** Message of anything thrown, without a stack. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message
  return String(err)
}
