/** `--stats`: attempts on the wire per operation and outcome, and the retries among them. */
import { describe, expect, it } from 'vitest'
import { CallCounter } from '../../../src/cloud/aws/call-stats.js'
import { renderStats } from '../../../src/cli/render/stats.js'

describe('renderStats', () => {
  it('shows attempts by outcome and the retries per operation and in total', () => {
    const counter = new CallCounter()
    // One DescribeServices call throttled twice then answered; one DescribeClusters answered at once.
    counter.record('ECS', 'DescribeServices', 'ThrottlingException', 1)
    counter.record('ECS', 'DescribeServices', 'ThrottlingException', 2)
    counter.record('ECS', 'DescribeServices', 'ok', 3)
    counter.record('ECS', 'DescribeClusters', 'ok', 1)
    const lines = renderStats(counter).split('\n')
    expect(lines[0]).toBe('API calls: 4 attempts, 2 retries')
    expect(lines[1]).toMatch(/^ {2}ECS\.DescribeClusters +ok=1$/)
    expect(lines[2]).toMatch(/^ {2}ECS\.DescribeServices +ThrottlingException=2 ok=1 \(retries=2\)$/)
  })
})
