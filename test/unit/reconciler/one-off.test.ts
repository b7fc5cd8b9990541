/** One-off tasks: the RunTask request a service's task gets, and waiting for it to stop (docs/operations.md). */
import { describe, expect, it } from 'vitest'
import type { ActualService, ActualTaskDefinition, OneOffTask } from '../../../src/cloud/ports/index.js'
import { chosenContainer, exitCodeOf, runTaskInput } from '../../../src/reconciler/one-off/run-spec.js'
import { waitForTaskStop } from '../../../src/reconciler/one-off/wait.js'
import type { Clock } from '../../../src/shared/clock.js'

const td = {
  arn: 'arn:aws:ecs:us-east-1:1:task-definition/web:4',
  family: 'web',
  revision: 4,
  status: 'ACTIVE',
  tags: {},
  containerDefinitions: [
    { name: 'log', image: 'log:1', essential: false },
    { name: 'app', image: 'web:1' },
  ],
} as unknown as ActualTaskDefinition

const service = {
  networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
  capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
  platformVersion: 'LATEST',
} as unknown as ActualService

describe('runTaskInput', () => {
  it('takes the first essential container unless one is named, and refuses an unknown name', () => {
    expect(chosenContainer(td, undefined)).toBe('app')
    expect(chosenContainer(td, 'log')).toBe('log')
    expect(() => chosenContainer(td, 'db')).toThrow(/has no container "db"/)
  })

  it.each([
    ['a capacity provider strategy', service, { capacityProviderStrategy: service.capacityProviderStrategy }],
    ['a launch type', { ...service, capacityProviderStrategy: [] }, { launchType: 'FARGATE' }],
  ])('runs with the service’s network, platform and %s', (_label, svc, capacity) => {
    const input = runTaskInput({
      service: svc,
      cluster: 'shop',
      taskDefinition: td,
      container: 'app',
      command: ['./migrate'],
      environment: {},
      startedBy: 'me',
      tags: { a: 'b' },
      clientToken: 'tok',
    })
    expect(input).toEqual({
      cluster: 'shop',
      taskDefinition: td.arn,
      startedBy: 'me',
      tags: { a: 'b' },
      ...capacity,
      platformVersion: 'LATEST',
      networkConfiguration: service.networkConfiguration,
      container: 'app',
      command: ['./migrate'],
      clientToken: 'tok',
    })
  })
})

function fakeClock(): Clock {
  let now = 0
  return { now: () => now, sleep: (ms) => Promise.resolve(void (now += ms)) }
}

const task = (lastStatus: string, exitCode?: number): OneOffTask => ({
  arn: 'arn:task/shop/1',
  taskDefinition: td.arn,
  lastStatus,
  desiredStatus: lastStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING',
  tags: {},
  containers: [{ name: 'app', ...(exitCode !== undefined ? { exitCode } : {}) }],
})

describe('waitForTaskStop', () => {
  it('reports each status once and returns the stopped task with its exit code', async () => {
    const reads = [[task('PENDING')], [], [task('RUNNING')], [task('RUNNING')], [task('STOPPED', 3)]]
    const seen: string[] = []
    const stopped = await waitForTaskStop(
      {
        reader: {
          describeTasks: () => Promise.resolve(reads.shift() ?? []),
          listTasksStartedBy: () => Promise.resolve([]),
        },
        clock: fakeClock(),
        cluster: 'shop',
        pollMs: 1000,
        timeoutMs: Infinity,
        onStatus: (t) => seen.push(t.lastStatus),
      },
      task('PROVISIONING'),
    )
    expect(seen).toEqual(['PROVISIONING', 'PENDING', 'RUNNING', 'STOPPED'])
    expect(exitCodeOf(stopped, 'app')).toBe(3)
  })

  it('times out on a task that keeps running, and gives up on one that stays missing', async () => {
    const running = {
      describeTasks: () => Promise.resolve([task('RUNNING')]),
      listTasksStartedBy: () => Promise.resolve([]),
    }
    const wait = { reader: running, clock: fakeClock(), cluster: 'shop', pollMs: 1000, timeoutMs: 10_000 }
    await expect(waitForTaskStop(wait, task('PROVISIONING'))).rejects.toThrow(/still RUNNING after 10s/)
    const missing = {
      describeTasks: () => Promise.resolve([]),
      listTasksStartedBy: () => Promise.resolve([]),
    }
    await expect(
      waitForTaskStop({ ...wait, reader: missing, timeoutMs: Infinity }, task('PROVISIONING')),
    ).rejects.toThrow(/is not found/)
  })
})
