/**
 * A slot's clientToken and tags. FIS StartExperiment takes a clientToken of 1 to 1024 characters
 * matching [\S]+, and tags of at most 50 entries, keys ≤ 128 and values ≤ 256 characters
 * (https://docs.aws.amazon.com/fis/latest/APIReference/API_StartExperiment.html).
 */
import { describe, expect, it } from 'vitest'
import {
  slotClientToken,
  slotLabel,
  slotOfTags,
  slotTags,
  TAG_HOLD,
  TAG_MANAGED_BY,
} from '../../../src/chaos/slot-identity.js'
import {
  TAG_HOLD as RECONCILER_TAG_HOLD,
  TAG_MANAGED_BY as RECONCILER_TAG_MANAGED_BY,
} from '../../../src/reconciler/ownership.js'

const slot = Date.parse('2026-03-06T01:00:00Z')

describe('slotClientToken', () => {
  it('is the same for the same instance, schedule and slot (a restarted daemon or a second replica)', () => {
    expect(slotClientToken('ecs-reconciler', 'api-chaos', slot)).toBe(
      slotClientToken('ecs-reconciler', 'api-chaos', slot),
    )
  })

  it.each([
    ['another instance', 'prod', 'api-chaos', slot],
    ['another schedule', 'ecs-reconciler', 'web-chaos', slot],
    ['another slot', 'ecs-reconciler', 'api-chaos', slot + 60_000],
    ['the same characters split differently', 'ecs-reconciler-api', 'chaos', slot],
  ])('differs for %s', (_what, instance, schedule, time) => {
    expect(slotClientToken(instance, schedule, time)).not.toBe(
      slotClientToken('ecs-reconciler', 'api-chaos', slot),
    )
  })

  it('fits the FIS limits, and the stricter 36-character ones of other APIs, whatever the names', () => {
    for (const [instance, schedule] of [
      ['a', 'b'],
      ['x'.repeat(300), 'y'.repeat(63)],
    ] as const) {
      const token = slotClientToken(instance, schedule, slot)
      expect(token.length).toBeLessThanOrEqual(36)
      expect(token).toMatch(/^[a-z0-9-]+$/)
    }
  })
})

describe('slotTags', () => {
  it('names the instance, the schedule and the slot in UTC to the second', () => {
    expect(slotTags('ecs-reconciler', 'api-chaos', slot)).toEqual({
      'ecs-reconciler:managed-by': 'ecs-reconciler',
      'ecs-reconciler:chaos-schedule': 'api-chaos',
      'ecs-reconciler:chaos-slot': '2026-03-06T01:00:00Z',
    })
  })

  it("uses the reconciler's ownership tag key", () => {
    expect(TAG_MANAGED_BY).toBe(RECONCILER_TAG_MANAGED_BY)
  })

  it("reads the reconciler's hold tag key", () => {
    expect(TAG_HOLD).toBe(RECONCILER_TAG_HOLD)
  })

  it('stays within the FIS tag limits', () => {
    const tags = slotTags('i'.repeat(256), 's'.repeat(63), slot)
    for (const [key, value] of Object.entries(tags)) {
      expect(key.length).toBeLessThanOrEqual(128)
      expect(value.length).toBeLessThanOrEqual(256)
    }
  })

  it('reads the slot back from an experiment of this instance and schedule only', () => {
    const tags = slotTags('ecs-reconciler', 'api-chaos', slot)
    expect(slotOfTags(tags, 'ecs-reconciler', 'api-chaos')).toBe(slot)
    expect(slotOfTags(tags, 'other', 'api-chaos')).toBeUndefined()
    expect(slotOfTags(tags, 'ecs-reconciler', 'web-chaos')).toBeUndefined()
    expect(
      slotOfTags({ ...tags, 'ecs-reconciler:chaos-slot': 'soon' }, 'ecs-reconciler', 'api-chaos'),
    ).toBeUndefined()
    expect(slotOfTags(undefined, 'ecs-reconciler', 'api-chaos')).toBeUndefined()
  })

  it('labels a slot without milliseconds', () => {
    expect(slotLabel(Date.parse('2026-11-01T05:30:00.000Z'))).toBe('2026-11-01T05:30:00Z')
  })
})
