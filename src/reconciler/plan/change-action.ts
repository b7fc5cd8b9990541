/** @module What an existing resource that differs (or not) from its manifest calls for, and why. Pure. */
import { pathWithin, type FieldChange } from '../diff/diff.js'
import type { ActionType } from './types.js'

export const ADOPT_REASON =
  'not managed by ecs-reconciler yet: taken over (--adopt) by adding the ownership tags'

/**
 * The action for a live, readable resource, from the differences that count (ignored ones removed):
 * none is a noop; a replace reason wins; taking over a resource whose settings already match only
 * adds the ownership tags (adopt); anything else updates it (and adopts it on the way, when not ours).
 */
export function changeAction(
  diff: readonly FieldChange[],
  replace: string | undefined,
  adopting: boolean,
): { action: ActionType; reasons: string[] } {
  if (diff.length === 0) return { action: 'noop', reasons: [] }
  if (replace) return { action: 'replace', reasons: [replace] }
  const settings = diff.filter((c) => !pathWithin(c.path, 'tags'))
  if (adopting && settings.length === 0) return { action: 'adopt', reasons: [ADOPT_REASON] }
  return { action: 'update', reasons: [...(adopting ? [ADOPT_REASON] : []), ...describeChanges(diff)] }
}

function describeChanges(diff: readonly FieldChange[]): string[] {
  return [...new Set(diff.map((c) => `${c.path.split('.')[0] ?? c.path} changed`))]
}
