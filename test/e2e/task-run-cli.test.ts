/** End to end: `task run` with the built CLI against the embedded local cloud (docs/operations.md, docs/cli.md). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAST_LOCAL_CLOUD, runCli, workspaceWithExample } from '../support/cli.js'

const ws = workspaceWithExample()
const local = ['--local', '--local-state', ws.state]
const timing = JSON.parse(FAST_LOCAL_CLOUD['ECS_RECONCILER_LOCAL_TIMING'] ?? '{}') as Record<string, number>
const env = {
  ECS_RECONCILER_LOCAL_TIMING: JSON.stringify({ ...timing, taskRunSeconds: 0.3 }),
  // The local cloud's exit-code switch: a container whose command mentions "migrate" exits with 3.
  ECS_RECONCILER_LOCAL_FAULTS: JSON.stringify({ taskExitCodes: [{ match: 'migrate', exitCode: 3 }] }),
}
const taskRun = (...args: string[]) => runCli(['task', 'run', ...args], { env })

afterAll(() => ws.cleanup())

describe('task run', () => {
  beforeAll(async () => {
    const r = await runCli(['apply', ws.manifests, ...local, '--yes', '--poll-interval', '100ms'], { env })
    expect(r.code, r.stdout + r.stderr).toBe(0)
  }, 120_000)

  it('runs the command after -- in the first essential container, shows progress and exits with its code', async () => {
    const r = await taskRun('payments', ws.manifests, ...local, '--', './migrate', '--up')
    expect(r.code, r.stdout + r.stderr).toBe(3)
    expect(r.stderr).toMatch(
      /: PROVISIONING\n[\s\S]*: RUNNING\n[\s\S]*: STOPPED \(EssentialContainerExited\)/,
    )
    expect(r.stdout).toContain('container app exited with 3')
  }, 60_000)

  it('exits 0 when the container does, and reports it as JSON', async () => {
    const r = await taskRun(
      'payments',
      ws.manifests,
      ...local,
      '--command',
      '["./serve-once"]',
      '--env',
      'A=1',
      '-o',
      'json',
    )
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({
      lastStatus: 'STOPPED',
      startedBy: 'ecs-reconciler-task-run',
      container: 'app',
      exitCode: 0,
    })
  }, 60_000)

  it('--no-wait prints the task ARN; --dry-run starts nothing and hides environment values', async () => {
    const started = await taskRun('payments', ws.manifests, ...local, '--no-wait')
    expect(started.code, started.stderr).toBe(0)
    expect(started.stdout.trim()).toMatch(/^arn:aws:ecs:us-east-1:123456789012:task\/shop\/\w+$/)
    const dry = await taskRun(
      'payments',
      ws.manifests,
      ...local,
      '--dry-run',
      '--env',
      'SECRET=hunter2',
      '--',
      'x',
    )
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).not.toContain('hunter2')
    expect(JSON.parse(dry.stdout)).toMatchObject({
      dryRun: true,
      runTask: { command: ['x'], environment: '(sensitive)' },
    })
  }, 60_000)

  it('exits 125 for errors of the tool: an unknown service, a missing revision, a bad --command', async () => {
    const unknown = await taskRun('nope', ws.manifests, ...local)
    expect(unknown.code).toBe(125)
    expect(unknown.stderr).toContain('no Service named "nope"')
    const revision = await taskRun('payments', ws.manifests, ...local, '--revision', '99')
    expect(revision.code).toBe(125)
    expect(revision.stderr).toContain('payments:99 does not exist')
    const command = await taskRun('payments', ws.manifests, ...local, '--command', 'migrate')
    expect(command.code).toBe(125)
    expect(command.stderr).toContain('--command must be a JSON array')
  }, 60_000)

  it('exits 125 on its own usage errors, never a code a container could have returned', async () => {
    const r = await taskRun('payments', ws.manifests, ...local, '--no-such-flag')
    expect(r.code).toBe(125)
    expect(r.stderr).toMatch(/unknown option '--no-such-flag'/)
  }, 60_000)
})
