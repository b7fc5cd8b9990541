/**
 * One-off tasks on the local cloud through @aws-sdk/client-ecs: RunTask, DescribeTasks, ListTasks,
 * StopTask (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html; task states:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html;
 * idempotency: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/ECS_Idempotency.html).
 */
import {
  CreateClusterCommand,
  DescribeTasksCommand,
  ListTagsForResourceCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type RunTaskCommandInput,
} from '@aws-sdk/client-ecs'
import { afterEach, describe, expect, it } from 'vitest'
import { errorOf, FARGATE_TASK, startWithClients, type Clients } from '../../support/local-cloud.js'

let c: Clients
afterEach(async () => c.close())

const network = { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } }

async function start(faults = {}): Promise<void> {
  c = await startWithClients({
    faults,
    timing: { taskStartSeconds: 10, taskRunSeconds: 30, drainSeconds: 30, namespaceCreateSeconds: 5 },
  })
  await c.ecs.send(new CreateClusterCommand({ clusterName: 'shop', capacityProviders: ['FARGATE'] }))
  await c.ecs.send(
    new RegisterTaskDefinitionCommand({
      ...FARGATE_TASK,
      containerDefinitions: [
        { name: 'app', image: 'public.ecr.aws/shop/web:1', command: ['serve'] },
        { name: 'log', image: 'public.ecr.aws/shop/log:1', essential: false },
      ],
    }),
  )
}

const run = (extra: Partial<RunTaskCommandInput> = {}) =>
  c.ecs.send(
    new RunTaskCommand({
      cluster: 'shop',
      taskDefinition: 'web',
      networkConfiguration: network,
      startedBy: 'ecs-reconciler/task-run',
      tags: [{ key: 'ecs-reconciler:managed-by', value: 'ecs-reconciler' }],
      ...extra,
    }),
  )

const describeTask = async (arn: string) =>
  (await c.ecs.send(new DescribeTasksCommand({ cluster: 'shop', tasks: [arn], include: ['TAGS'] })))
    .tasks?.[0]

describe('RunTask', () => {
  it('moves a task through PROVISIONING, PENDING, RUNNING to STOPPED with each container exit code', async () => {
    await start({ taskExitCodes: [{ match: 'migrate', exitCode: 3 }] })
    const out = await run({
      overrides: { containerOverrides: [{ name: 'app', command: ['./migrate', '--up'] }] },
    })
    expect(out.failures).toEqual([])
    const task = out.tasks?.[0]
    expect(task).toMatchObject({
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      group: 'family:web',
      startedBy: 'ecs-reconciler/task-run',
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
      overrides: { containerOverrides: [{ name: 'app', command: ['./migrate', '--up'] }] },
    })
    const arn = task?.taskArn ?? ''
    c.cloud.advance(6)
    expect((await describeTask(arn))?.lastStatus).toBe('PENDING')
    c.cloud.advance(5)
    expect((await describeTask(arn))?.lastStatus).toBe('RUNNING')
    c.cloud.advance(30)
    const stopped = await describeTask(arn)
    expect(stopped).toMatchObject({
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      tags: [{ key: 'ecs-reconciler:managed-by', value: 'ecs-reconciler' }],
    })
    expect(stopped?.containers?.map((x) => [x.name, x.exitCode]).sort()).toEqual([
      ['app', 3],
      ['log', 0],
    ])
  })

  it('a failing image exits 1 as it starts', async () => {
    await start({ failingImages: ['shop/web'] })
    const arn = (await run()).tasks?.[0]?.taskArn ?? ''
    c.cloud.advance(11)
    const task = await describeTask(arn)
    expect(task).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited' })
    expect(task?.containers?.find((x) => x.name === 'app')?.exitCode).toBe(1)
  })

  it('answers a retry with the same clientToken with the same task, and another request with ConflictException', async () => {
    await start()
    const first = await run({ clientToken: 'web-7-hook' })
    const again = await run({ clientToken: 'web-7-hook' })
    expect(again.tasks?.map((t) => t.taskArn)).toEqual(first.tasks?.map((t) => t.taskArn))
    const conflict = await errorOf(run({ clientToken: 'web-7-hook', startedBy: 'someone-else' }))
    expect(conflict.name).toBe('ConflictException')
    const listed = await c.ecs.send(
      new ListTasksCommand({ cluster: 'shop', startedBy: 'ecs-reconciler/task-run' }),
    )
    expect(listed.taskArns).toEqual(first.tasks?.map((t) => t.taskArn))
  })

  it('refuses an awsvpc task without a network configuration, unknown subnets and a count over 10', async () => {
    await start()
    const noNetwork = await errorOf(
      c.ecs.send(new RunTaskCommand({ cluster: 'shop', taskDefinition: 'web' })),
    )
    expect(noNetwork).toMatchObject({ name: 'InvalidParameterException' })
    expect(noNetwork.message).toMatch(/Network Configuration must be provided/)
    const unknown = await errorOf(
      run({ networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef9'] } } }),
    )
    expect(unknown.message).toMatch(/does not exist/)
    expect((await errorOf(run({ count: 11 }))).name).toBe('InvalidParameterException')
    expect((await errorOf(run({ taskDefinition: 'nope' }))).name).toBe('ClientException')
    expect((await errorOf(run({ startedBy: 'has spaces' }))).name).toBe('InvalidParameterException')
  })

  it('tags a one-off task, lists it by family and desired status, and stops it on request', async () => {
    await start()
    const arn = (await run({ count: 2 })).tasks?.[0]?.taskArn ?? ''
    const tags = await c.ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))
    expect(tags.tags).toEqual([{ key: 'ecs-reconciler:managed-by', value: 'ecs-reconciler' }])
    expect(
      (await c.ecs.send(new ListTasksCommand({ cluster: 'shop', family: 'web' }))).taskArns,
    ).toHaveLength(2)
    c.cloud.advance(11)
    const stopped = await c.ecs.send(new StopTaskCommand({ cluster: 'shop', task: arn, reason: 'enough' }))
    expect(stopped.task).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'enough',
    })
    const running = await c.ecs.send(new ListTasksCommand({ cluster: 'shop', family: 'web' }))
    expect(running.taskArns).toHaveLength(1)
    const gone = await c.ecs.send(new ListTasksCommand({ cluster: 'shop', desiredStatus: 'STOPPED' }))
    expect(gone.taskArns).toEqual([arn])
  })
})
