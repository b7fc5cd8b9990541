/**
 * @module Adds a field computed on first read and kept. A manifest position costs a full YAML parse
 * of its file (load/parse-fast.ts), so a check that passes should not pay for the position it would
 * only print if it failed.
 */
export function withLazyField<T extends object, K extends string, V>(
  target: T,
  key: K,
  compute: () => V,
): T & { readonly [P in K]: V } {
  let value: V | undefined
  let known = false
  return Object.defineProperty(target, key, {
    enumerable: true,
    get: () => {
      if (!known) {
        value = compute()
        known = true
      }
      return value as V
    },
  }) as T & { readonly [P in K]: V }
}
