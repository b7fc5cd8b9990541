/**
 * End to end: a service whose task definition cannot be read (the local cloud's targeted fault fails
 * every DescribeTaskDefinition of the payments family, whatever the retries) is shown as `unknown`
 * with the error; `plan` exits 1 (an error, docs/cli.md) even with `--detailed-exitcode`; `apply`
 * applies everything that does not depend on it, skips what does, and exits 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAST_LOCAL_CLOUD, runCli, workspaceWithExample } from '../support/cli.js'

interface ApplyJson {
  results: { name: string; action: string; status: string; error?: string }[]
}
interface PlanJson {
  changes: number
  unknown: number
  actions: { name: string; action: string; reasons: string[]; error?: string }[]
}

const ws = workspaceWithExample()
const local = ['--local', '--local-state', ws.state]
const fastPoll = ['--poll-interval', '100ms']
const FAULT = JSON.stringify({
  failRequests: [{ operation: 'DescribeTaskDefinition', match: 'task-definition/payments:' }],
})
const faulty = { ...FAST_LOCAL_CLOUD, LOCAL_CLOUD_FAULTS: FAULT }
// Two attempts a call: the permanent fault is given up on quickly.
const attempts = ['--max-attempts', '2']

const edit = ws.edit

afterAll(() => ws.cleanup())

beforeAll(async () => {
  const created = await runCli(['apply', ws.manifests, ...local, ...fastPoll, '--yes'], {
    env: FAST_LOCAL_CLOUD,
  })
  expect(created.code, created.stdout + created.stderr).toBe(0)
  // New images: a plan must read the running revisions to compare them.
  edit('payments.yaml', 'payments:1.4.2', 'payments:1.4.3')
  edit('orders.yaml', 'orders:1.4.2', 'orders:1.4.3')
  edit('ledger.yaml', 'ledger:1.4.2', 'ledger:1.4.3')
}, 120_000)

describe('a task definition that cannot be read', () => {
  it('plan shows the service as unknown on its own line and exits 1, with or without --detailed-exitcode', async () => {
    const detailed = await runCli(['plan', ws.manifests, ...local, ...attempts, '--detailed-exitcode'], {
      env: faulty,
    })
    expect(detailed.stderr).not.toMatch(/\n\s+at /)
    expect(detailed.code, detailed.stdout + detailed.stderr).toBe(1)
    expect(detailed.stdout).toMatch(
      /^ {2}\? Service shop\/payments {2}unknown — could not read task definition payments:1: .*ThrottlingException/m,
    )
    expect(detailed.stdout).toMatch(
      /^ {2}~ Service shop\/orders {2}update — taskDefinition changed; held in this pass: depends on Service payments, whose state is unknown$/m,
    )
    expect(detailed.stdout).toContain('1 unknown: state could not be read')
    expect((await runCli(['plan', ws.manifests, ...local, ...attempts], { env: faulty })).code).toBe(1)
  }, 60_000)

  it('plan --output json shows action unknown with the error', async () => {
    const r = await runCli(['plan', ws.manifests, ...local, ...attempts, '--output', 'json'], { env: faulty })
    expect(r.code).toBe(1)
    const json = JSON.parse(r.stdout) as PlanJson
    expect(json).toMatchObject({ changes: 2, unknown: 1 })
    expect(json.actions.find((a) => a.name === 'payments')).toMatchObject({
      action: 'unknown',
      error: expect.stringMatching(/^could not read task definition payments:1: .*ThrottlingException/),
    })
  }, 60_000)

  it('apply changes what does not depend on it, skips what does, and exits 1; once it reads again, apply converges', async () => {
    const r = await runCli(
      ['apply', ws.manifests, ...local, ...fastPoll, ...attempts, '--yes', '--output', 'json'],
      { env: faulty },
    )
    expect(r.code, r.stdout + r.stderr).toBe(1)
    const results = (JSON.parse(r.stdout) as ApplyJson).results
    const byName = new Map(results.map((x) => [x.name, x]))
    expect(byName.get('payments')).toMatchObject({
      action: 'unknown',
      status: 'unknown',
      error: expect.stringContaining('could not read task definition payments:1'),
    })
    expect(byName.get('orders')).toMatchObject({
      status: 'skipped',
      error: 'Service payments is unknown in this pass (its state could not be read)',
    })
    expect(byName.get('ledger')).toMatchObject({ action: 'update', status: 'succeeded' })

    const healed = await runCli(['apply', ws.manifests, ...local, ...fastPoll, '--yes'], {
      env: FAST_LOCAL_CLOUD,
    })
    expect(healed.code, healed.stdout + healed.stderr).toBe(0)
    expect(
      (await runCli(['plan', ws.manifests, ...local, '--detailed-exitcode'], { env: FAST_LOCAL_CLOUD })).code,
    ).toBe(0)
  }, 120_000)
})
