/** @module Builds account lookups from SDK reads: found, missing, or unreadable (a denied read said so). */
import { CloudError, type AccountLookup } from '../../ports/index.js'
import { translateError } from '../translate-error.js'

/** The AWS error code of a failed read: the shared middleware has already made SDK errors CloudErrors. */
export function awsCodeOf(err: unknown): string {
  if (err instanceof CloudError) return err.awsCode
  return (err as { name?: string } | undefined)?.name ?? ''
}

/** The codes AWS answers a caller without the permission with, across IAM, EC2, ELB and the JSON services. */
const DENIED = /AccessDenied|UnauthorizedOperation|Unauthorized|AuthorizationError|NotAuthorized/i

export function unreadable(err: unknown, operation: string): AccountLookup<never> {
  const error = translateError(err, operation)
  return { state: 'unreadable', denied: DENIED.test(error.awsCode), detail: `${operation}: ${error.awsCode}` }
}

export const found = <T>(value: T): AccountLookup<T> => ({ state: 'found', value })
export const MISSING: AccountLookup<never> = { state: 'missing' }

/** The same lookup for every key (a batch that failed as a whole). */
export function sameForAll<T>(
  keys: readonly string[],
  lookup: AccountLookup<T>,
): Map<string, AccountLookup<T>> {
  return new Map(keys.map((key) => [key, lookup]))
}

/** A lookup per key from what a batch found: the keys it did not return are missing. */
export function fromFound<T>(
  keys: readonly string[],
  foundByKey: ReadonlyMap<string, T>,
): Map<string, AccountLookup<T>> {
  return new Map(
    keys.map((key) => {
      const value = foundByKey.get(key)
      return [key, value === undefined ? MISSING : found(value)]
    }),
  )
}

/**
 * One read per key, side by side (the client middleware bounds the calls in flight). `read` returns
 * undefined for a resource AWS says is not there; `notFound` tells that error from a failed read.
 */
export async function readEach<T>(
  keys: readonly string[],
  operation: string,
  notFound: RegExp,
  read: (key: string) => Promise<T | undefined>,
): Promise<Map<string, AccountLookup<T>>> {
  const entries = await Promise.all(
    keys.map(async (key): Promise<[string, AccountLookup<T>]> => {
      try {
        const value = await read(key)
        return [key, value === undefined ? MISSING : found(value)]
      } catch (err) {
        return [key, notFound.test(awsCodeOf(err)) ? MISSING : unreadable(err, operation)]
      }
    }),
  )
  return new Map(entries)
}

/** A batched read over every key: what it found by key, or one unreadable lookup for all of them. */
export async function readBatch<T>(
  keys: readonly string[],
  operation: string,
  read: () => Promise<ReadonlyMap<string, T>>,
): Promise<Map<string, AccountLookup<T>>> {
  try {
    return fromFound(keys, await read())
  } catch (err) {
    return sameForAll(keys, unreadable(err, operation))
  }
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
