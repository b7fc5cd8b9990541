/** @module Drops undefined properties, so parsed input (where optional means `T | undefined`) fits exact optional types. */

export type Compact<T> = T extends readonly (infer U)[]
  ? Compact<U>[]
  : T extends object
    ? { [K in keyof T]: Compact<Exclude<T[K], undefined>> }
    : T

export function compact<T>(value: T): Compact<T> {
  if (Array.isArray(value)) return value.map((v: unknown) => compact(v)) as Compact<T>
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, compact(v)]),
    ) as Compact<T>
  }
  return value as Compact<T>
}
