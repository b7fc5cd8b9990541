import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { diffValues, jsonEqual, omitPaths, stableJson } from '../../../src/reconciler/diff/diff.js'

describe('diffValues', () => {
  it.each([
    ['equal objects in another key order', { a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 }, []],
    ['undefined and missing are the same', { a: 1, b: undefined }, { a: 1 }, []],
    ['a changed leaf', { a: { b: 1 } }, { a: { b: 2 } }, [{ path: 'a.b', from: 1, to: 2 }]],
    ['an added key', { a: {} }, { a: { x: 'y' } }, [{ path: 'a.x', from: undefined, to: 'y' }]],
    ['arrays compare whole', { l: [1, 2] }, { l: [2, 1] }, [{ path: 'l', from: [1, 2], to: [2, 1] }]],
    ['object replaced by scalar', { a: { b: 1 } }, { a: 3 }, [{ path: 'a', from: { b: 1 }, to: 3 }]],
  ])('%s', (_name, live, desired, expected) => {
    expect(diffValues(live, desired)).toEqual(expected)
  })
})

describe('omitPaths and stableJson', () => {
  it('removes dotted paths from a copy', () => {
    const value = { tags: { a: '1', b: '2' }, x: 1 }
    expect(omitPaths(value, ['tags.a'])).toEqual({ tags: { b: '2' }, x: 1 })
    expect(value.tags.a).toBe('1')
  })
  it('sorts keys', () => {
    expect(stableJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}')
  })
})

describe('stableJson and jsonEqual against JSON.stringify of sorted copies', () => {
  // The plain definition the direct writer must agree with.
  const sortedCopy = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortedCopy)
    if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>
      return Object.fromEntries(
        Object.keys(record)
          .sort()
          .filter((k) => record[k] !== undefined)
          .map((k) => [k, sortedCopy(record[k])]),
      )
    }
    return value
  }
  const reference = (value: unknown): string => JSON.stringify(sortedCopy(value)) ?? 'undefined'
  const leaf = fc.oneof(
    fc.constantFrom(undefined, null, true, false, 0, -1, 1.5, '', 'a', 'b'),
    fc.string({ maxLength: 4 }),
    fc.integer({ min: -3, max: 3 }),
  )
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), tie('value'), { maxKeys: 4 }),
    ),
  }))
  // The same value with its keys in reverse order and an undefined member added.
  const reordered = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(reordered)
    if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v as Record<string, unknown>).reverse()
      return Object.fromEntries([...entries.map(([k, x]) => [k, reordered(x)]), ['zz', undefined]])
    }
    return v
  }

  it('writes what JSON.stringify writes for a key-sorted copy', () => {
    fc.assert(fc.property(value, (v) => stableJson(v) === reference(v)))
  })

  it('calls two values equal exactly when their sorted JSON is equal', () => {
    fc.assert(fc.property(value, value, (a, b) => jsonEqual(a, b) === (reference(a) === reference(b))))
    fc.assert(
      fc.property(value, (a) => jsonEqual(a, reordered(a)) && reference(a) === reference(reordered(a))),
    )
  })

  it('treats an array element without a JSON form as null, and a member without one as absent', () => {
    expect(jsonEqual([undefined], [null])).toBe(true)
    expect(jsonEqual({ a: undefined }, {})).toBe(true)
    expect(jsonEqual({ a: null }, {})).toBe(false)
    expect(jsonEqual(undefined, null)).toBe(false)
  })
})
