/**
 * End to end: a Service's `monitoring` through the built CLI on the local cloud. It is applied on
 * create, read back from the service revision (DescribeServices does not report it:
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceRevision.html), and an edit or
 * its removal plans the change, after which the plan is clean again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAST_LOCAL_CLOUD, runCli, workspaceWithExample } from '../support/cli.js'

interface PlanJson {
  changes: number
  actions: { kind: string; name: string; action: string; diff: { path: string }[] }[]
}

const ws = workspaceWithExample()
const local = ['--local', '--local-state', ws.state]
const env = FAST_LOCAL_CLOUD

const apply = async () => {
  const r = await runCli(['apply', ws.manifests, ...local, '--poll-interval', '100ms', '--output', 'json'], {
    env,
  })
  expect(r.code, r.stdout + r.stderr).toBe(0)
}
const plan = async () => {
  const r = await runCli(['plan', ws.manifests, ...local, '--output', 'json'], { env })
  expect(r.stderr).not.toMatch(/\n\s+at /)
  return JSON.parse(r.stdout) as PlanJson
}
const ledgerChanges = (p: PlanJson) =>
  p.actions
    .filter((a) => a.name === 'ledger' && a.action !== 'noop')
    .map((a) => ({ action: a.action, paths: a.diff.map((d) => d.path) }))

const FAST_CPU = `  desiredCount: 2
  monitoring:
    metricConfigurations:
      - {metricNames: [CPUUtilization], resolutionSeconds: 20}
`

afterAll(() => ws.cleanup())

describe('monitoring with the CLI', () => {
  beforeAll(async () => {
    ws.edit('ledger.yaml', '  desiredCount: 2\n', FAST_CPU)
    await apply()
  }, 120_000)

  it('after apply, plan shows no change', async () => {
    const p = await plan()
    expect(p.changes).toBe(0)
  }, 60_000)

  it('an edit of a resolution plans an update of that metric, and apply makes it', async () => {
    ws.edit(
      'ledger.yaml',
      'resolutionSeconds: 20}\n',
      'resolutionSeconds: 20}\n      - {metricNames: [MemoryUtilization], resolutionSeconds: 20}\n',
    )
    const p = await plan()
    expect(p.changes).toBe(1)
    expect(ledgerChanges(p)).toEqual([{ action: 'update', paths: ['monitoring.MemoryUtilization'] }])
    await apply()
    expect((await plan()).changes).toBe(0)
  }, 120_000)

  it('removing it plans clearing it, and after apply the plan is clean', async () => {
    ws.edit(
      'ledger.yaml',
      FAST_CPU.replace('  desiredCount: 2\n', '') +
        '      - {metricNames: [MemoryUtilization], resolutionSeconds: 20}\n',
      '',
    )
    const p = await plan()
    expect(ledgerChanges(p)).toEqual([{ action: 'update', paths: ['monitoring'] }])
    await apply()
    expect((await plan()).changes).toBe(0)
  }, 120_000)
})
