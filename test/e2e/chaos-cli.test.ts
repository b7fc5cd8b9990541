/** End to end: `chaos list|run|stop` of the built CLI against the embedded local cloud (docs/cli.md). */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAST_LOCAL_CLOUD, runCli, workspaceWithExample } from '../support/cli.js'
import { untilTrue } from '../support/poll.js'

interface ListJson {
  schedules: {
    name: string
    suspended: boolean
    nextRuns: { local: string; utc: string }[]
    lastRun: { experimentId: string; status: string } | null
  }[]
}

const ws = workspaceWithExample()
const local = ['--local', '--local-state', ws.state]
const env = FAST_LOCAL_CLOUD
const chaos = (...args: string[]) => runCli(['chaos', ...args, ws.manifests, ...local], { env })
const list = async (): Promise<ListJson> =>
  JSON.parse((await chaos('list', '--output', 'json')).stdout) as ListJson

beforeAll(async () => {
  // The example's blackout windows depend on the date the test runs; this test is about the commands.
  const path = join(ws.manifests, 'chaos.yaml')
  writeFileSync(path, readFileSync(path, 'utf8').replace(/\n {4}blackoutWindows:[\s\S]*$/, '\n'))
  const applied = await runCli(['apply', ws.manifests, ...local, '--poll-interval', '100ms'], { env })
  expect(applied.code, applied.stdout + applied.stderr).toBe(0)
}, 120_000)
afterAll(() => ws.cleanup())

describe('chaos commands on the local cloud', () => {
  it('list shows the next 3 runs in the schedule zone and that it never ran', async () => {
    const [schedule] = (await list()).schedules
    expect(schedule).toMatchObject({ name: 'orders-resilience', suspended: false, lastRun: null })
    expect(schedule?.nextRuns).toHaveLength(3)
    expect(schedule?.nextRuns[0]?.local).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d[05]:00 Asia\/Seoul$/)
    const text = await chaos('list')
    expect(text.stdout).toContain('next: ')
    expect(text.stdout).toContain('last: never run')
  })

  it('run starts one under the guardrails; a second is held by max-concurrent; stop stops it', async () => {
    const refused = await chaos('run', 'orders-resilience', '--ignore-guardrails')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('--yes')
    const started = await chaos('run', 'orders-resilience')
    expect(started.code, started.stdout + started.stderr).toBe(0)
    const id = /started experiment (\S+)/.exec(started.stdout)?.[1]
    expect(id).toBeDefined()
    // A manual run's slot is the second it starts in: the next run must fall in a later one to be a
    // second run rather than the same (an experiment of the slot exists already, so it is reported again).
    const startedBy = Math.floor(Date.now() / 1000)
    await untilTrue('a new second', () => Math.floor(Date.now() / 1000) > startedBy)
    const held = await chaos('run', 'orders-resilience')
    expect(held.code).toBe(1)
    expect(held.stdout).toContain('max-concurrent')
    expect((await list()).schedules[0]?.lastRun).toMatchObject({ experimentId: id })
    const stopped = await chaos('stop', 'orders-resilience')
    expect(stopped.stdout).toContain(id)
    expect((await list()).schedules[0]?.lastRun).toMatchObject({ experimentId: id, status: 'stopped' })
    const unknown = await chaos('run', 'nope')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('known schedules: orders-resilience')
    // Eight CLI runs in a row: the default 30 s guard against a hang is too short on a loaded machine.
  }, 120_000)
})

describe('apply in a freeze window', () => {
  it('refuses with the cluster, the window and the changes, unless --ignore-freeze', async () => {
    const edit = ws.edit
    const start = new Date(Date.now() - 60_000).toISOString()
    const end = new Date(Date.now() + 3_600_000).toISOString()
    edit(
      'cluster.yaml',
      '  containerInsights: enabled',
      `  containerInsights: enabled\n  freezeWindows:\n    - start: "${start}"\n      end: "${end}"`,
    )
    edit('orders.yaml', 'orders:1.4.2', 'orders:1.4.3')
    const refused = await runCli(['apply', ws.manifests, ...local, '--poll-interval', '100ms'], { env })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('cluster shop is frozen')
    expect(refused.stderr).toContain('Service/shop/orders')
    expect(refused.stderr).toContain('--ignore-freeze')
    expect(refused.stderr).not.toMatch(/\n\s+at /)
    // The plan shows what apply will do: the freeze, its end, and the change it holds back, in every format.
    const plan = (output: string) => runCli(['plan', ws.manifests, ...local, '--output', output], { env })
    const text = (await plan('text')).stdout
    expect(text).toContain(`frozen: cluster shop is frozen (freeze window ${start} to ${end}, until ${end})`)
    expect(text).toMatch(
      new RegExp(`~ Service shop/orders {2}update \\[frozen until ${end.replace(/\./g, '\\.')}\\]`),
    )
    const json = JSON.parse((await plan('json')).stdout) as {
      freeze: { cluster: string; until: string; changes: string[] }[]
      actions: { name: string; frozen?: { until: string } }[]
    }
    expect(json.freeze).toMatchObject([{ cluster: 'shop', until: end, changes: ['Service/shop/orders'] }])
    expect(json.actions.find((a) => a.name === 'orders')?.frozen?.until).toBe(end)
    const markdown = (await plan('markdown')).stdout
    expect(markdown).toContain(
      `> ❄️ **Frozen:** cluster shop is frozen (freeze window ${start} to ${end}, until ${end})`,
    )
    expect(markdown).toContain(
      `| ~ update | Service shop/orders | **frozen until ${end}**; taskDefinition changed |`,
    )
    const applied = await runCli(
      ['apply', ws.manifests, ...local, '--poll-interval', '100ms', '--ignore-freeze'],
      { env },
    )
    expect(applied.code, applied.stdout + applied.stderr).toBe(0)
  }, 120_000)
})
