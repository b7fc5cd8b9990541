import { describe, expect, it } from 'vitest'
import { chaosNextRuns } from '../../../src/cli/render/chaos.js'
import { loadExample } from '../../support/manifests.js'

describe('plan: chaos next runs', () => {
  it('names each schedule with its next run in its zone and UTC', () => {
    const { set } = loadExample()
    // 2026-01-02 00:32 UTC is 09:32 in Seoul: the next five-minute slot is 09:35 there.
    expect(chaosNextRuns(set, Date.UTC(2026, 0, 2, 0, 32))).toBe(
      'Chaos orders-resilience: next run 2026-01-02T09:35:00 Asia/Seoul (2026-01-02T00:35:00.000Z)\n',
    )
  })
})
