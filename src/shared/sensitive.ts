/**
 * @module Masks container `environment` and `secrets` values in plan diffs, for every output (plan
 * text/json/markdown, apply, daemon logs): the key and whether it was added, changed or removed
 * stay visible, the value never does.
 */

export const SENSITIVE = '(sensitive)'

const SENSITIVE_MAPS = new Set(['environment', 'secrets'])

/** A diff entry as the renderers and logs see it. */
export interface ChangeLike {
  readonly path: string
  readonly from: unknown
  readonly to: unknown
}

export type MaskedChange<C extends ChangeLike> = C & { readonly sensitive?: true }

/**
 * True for paths at or under a container's environment or secrets map, as the normaliser shapes
 * them: `taskDefinition.containers.<container>.environment[.<KEY>]` (and `secrets`). Tags named
 * `environment` elsewhere are not sensitive.
 */
export function isSensitivePath(segments: readonly string[]): boolean {
  for (let i = 0; i + 2 < segments.length; i++) {
    if (segments[i] === 'containers' && SENSITIVE_MAPS.has(segments[i + 2] ?? '')) return true
  }
  return false
}

function maskAt(value: unknown, segments: readonly string[]): unknown {
  if (value === undefined || value === null) return value
  if (Array.isArray(value)) return value.map((item) => maskAt(item, segments))
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, maskAt(v, [...segments, key])]))
  }
  return isSensitivePath(segments) ? SENSITIVE : value
}

function touchesSensitive(value: unknown, segments: readonly string[]): boolean {
  if (isSensitivePath(segments)) return value !== undefined
  if (typeof value !== 'object' || value === null) return false
  return Object.entries(value).some(([key, v]) => touchesSensitive(v, [...segments, key]))
}

/**
 * The change with every sensitive value replaced by `(sensitive)`, whether the change is one key
 * (`…environment.API_KEY`), a whole map added or removed (`…environment`), or a whole container or
 * task definition holding such maps. An unset side stays unset, so added/removed/changed still shows;
 * `sensitive: true` marks an entry that had something masked.
 */
export function maskSensitiveChange<C extends ChangeLike>(change: C): MaskedChange<C> {
  const segments = change.path.split('.')
  if (!touchesSensitive(change.from, segments) && !touchesSensitive(change.to, segments)) return change
  return { ...change, from: maskAt(change.from, segments), to: maskAt(change.to, segments), sensitive: true }
}
