/**
 * Every tag value ecs-reconciler writes uses only the characters ECS allows
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-using-tags.html#tag-restrictions):
 * its own tags, whatever the `--revision` text, and `--instance` is refused rather than rewritten.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseInstance } from '../../../src/cli/options.js'
import { ownershipTags } from '../../../src/reconciler/ownership.js'
import { taskDefinitionTagValue } from '../../../src/reconciler/kinds/service/task-definition-tag.js'
import { slotLabel } from '../../../src/chaos/slot-identity.js'
import { isTagText, toTagValue } from '../../../src/shared/tag-value.js'

describe('toTagValue', () => {
  it('keeps allowed text as it is and replaces each refused character by _', () => {
    expect(toTagValue('3f2a9c1 (main)')).toBe('3f2a9c1 _main_')
    expect(toTagValue('feature/tags@v1+2=3:x_y-z.w')).toBe('feature/tags@v1+2=3:x_y-z.w')
  })

  it('always yields a tag value ECS accepts, at most 256 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        const value = toTagValue(text)
        expect(isTagText(value)).toBe(true)
        expect([...value].length).toBeLessThanOrEqual(256)
      }),
    )
  })
})

describe('the tags ecs-reconciler writes', () => {
  it('ownership tags hold only allowed characters, whatever the revision text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (revision) => {
        const tags = ownershipTags({ instance: 'shop-prod', revision }, 'Service/shop/orders')
        for (const value of Object.values(tags)) expect(isTagText(value), value).toBe(true)
      }),
    )
  })

  it('the task-definition record and the chaos slot label are tag text', () => {
    expect(
      isTagText(
        taskDefinitionTagValue('arn:aws:ecs:us-east-1:123456789012:task-definition/orders:7', 'ab12'),
      ),
    ).toBe(true)
    expect(isTagText(slotLabel(Date.UTC(2026, 0, 2, 3, 4, 5, 678)))).toBe(true)
  })

  it('--instance is refused when ECS would not accept it as a tag value, never rewritten', () => {
    expect(parseInstance('shop-prod')).toBe('shop-prod')
    expect(() => parseInstance('shop#prod')).toThrow(/--instance must be 1–256 characters/)
    expect(() => parseInstance('')).toThrow(/--instance/)
    expect(() => parseInstance('x'.repeat(257))).toThrow(/--instance/)
  })
})
