/** @module Turns one account lookup into a verdict: found is judged further, missing fails, a denied read is skipped. */
import type { AccountLookup } from '../cloud/ports/index.js'
import type { Verdict } from './types.js'

export function judgeLookup<T>(
  lookup: AccountLookup<T> | undefined,
  missing: Verdict,
  found: (value: T) => Verdict,
): Verdict {
  if (lookup === undefined) return { status: 'skipped', reason: 'not read' }
  switch (lookup.state) {
    case 'found':
      return found(lookup.value)
    case 'missing':
      return missing
    case 'unreadable':
      // A read we may not make says nothing about the resource: never "missing", never blocking.
      return lookup.denied
        ? { status: 'skipped', reason: `access denied (${lookup.detail})` }
        : { status: 'skipped', reason: `could not be read (${lookup.detail})` }
  }
}

/** One lookup for several candidate keys of one resource: found if any is, else unreadable if any is. */
export function anyLookup<T>(
  lookups: readonly (AccountLookup<T> | undefined)[],
): AccountLookup<T> | undefined {
  return (
    lookups.find((l) => l?.state === 'found') ??
    lookups.find((l) => l?.state === 'unreadable') ??
    lookups.find((l) => l?.state === 'missing')
  )
}

export const passed = (reason: string): Verdict => ({ status: 'passed', reason })
export const failed = (reason: string, hint: string): Verdict => ({ status: 'failed', reason, hint })
export const skipped = (reason: string): Verdict => ({ status: 'skipped', reason })
