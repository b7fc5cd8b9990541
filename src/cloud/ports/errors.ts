/** @module Errors from AWS, translated at the border: code, retryable, status, operation. */
import { ReconcilerError } from '../../shared/errors.js'

export class CloudError extends ReconcilerError {
  readonly awsCode: string
  readonly retryable: boolean
  readonly httpStatus: number | undefined
  readonly operation: string

  constructor(input: {
    awsCode: string
    message: string
    retryable: boolean
    httpStatus?: number
    operation: string
    cause?: unknown
  }) {
    super('CLOUD_ERROR', `${input.operation}: ${input.awsCode}: ${input.message}`, { cause: input.cause })
    this.name = 'CloudError'
    this.awsCode = input.awsCode
    this.retryable = input.retryable
    this.httpStatus = input.httpStatus
    this.operation = input.operation
  }
}

/**
 * The code of a non-idempotent write that failed in a way that leaves its outcome unknown (a lost
 * response, a timeout, a 5xx): the SDK did not retry it; the caller looks for the result first.
 */
export const AMBIGUOUS_WRITE = 'AmbiguousWriteFailure'

export function isAmbiguousWrite(err: unknown): boolean {
  return err instanceof CloudError && err.awsCode === AMBIGUOUS_WRITE
}

/** Terminal errors are not retried in a loop: bad input or missing permission won't fix itself. */
export function isTerminalCloudError(err: unknown): boolean {
  if (!(err instanceof CloudError)) return false
  return /AccessDenied|Unauthorized|InvalidParameter|ClientException|ValidationException|InvalidInput|ReadOnly/.test(
    err.awsCode,
  )
}
