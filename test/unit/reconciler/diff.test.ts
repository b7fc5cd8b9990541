import { describe, expect, it } from 'vitest'
import { diffValues, omitPaths, stableJson } from '../../../src/reconciler/diff/diff.js'

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
