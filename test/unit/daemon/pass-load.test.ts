/**
 * The daemon's load step: a load that throws (an unreadable source, a bug) is reported as invalid
 * manifests and the last valid set is still reconciled, instead of failing the whole pass. Dry run
 * against the in-process local cloud on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { Cloud } from '../../../src/cloud/ports/index.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { workspaceWithExample } from '../../support/cli.js'
import { testPassRunner, testStatusStore } from '../../support/pass-runner.js'

const ws = workspaceWithExample()
let server: LocalCloud
let cloud: Cloud
let sourceBroken = false
const never = new AbortController().signal

beforeAll(async () => {
  server = await startLocalCloud({
    timing: { taskStartSeconds: 0.1, drainSeconds: 0.1, namespaceCreateSeconds: 0.1 },
  })
  cloud = createAwsCloud({ readOnly: true, endpoint: server.endpoint, region: 'us-east-1' })
})
afterAll(async () => {
  cloud.close()
  await server.close()
  ws.cleanup()
})

describe('daemon load step', () => {
  it('a throwing load keeps reconciling the last valid set and reports the error as a manifest problem', async () => {
    const status = testStatusStore(true)
    const runner = testPassRunner({
      source: {
        description: 'test',
        start: () => Promise.resolve(),
        snapshot: () => {
          if (sourceBroken) throw new Error('checkout is missing')
          return { paths: [ws.manifests], revision: 'r1' }
        },
        close: () => Promise.resolve(),
      },
      cloud,
      status,
      settings: { dryRun: true },
    })
    const first = await runner.run(['startup'], never)
    expect(first.outcome).toBe('success')
    const planned = status
      .resourceEntries()
      .map((r) => r.id)
      .sort()
    expect(planned.length).toBeGreaterThan(0)

    sourceBroken = true
    const second = await runner.run(['resync'], never)
    expect(second.error).toBeUndefined()
    expect(second.outcome).toBe('success')
    const json = status.toJSON() as {
      manifests: { valid: boolean; reconciling: string; issues: { rule: string; message: string }[] }
    }
    expect(json.manifests.valid).toBe(false)
    expect(json.manifests.reconciling).toBe('last-valid')
    expect(json.manifests.issues).toEqual([
      expect.objectContaining({
        rule: 'load/failed',
        message: expect.stringContaining('checkout is missing'),
      }),
    ])
    expect(
      status
        .resourceEntries()
        .map((r) => r.id)
        .sort(),
    ).toEqual(planned)
  })
})
