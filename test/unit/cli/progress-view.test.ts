/** The live progress of an apply: plain lines off a terminal, a redrawn block on one. */
import { describe, expect, it } from 'vitest'
import { ProgressView } from '../../../src/cli/render/progress.js'
import type { ActionResult, ExecutionEvent, ResourceProgress } from '../../../src/reconciler/execute/types.js'

const sink = () => {
  const chunks: string[] = []
  return { chunks, write: (t: string) => void chunks.push(t), text: () => chunks.join('') }
}

const progress = (name: string, p: Partial<ResourceProgress>, elapsedMs = 0): ExecutionEvent => ({
  type: 'progress',
  wave: 1,
  id: `Service/shop/${name}`,
  kind: 'Service',
  name,
  cluster: 'shop',
  action: 'create',
  progress: { state: 'IN_PROGRESS', running: 0, desired: 2, pending: 0, failed: 0, ...p },
  elapsedMs,
})

const done = (
  name: string,
  status: ActionResult['status'],
  extra: Partial<ActionResult> = {},
): ActionResult => ({
  id: `Service/shop/${name}`,
  kind: 'Service',
  name,
  cluster: 'shop',
  action: 'create',
  status,
  wave: 1,
  startedAt: undefined,
  finishedAt: undefined,
  ...extra,
})

describe('ProgressView off a terminal', () => {
  it('prints one line per change of state, never a repeat, and the wave totals', () => {
    const out = sink()
    const view = new ProgressView(out, { tty: false, colour: false })
    view.handle({ type: 'wave-start', wave: 1, actions: 2 })
    view.handle(progress('api', { pending: 2 }, 1000))
    view.handle(progress('api', { pending: 2 }, 2000))
    view.handle(progress('web', { running: 1, pending: 1 }, 2000))
    view.handle(progress('api', { state: 'COMPLETED', running: 2 }, 65_000))
    view.handle({ type: 'action-done', result: done('api', 'succeeded') })
    view.handle({
      type: 'action-done',
      result: done('web', 'failed', {
        error: 'deployment failed',
        causes: {
          stoppedTasks: [
            {
              task: 't1',
              stopCode: 'EssentialContainerExited',
              stoppedReason: 'Essential container in task exited',
              exitCodes: { app: 1 },
            },
          ],
          events: ['(service web) deployment failed'],
        },
      }),
    })
    view.handle({ type: 'wave-done', wave: 1, results: [done('api', 'succeeded'), done('web', 'failed')] })
    expect(out.text()).toBe(
      [
        'wave 1: 2 action(s)…',
        '  … Service shop/api: IN_PROGRESS running 0/2, pending 2, failed 0 (1s)',
        '  … Service shop/web: IN_PROGRESS running 1/2, pending 1, failed 0 (2s)',
        '  … Service shop/api: COMPLETED running 2/2, pending 0, failed 0 (1m05s)',
        '  ✓ create Service shop/api',
        '  ✗ create Service shop/web: deployment failed',
        '      task t1: EssentialContainerExited — Essential container in task exited (app exit 1)',
        '      event: (service web) deployment failed',
        'wave 1 done: 1 succeeded, 1 failed, 0 skipped — running 3/4, pending 1, failed 0',
        '',
      ].join('\n'),
    )
    expect(out.text()).not.toContain('\x1b[')
  })
})

describe('ProgressView on a terminal', () => {
  it('redraws one block in place: each resource in flight, then the wave totals', () => {
    const out = sink()
    const view = new ProgressView(out, { tty: true, colour: false, rows: 40 })
    view.handle({ type: 'wave-start', wave: 2, actions: 2 })
    view.handle(progress('api', { pending: 2 }, 3000))
    view.handle(progress('web', { running: 1, pending: 1, failed: 1 }, 4000))
    expect(view.block()).toEqual([
      '    Service shop/api  IN_PROGRESS   0/2   pending 2  failed 0  3s',
      '    Service shop/web  IN_PROGRESS   1/2   pending 1  failed 1  4s',
      '  wave 2: 0/2 done, running 1/4, pending 3, failed 1',
    ])
    // The last write moved the cursor up over the previous block (2 lines: api and the totals) and cleared it.
    expect(out.chunks.at(-1)?.startsWith('\x1b[2A\x1b[J')).toBe(true)
    view.handle({ type: 'action-done', result: done('api', 'succeeded') })
    expect(view.block()).toEqual([
      '    Service shop/web  IN_PROGRESS   1/2   pending 1  failed 1  4s',
      '  wave 2: 1/2 done, running 1/4, pending 3, failed 1',
    ])
    // A finished action is printed above the block, for good.
    expect(out.chunks.at(-1)).toContain('  ✓ create Service shop/api\n')
  })

  it('summarises what does not fit the terminal', () => {
    const view = new ProgressView(sink(), { tty: true, colour: false, rows: 5 })
    view.handle({ type: 'wave-start', wave: 0, actions: 5 })
    for (const name of ['a', 'b', 'c', 'd', 'e']) view.handle(progress(name, {}))
    const block = view.block()
    expect(block).toHaveLength(4)
    expect(block[2]).toBe('    … and 3 more in progress')
  })
})
