/** /status.passInProgress carries the per-resource progress of the running pass. */
import { describe, expect, it } from 'vitest'
import { StatusStore } from '../../../src/daemon/status.js'

const store = () =>
  new StatusStore({
    instance: 'i',
    source: 'dir',
    region: 'us-east-1',
    dryRun: false,
    startedAt: '2026-11-30T00:00:00.000Z',
  })

describe('StatusStore pass progress', () => {
  it('shows the current wave and each resource as of its last poll, then clears when the pass ends', () => {
    const s = store()
    s.passStarted('p1', '2026-11-30T00:00:01.000Z')
    s.passEvent({ type: 'wave-start', wave: 2, actions: 1 })
    s.passEvent({
      type: 'progress',
      wave: 2,
      id: 'Service/shop/api',
      kind: 'Service',
      name: 'api',
      cluster: 'shop',
      action: 'update',
      progress: { state: 'IN_PROGRESS', running: 1, desired: 3, pending: 2, failed: 0 },
      elapsedMs: 4000,
    })
    const json = JSON.parse(JSON.stringify(s)) as {
      passInProgress: { id: string; wave: number; resources: Record<string, unknown>[] }
    }
    expect(json.passInProgress.id).toBe('p1')
    expect(json.passInProgress.wave).toBe(2)
    expect(json.passInProgress.resources).toEqual([
      {
        id: 'Service/shop/api',
        kind: 'Service',
        name: 'api',
        cluster: 'shop',
        action: 'update',
        wave: 2,
        phase: 'running',
        state: 'IN_PROGRESS',
        running: 1,
        desired: 3,
        pending: 2,
        failed: 0,
        elapsedMs: 4000,
      },
    ])
    s.passEvent({
      type: 'action-done',
      result: {
        id: 'Service/shop/api',
        kind: 'Service',
        name: 'api',
        cluster: 'shop',
        action: 'update',
        status: 'failed',
        wave: 2,
        startedAt: undefined,
        finishedAt: undefined,
      },
    })
    expect((JSON.parse(JSON.stringify(s)) as typeof json).passInProgress.resources[0]?.['phase']).toBe(
      'failed',
    )
    s.passFinished({
      id: 'p1',
      triggers: ['resync'],
      startedAt: 'a',
      finishedAt: 'b',
      outcome: 'failure',
      changes: 1,
    })
    expect((JSON.parse(JSON.stringify(s)) as { passInProgress: unknown }).passInProgress).toBeNull()
  })
})
