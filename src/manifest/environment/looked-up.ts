/**
 * @module What a load looked up, for the plan ("value (from ssm:/path)"), a saved plan (which keeps
 * each source's value so `apply FILE` can refuse a changed one) and the daemon (which names a
 * reference that failed).
 */

/** One use of a reference in a manifest, with the value it took and where that value came from. */
export interface LookedUpValue {
  /** As written: `${ssm:/shop/image-tag}`, `${var.subnets}`. */
  readonly reference: string
  /** The lookups behind it: `ssm:/shop/image-tag`; a variable's own sources, or `var.NAME` when literal. */
  readonly source: string
  readonly value: unknown
  /** A sensitive Terraform output (or a variable made of one): printed as `(sensitive)`. */
  readonly sensitive: boolean
  readonly file: string
  readonly line: number
  /** The field, `spec.containers[0].image`. */
  readonly field: string
}

/** The value of one lookup source as this load read it (`env:TAG`, `ssm:/a`, `cfn:net.Subnets`, `tfstate:output.x`). */
export interface SourceValue {
  readonly source: string
  readonly value: unknown
  readonly sensitive: boolean
}

/** A reference that could not be resolved. */
export interface FailedReference {
  readonly reference: string
  readonly file: string
  readonly line: number
}

export interface ResolvedLookups {
  readonly uses: readonly LookedUpValue[]
  readonly sources: readonly SourceValue[]
  readonly failed: readonly FailedReference[]
}

/** Prints a looked-up value: `(sensitive)` for a secret, else JSON for non-strings. */
export function shownValue(value: unknown, sensitive: boolean): string {
  if (sensitive) return '(sensitive)'
  return typeof value === 'string' ? value : JSON.stringify(value)
}
