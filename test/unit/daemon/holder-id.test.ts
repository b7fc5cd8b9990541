/**
 * The lease holder id: the task ARN from the ECS task metadata endpoint v4 (`${ECS_CONTAINER_METADATA_URI_V4}/task`
 * answers JSON with `TaskARN`: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-metadata-endpoint-v4-fargate.html),
 * else a local id unique per process.
 */
import { describe, expect, it } from 'vitest'
import { holderId } from '../../../src/daemon/holder-id.js'

const ARN = 'arn:aws:ecs:us-east-1:123456789012:task/platform/0123456789abcdef0123456789abcdef'
const answering = (status: number, body: unknown): typeof fetch =>
  ((url: string) => {
    expect(url).toBe('http://169.254.170.2/v4/abc/task')
    return Promise.resolve(new Response(JSON.stringify(body), { status }))
  }) as typeof fetch

describe('holderId', () => {
  it('is the task ARN when the metadata endpoint answers', async () => {
    expect(
      await holderId(
        { ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/abc' },
        answering(200, { TaskARN: ARN, Family: 'ecs-reconciler' }),
      ),
    ).toBe(ARN)
  })

  it('falls back to host:pid:random when the endpoint is absent, fails or has no ARN', async () => {
    const local = /^[^:]+:\d+:[0-9a-f]{8}$/
    expect(await holderId({})).toMatch(local)
    expect(
      await holderId({ ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/abc' }, answering(500, {})),
    ).toMatch(local)
    expect(
      await holderId(
        { ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/abc' },
        answering(200, { Family: 'x' }),
      ),
    ).toMatch(local)
    const refused = (() => Promise.reject(new Error('ECONNREFUSED'))) as typeof fetch
    expect(await holderId({ ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/abc' }, refused)).toMatch(
      local,
    )
    // Two processes on one host never share an id.
    expect(await holderId({})).not.toBe(await holderId({}))
  })
})
