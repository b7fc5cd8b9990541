/** @module Renders apply results: progress lines per wave, a summary, and the JSON of docs/cli.md. */
import type { ActionResult, ExecutionEvent, FailureCauses } from '../../reconciler/execute/types.js'
import { describeStoppedTask } from '../../reconciler/kinds/service/causes.js'
import { paint, type Colour } from './colour.js'
import { actionLabel } from './plan.js'
import { verifyToJson } from './verify.js'

export function resultsToJson(results: readonly ActionResult[]): object {
  return {
    results: results.map((r) => ({
      kind: r.kind,
      name: r.name,
      ...(r.cluster ? { cluster: r.cluster } : {}),
      action: r.action,
      status: r.status,
      wave: r.wave,
      startedAt: r.startedAt ?? null,
      finishedAt: r.finishedAt ?? null,
      ...(r.error ? { error: r.error } : {}),
      ...(r.causes ? { causes: r.causes } : {}),
      ...(r.verify ? { verify: verifyToJson(r.verify) } : {}),
    })),
  }
}

const RESULT_MARK: Record<ActionResult['status'], { mark: string; colour: Colour }> = {
  succeeded: { mark: '✓', colour: 'green' },
  failed: { mark: '✗', colour: 'red' },
  skipped: { mark: '–', colour: 'yellow' },
  unknown: { mark: '?', colour: 'red' },
  blocked: { mark: '✗', colour: 'red' },
}

export function renderProgress(event: ExecutionEvent, colour: boolean): string | undefined {
  switch (event.type) {
    case 'wave-start':
      return paint(`wave ${event.wave}: ${event.actions} action(s)…`, 'bold', colour)
    case 'action-done': {
      const r = event.result
      const mark = RESULT_MARK[r.status]
      const shown = paint(mark.mark, mark.colour, colour)
      const head = `  ${shown} ${r.action} ${actionLabel(r)}${r.error ? `: ${r.error}` : ''}`
      return r.causes ? [head, ...causeLines(r.causes, '      ')].join('\n') : head
    }
    default:
      return undefined
  }
}

/** The evidence under a failed action: each stopped task's reason and exit codes, then the latest events. */
export function causeLines(causes: FailureCauses, indent: string): string[] {
  return [
    ...causes.stoppedTasks.map((t) => `${indent}${describeStoppedTask(t)}`),
    ...causes.events.map((e) => `${indent}event: ${e}`),
  ]
}

export function applySummary(results: readonly ActionResult[]): string {
  const n = (s: ActionResult['status']): number => results.filter((r) => r.status === s).length
  if (results.length === 0) return 'Nothing to do.'
  const unknown =
    n('unknown') > 0 ? `, ${n('unknown')} unknown (state could not be read; retried next run)` : ''
  const blocked = n('blocked') > 0 ? `, ${n('blocked')} blocked by verify` : ''
  return `Apply: ${n('succeeded')} succeeded, ${n('failed')} failed, ${n('skipped')} skipped${blocked}${unknown}.`
}
