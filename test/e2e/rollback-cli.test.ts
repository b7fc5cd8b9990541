/** End to end: `rollback` and `resume` with the built CLI against the embedded local cloud (docs/operations.md). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAST_LOCAL_CLOUD, runCli, workspaceWithExample } from '../support/cli.js'

interface PlanJson {
  actions: { name: string; action: string; reasons: string[] }[]
}

const ws = workspaceWithExample()
const local = ['--local', '--local-state', ws.state]
const env = FAST_LOCAL_CLOUD
const cli = (...args: string[]) => runCli(args, { env })
const apply = () => cli('apply', ws.manifests, ...local, '--yes', '--poll-interval', '100ms')
const payments = async () => {
  const r = await cli('plan', ws.manifests, ...local, '--output', 'json')
  return (JSON.parse(r.stdout) as PlanJson).actions.find((a) => a.name === 'payments')
}

afterAll(() => ws.cleanup())

describe('rollback and resume', () => {
  beforeAll(async () => {
    expect((await apply()).code).toBe(0)
    ws.edit('payments.yaml', 'payments:1.4.2', 'payments:1.5.0')
    expect((await apply()).code).toBe(0)
  }, 180_000)

  it('rolls back to the previous completed revision, holds it, and apply leaves it there until resume', async () => {
    const r = await cli('rollback', 'payments', ws.manifests, ...local, '--output', 'json')
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({
      taskDefinition: 'payments:1',
      status: 'rolled-back',
      hold: { revision: 1 },
    })
    const held = await payments()
    expect(held?.action).toBe('held')
    expect(held?.reasons.join(' ')).toMatch(/held at revision 1 by arn:aws:iam::123456789012:/)
    const again = await apply()
    expect(again.code, again.stdout + again.stderr).toBe(0)
    expect((await payments())?.action).toBe('held')
    const resumed = await cli('resume', 'payments', ws.manifests, ...local)
    expect(resumed.code, resumed.stderr).toBe(0)
    expect((await payments())?.action).toBe('update')
    expect((await apply()).code).toBe(0)
    expect((await payments())?.action).toBe('noop')
  }, 180_000)

  it('a change to the manifest lifts the hold', async () => {
    const r = await cli('rollback', 'payments', ws.manifests, ...local)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect((await payments())?.action).toBe('held')
    ws.edit('payments.yaml', 'payments:1.5.0', 'payments:1.6.0')
    expect((await payments())?.action).toBe('update')
    expect((await apply()).code).toBe(0)
    expect((await payments())?.action).toBe('noop')
  }, 180_000)
})
