/** @module Brings a resource's tags to the desired set with the fewest tag/untag calls. */
import type { Tags } from '../../cloud/ports/index.js'

export interface TagDelta {
  readonly set: Tags
  readonly remove: string[]
}

export function tagDelta(live: Tags, desired: Tags, keep: (key: string) => boolean = () => false): TagDelta {
  const set = Object.fromEntries(Object.entries(desired).filter(([k, v]) => live[k] !== v))
  const remove = Object.keys(live).filter((k) => !(k in desired) && !keep(k) && !k.startsWith('aws:'))
  return { set, remove }
}
