import { describe, expect, it } from 'vitest'
import { chaosNextRuns } from '../../../src/cli/render/chaos.js'
import { loadExample } from '../../support/manifests.js'

describe('plan: chaos next runs', () => {
  it('names each schedule with its next run in its zone and UTC', () => {
    const { set } = loadExample()
    // Friday 2026-01-02 00:30 UTC is 09:30 in Seoul: the next weekday 10:00 is half an hour later.
    expect(chaosNextRuns(set, Date.UTC(2026, 0, 2, 0, 30))).toBe('Chaos orders-resilience: next run 2026-01-02T10:00:00 Asia/Seoul (2026-01-02T01:00:00.000Z)\n')
  })
})
