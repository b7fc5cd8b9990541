/** The per-pass read of which contents already have a revision of ours (execute/content-index.ts). */
import { describe, expect, it } from 'vitest'
import type { TaggingReader } from '../../../src/cloud/ports/index.js'
import { ContentIndex } from '../../../src/reconciler/execute/content-index.js'
import { TAG_CONTENT_HASH, TAG_MANAGED_BY } from '../../../src/reconciler/ownership.js'

function taggingWith(hashes: readonly string[], fail = false) {
  const asked: Parameters<TaggingReader['findTagged']>[] = []
  const reader: TaggingReader = {
    findTagged: (...args) => {
      asked.push(args)
      if (fail) return Promise.reject(new Error('throttled'))
      return Promise.resolve(
        hashes.map((hash, i) => ({
          arn: `arn:aws:ecs:us-east-1:123456789012:task-definition/f${i}:1`,
          tags: { [TAG_MANAGED_BY]: 'me', [TAG_CONTENT_HASH]: hash },
        })),
      )
    },
  }
  return { reader, asked }
}

describe('ContentIndex', () => {
  it('reads once for every content of the pass, by owner and content hash, among task definitions', async () => {
    const { reader, asked } = taggingWith(['b'])
    const index = new ContentIndex(reader, 'me', ['a', 'b', 'c'])
    expect(await Promise.all(['a', 'b', 'c'].map((h) => index.mayHaveRevision(h)))).toEqual([
      false,
      true,
      false,
    ])
    expect(asked).toEqual([
      [TAG_MANAGED_BY, 'me', ['ecs:task-definition'], { key: TAG_CONTENT_HASH, values: ['a', 'b', 'c'] }],
    ])
  })

  it('says a content may have one when it was not part of the read, or when the read failed', async () => {
    const { reader, asked } = taggingWith([])
    expect(await new ContentIndex(reader, 'me', ['a']).mayHaveRevision('z')).toBe(true)
    expect(asked).toHaveLength(0)
    const failing = taggingWith([], true)
    expect(await new ContentIndex(failing.reader, 'me', ['a']).mayHaveRevision('a')).toBe(true)
    expect(await new ContentIndex(reader, undefined, ['a']).mayHaveRevision('a')).toBe(true)
  })
})
