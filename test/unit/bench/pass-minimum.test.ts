/** The fewest calls of one read pass: service revisions are read only for monitored services, 20 a call (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceRevisions.html). */
import { describe, expect, it } from 'vitest'
import { readPassMinimum } from '../../../bench/pass-minimum.js'

describe('readPassMinimum', () => {
  it('counts no DescribeServiceRevisions call when no service uses monitoring', () => {
    expect(readPassMinimum({ services: 30, namespaces: 1, scaled: 0 })).not.toHaveProperty(
      'ECS.DescribeServiceRevisions',
    )
  })

  it('counts one DescribeServiceRevisions call per 20 monitored services', () => {
    expect(readPassMinimum({ services: 30, namespaces: 1, scaled: 0, monitored: 25 })).toMatchObject({
      'ECS.DescribeServices': 3,
      'ECS.DescribeServiceRevisions': 2,
    })
  })
})
