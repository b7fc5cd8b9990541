import { describe, expect, it } from 'vitest'
import { parseDuration } from '../../../src/shared/duration.js'

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1.5s', 1500],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })
  it.each(['', '5', '5 minutes', '-1s', 'abc'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined()
  })
})
