import { describe, expect, it } from 'vitest'
import { withLazyField } from '../../../src/shared/lazy-field.js'

describe('withLazyField', () => {
  it('computes the field on its first read, once, and shows it like any other field', () => {
    let calls = 0
    const value = withLazyField({ a: 1 }, 'b', () => {
      calls++
      return { line: 3 }
    })
    expect(calls).toBe(0)
    expect(value.b).toEqual({ line: 3 })
    expect(value.b).toBe(value.b)
    expect(calls).toBe(1)
    expect(JSON.parse(JSON.stringify(value))).toEqual({ a: 1, b: { line: 3 } })
    expect({ ...value }).toEqual({ a: 1, b: { line: 3 } })
    expect(calls).toBe(1)
  })
})
