import { describe, expect, it } from 'vitest'
import { BackoffBook } from '../../../src/daemon/backoff.js'

describe('BackoffBook', () => {
  const policy = { baseMs: 1000, maxMs: 5000 }

  it('lets a resource with no failure run', () => {
    expect(new BackoffBook(policy).deferral('Service/c/a', 'fp', 0)).toBeUndefined()
  })

  it('doubles the delay per failure up to the maximum', () => {
    const book = new BackoffBook(policy)
    const delays = [1, 2, 3, 4, 5].map(() => book.recordFailure('a', 'fp', false, 0).retryAt)
    expect(delays).toEqual([1000, 2000, 4000, 5000, 5000])
    expect(book.attempts('a')).toBe(5)
  })

  it('defers until retryAt, then lets it run', () => {
    const book = new BackoffBook(policy)
    book.recordFailure('a', 'fp', false, 10_000)
    expect(book.deferral('a', 'fp', 10_500)).toEqual({ until: 11_000, terminal: false })
    expect(book.deferral('a', 'fp', 11_000)).toBeUndefined()
    expect(book.nextRetryAt()).toBe(11_000)
  })

  it('holds a terminal failure whatever the time, until the manifest changes', () => {
    const book = new BackoffBook(policy)
    book.recordFailure('a', 'fp', true, 0)
    expect(book.deferral('a', 'fp', 10 ** 12)).toEqual({ until: undefined, terminal: true })
    expect(book.nextRetryAt()).toBeUndefined()
    expect(book.deferral('a', 'fp-edited', 1)).toBeUndefined()
    expect(book.attempts('a')).toBe(0)
  })

  it('forgets a resource once it succeeds', () => {
    const book = new BackoffBook(policy)
    book.recordFailure('a', 'fp', false, 0)
    book.recordSuccess('a')
    expect(book.deferral('a', 'fp', 0)).toBeUndefined()
    expect(book.nextRetryAt()).toBeUndefined()
  })
})
