import { describe, expect, it } from 'vitest'
import { CloudError } from '../../../src/cloud/ports/index.js'
import { Semaphore } from '../../../src/shared/concurrency.js'
import { pollUntil, type ExecutionContext } from '../../../src/reconciler/execute/context.js'

/** A context whose clock moves 1 s on every sleep. */
function context(deadlineMs = 60_000): ExecutionContext {
  let now = 0
  return {
    clock: { now: () => now, sleep: (ms: number) => Promise.resolve(void (now += ms)) },
    signal: undefined,
    pollMs: 1000,
    deadline: deadlineMs,
    slots: new Semaphore(1),
  } as unknown as ExecutionContext
}

const cloudError = (awsCode: string, retryable: boolean) =>
  new CloudError({ awsCode, message: 'x', retryable, operation: 'ECS.DescribeServices' })

describe('pollUntil', () => {
  it('treats a throttled or failed read as a poll without an answer', async () => {
    const answers = [
      cloudError('ThrottlingException', true),
      cloudError('ServerException', true),
      undefined,
      'steady',
    ]
    const value = await pollUntil(context(), 'steady', () => {
      const next = answers.shift()
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next)
    })
    expect(value).toBe('steady')
    expect(answers).toEqual([])
  })

  it('fails at once on an error that will not pass', async () => {
    let calls = 0
    const failing = () => {
      calls += 1
      return Promise.reject(cloudError('AccessDeniedException', false))
    }
    await expect(pollUntil(context(), 'steady', failing)).rejects.toThrow(/AccessDeniedException/)
    expect(calls).toBe(1)
  })

  it('times out at the deadline when reads keep failing', async () => {
    await expect(
      pollUntil(context(5_000), 'steady', () => Promise.reject(cloudError('ThrottlingException', true))),
    ).rejects.toThrow(/timed out waiting for steady/)
  })

  it('hands its slot back while waiting and holds it again when done', async () => {
    const ctx = context()
    await ctx.slots.acquire()
    let polls = 0
    let slotFreeWhileWaiting = false
    await pollUntil(ctx, 'x', async () => {
      if (++polls === 2) {
        // Another action can take the only slot while this one waits.
        await ctx.slots.acquire()
        slotFreeWhileWaiting = true
        ctx.slots.release()
        return 'done'
      }
      return undefined
    })
    expect(slotFreeWhileWaiting).toBe(true)
    let another = false
    void ctx.slots.acquire().then(() => (another = true))
    await new Promise((r) => setImmediate(r))
    expect(another).toBe(false)
  })
})
