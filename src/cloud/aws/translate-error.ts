/** @module Turns SDK service exceptions into CloudError, classified by their fields (not class identity). */
import { AMBIGUOUS_WRITE, CloudError } from '../ports/index.js'

interface SdkErrorShape {
  name?: string
  message?: string
  $fault?: 'client' | 'server'
  $retryable?: { throttling?: boolean }
  $metadata?: { httpStatusCode?: number }
}

const THROTTLING = /Throttl|TooManyRequests|RequestLimitExceeded|Rate exceeded/i

export function translateError(err: unknown, operation: string): CloudError {
  if (err instanceof CloudError) return err
  const e = (typeof err === 'object' && err !== null ? err : {}) as SdkErrorShape
  const awsCode = e.name ?? 'UnknownError'
  const status = e.$metadata?.httpStatusCode
  // An ambiguous write is retryable by its caller, who looks for the result before writing again.
  const retryable =
    awsCode === AMBIGUOUS_WRITE ||
    Boolean(e.$retryable) ||
    THROTTLING.test(awsCode) ||
    e.$fault === 'server' ||
    (status !== undefined && status >= 500)
  return new CloudError({
    awsCode,
    message: e.message ?? String(err),
    retryable,
    ...(status !== undefined ? { httpStatus: status } : {}),
    operation,
    cause: err,
  })
}
