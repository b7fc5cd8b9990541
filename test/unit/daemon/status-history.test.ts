/** /status keeps a bounded history of passes and of drift found, newest first, for the status page. */
import { describe, expect, it } from 'vitest'
import { HISTORY_LIMIT, StatusStore } from '../../../src/daemon/status.js'

const store = () =>
  new StatusStore({
    instance: 'i',
    source: 'dir',
    region: 'us-east-1',
    dryRun: false,
    startedAt: '2026-11-30T00:00:00.000Z',
  })
const json = (s: StatusStore) =>
  JSON.parse(JSON.stringify(s)) as {
    passes: { id: string }[]
    drift: { passId: string | null; resource: string }[]
    lastPass: { id: string }
  }

describe('StatusStore history', () => {
  it(`keeps the last ${HISTORY_LIMIT} passes, newest first, beside lastPass`, () => {
    const s = store()
    for (let i = 1; i <= HISTORY_LIMIT + 5; i++) {
      s.passStarted(`p${i}`, 'a')
      s.passFinished({
        id: `p${i}`,
        triggers: ['resync'],
        startedAt: 'a',
        finishedAt: 'b',
        outcome: 'success',
        changes: 0,
      })
    }
    const out = json(s)
    expect(out.passes.map((p) => p.id)).toEqual(
      Array.from({ length: HISTORY_LIMIT }, (_, i) => `p${HISTORY_LIMIT + 5 - i}`),
    )
    expect(out.lastPass.id).toBe(`p${HISTORY_LIMIT + 5}`)
  })

  it('records drift with the pass that found it, bounded the same way', () => {
    const s = store()
    s.passStarted('p1', 'a')
    s.driftFound('Service/shop/api', 'Service', '2026-11-30T00:00:02.000Z')
    s.passFinished({
      id: 'p1',
      triggers: ['resync'],
      startedAt: 'a',
      finishedAt: 'b',
      outcome: 'success',
      changes: 1,
    })
    expect(json(s).drift).toEqual([
      { passId: 'p1', resource: 'Service/shop/api', kind: 'Service', at: '2026-11-30T00:00:02.000Z' },
    ])
    for (let i = 0; i < HISTORY_LIMIT; i++) s.driftFound(`Service/shop/s${i}`, 'Service', 'x')
    expect(json(s).drift).toHaveLength(HISTORY_LIMIT)
    expect(json(s).drift[0]).toEqual({
      resource: `Service/shop/s${HISTORY_LIMIT - 1}`,
      kind: 'Service',
      at: 'x',
    })
  })
})
