/** `--consistency-lag`: 0 (the default) or a duration; anything else is a clear input error. */
import { describe, expect, it } from 'vitest'
import { parseLag } from '../../../src/cli/options.js'

describe('--consistency-lag', () => {
  it.each([
    ['0', 0],
    ['300ms', 300],
    ['2s', 2000],
  ])('%s is %d ms', (text, ms) => expect(parseLag(text)).toBe(ms))
  it.each(['soon', '-1s', ''])('"%s" is refused with the expected form named', (text) => {
    expect(() => parseLag(text)).toThrow(/--consistency-lag must be 0 or a duration/)
  })
})
