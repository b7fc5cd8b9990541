/**
 * End to end: `Service.spec.hooks.preDeploy` with the built CLI against the embedded local cloud. The
 * hook is a one-off task of the NEW revision (RunTask,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html); its container's exit
 * code decides whether the rollout starts. The local cloud's `taskExitCodes` switch makes a command
 * mentioning "migrate-broken" exit 2 (docs/local-cloud.md).
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAST_LOCAL_CLOUD, runCli, workspaceWithExample } from '../support/cli.js'

interface PlanJson {
  actions: {
    name: string
    action: string
    reasons: string[]
    diff: { path: string }[]
    hook?: { stage: string; command: string[]; container: string | null; timeoutSeconds: number }
  }[]
}

const ws = workspaceWithExample()
const local = ['--local', '--local-state', ws.state]
const timing = JSON.parse(FAST_LOCAL_CLOUD['ECS_RECONCILER_LOCAL_TIMING'] ?? '{}') as Record<string, number>
const env = {
  ECS_RECONCILER_LOCAL_TIMING: JSON.stringify({ ...timing, taskRunSeconds: 1.5 }),
  ECS_RECONCILER_LOCAL_FAULTS: JSON.stringify({ taskExitCodes: [{ match: 'migrate-broken', exitCode: 2 }] }),
}
const cli = (...args: string[]) => runCli(args, { env })
const apply = () => cli('apply', ws.manifests, ...local, '--yes', '--poll-interval', '100ms')
const plan = async () => {
  const r = await cli('plan', ws.manifests, ...local, '--output', 'json')
  expect(r.code, r.stderr).toBe(0)
  return (JSON.parse(r.stdout) as PlanJson).actions.find((a) => a.name === 'payments')
}

interface StateTask {
  taskDefinitionArn: string
  run?: { startedBy?: string }
}

/** The hook tasks the local cloud has started, as `family:revision` of each. */
function hookTasks(): string[] {
  const world = JSON.parse(readFileSync(ws.state, 'utf8')) as { ecs: { tasks: Record<string, StateTask> } }
  return Object.values(world.ecs.tasks)
    .filter((t) => t.run?.startedBy?.startsWith('ecs-reconciler-pre-deploy-'))
    .map((t) => t.taskDefinitionArn.split('/').pop() ?? '')
    .sort()
}

afterAll(() => ws.cleanup())

describe('pre-deploy hooks', () => {
  beforeAll(async () => {
    ws.edit(
      'payments.yaml',
      '  launchType: FARGATE',
      '  hooks:\n    preDeploy:\n      command: [./migrate, --up]\n  launchType: FARGATE',
    )
    const r = await apply()
    expect(r.code, r.stdout + r.stderr).toBe(0)
  }, 180_000)

  it('ran the hook of the first revision before creating the service, once', () => {
    expect(hookTasks()).toEqual(['payments:1'])
  })

  it('plans the hook as a step of a new revision, runs it once, even across a killed apply', async () => {
    ws.edit('payments.yaml', 'payments:1.4.2', 'payments:1.5.0')
    const planned = await plan()
    expect(planned?.action).toBe('update')
    expect(planned?.hook).toEqual({
      stage: 'preDeploy',
      command: ['./migrate', '--up'],
      container: null,
      timeoutSeconds: 600,
    })
    const text = await cli('plan', ws.manifests, ...local)
    expect(text.stdout).toContain(
      'pre-deploy hook: runs ["./migrate","--up"] in the first essential container',
    )

    // Killed while the hook task runs: the next apply waits for that task instead of starting another.
    const killed = await runCli(['apply', ws.manifests, ...local, '--yes', '--poll-interval', '100ms'], {
      env,
      onStdout: (_chunk, child) => {
        const poll = setInterval(() => {
          if (hookTasks().includes('payments:2')) {
            clearInterval(poll)
            child.kill('SIGKILL')
          }
        }, 50)
        child.once('exit', () => clearInterval(poll))
      },
    })
    expect(killed.code).toBeNull()
    expect(hookTasks()).toEqual(['payments:1', 'payments:2'])
    const resumed = await apply()
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0)
    expect(hookTasks()).toEqual(['payments:1', 'payments:2'])
    expect((await plan())?.action).toBe('noop')
    // Nothing new to roll out: no hook.
    expect((await apply()).code).toBe(0)
    expect(hookTasks()).toEqual(['payments:1', 'payments:2'])
  }, 180_000)

  it('a failing hook (even with --no-wait) leaves the old revision serving, exits 1 with the cause, and is not rerun until resume', async () => {
    ws.edit('payments.yaml', 'payments:1.5.0', 'payments:1.6.0')
    ws.edit('payments.yaml', 'command: [./migrate, --up]', 'command: [./migrate-broken, --up]')
    // --no-wait skips waiting for rollouts, never for the hook that decides whether one starts.
    const failed = await cli(
      'apply',
      ws.manifests,
      ...local,
      '--yes',
      '--no-wait',
      '--poll-interval',
      '100ms',
    )
    expect(failed.code, failed.stdout + failed.stderr).toBe(1)
    expect(failed.stdout + failed.stderr).toMatch(
      /pre-deploy hook of payments:3 failed: container app exited 2/,
    )
    expect(failed.stdout + failed.stderr).toMatch(/EssentialContainerExited/)
    expect(hookTasks()).toEqual(['payments:1', 'payments:2', 'payments:3'])

    const after = await plan()
    // Still on revision 2: the image change is still to roll out, and the plan says why it will fail.
    expect(after?.action).toBe('update')
    expect(after?.diff.map((d) => d.path)).toContain('taskDefinition.containers.app.image')
    expect(after?.reasons.join(' ')).toMatch(
      /pre-deploy hook failed for revision payments:3 \(container app exited 2\)/,
    )

    const again = await apply()
    expect(again.code).toBe(1)
    expect(hookTasks()).toHaveLength(3)

    const resume = await cli('resume', 'payments', ws.manifests, ...local)
    expect(resume.code, resume.stderr).toBe(0)
    expect(resume.stdout).toContain('failed pre-deploy hook cleared')
    ws.edit('payments.yaml', 'command: [./migrate-broken, --up]', 'command: [./migrate, --up]')
    const fixed = await apply()
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0)
    expect(hookTasks()).toEqual(['payments:1', 'payments:2', 'payments:3', 'payments:3'])
    expect((await plan())?.action).toBe('noop')
  }, 180_000)
})
