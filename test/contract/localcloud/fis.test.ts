/** Local cloud conformance for FIS (restJson1), including `aws:ecs:stop-task` (aws-facts §7). */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs'
import {
  CreateExperimentTemplateCommand,
  DeleteExperimentTemplateCommand,
  GetExperimentCommand,
  GetExperimentTemplateCommand,
  ListExperimentsCommand,
  ListExperimentTemplatesCommand,
  ListTagsForResourceCommand,
  StartExperimentCommand,
  StopExperimentCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateExperimentTemplateCommand,
} from '@aws-sdk/client-fis'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { errorOf, FARGATE_TASK, startWithClients, type Clients } from '../../support/local-cloud.js'

let c: Clients
beforeEach(async () => {
  c = await startWithClients()
  await c.ecs.send(new CreateClusterCommand({ clusterName: 'shop' }))
  await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
  await c.ecs.send(
    new CreateServiceCommand({
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
      cluster: 'shop',
      serviceName: 'web',
      taskDefinition: 'web:1',
      desiredCount: 3,
    }),
  )
  c.cloud.advance(11)
})
afterEach(async () => c.close())

const template = (actions: Record<string, { actionId: string; parameters?: Record<string, string> }>) => ({
  clientToken: crypto.randomUUID(),
  description: 'stop a web task',
  roleArn: 'arn:aws:iam::123456789012:role/fis',
  stopConditions: [{ source: 'none' }],
  targets: {
    tasks: {
      resourceType: 'aws:ecs:task',
      selectionMode: 'COUNT(1)',
      parameters: { cluster: 'shop', service: 'web' },
    },
  },
  actions: Object.fromEntries(
    Object.entries(actions).map(([k, a]) => [k, { ...a, targets: { Tasks: 'tasks' } }]),
  ),
  tags: { 'ecs-reconciler:resource': 'ChaosSchedule/web' },
})

describe('FIS', () => {
  it('templates: create, get, list with tags, update, delete; validation errors', async () => {
    const created = await c.fis.send(
      new CreateExperimentTemplateCommand(template({ stop: { actionId: 'aws:ecs:stop-task' } })),
    )
    const id = created.experimentTemplate?.id ?? ''
    expect(id).toMatch(/^EXT/)
    expect(
      (await c.fis.send(new GetExperimentTemplateCommand({ id }))).experimentTemplate?.targets?.['tasks']
        ?.selectionMode,
    ).toBe('COUNT(1)')
    expect((await c.fis.send(new ListExperimentTemplatesCommand({}))).experimentTemplates?.[0]?.tags).toEqual(
      { 'ecs-reconciler:resource': 'ChaosSchedule/web' },
    )
    await c.fis.send(new UpdateExperimentTemplateCommand({ id, description: 'changed' }))
    expect((await c.fis.send(new GetExperimentTemplateCommand({ id }))).experimentTemplate?.description).toBe(
      'changed',
    )
    await c.fis.send(new DeleteExperimentTemplateCommand({ id }))
    expect((await errorOf(c.fis.send(new GetExperimentTemplateCommand({ id })))).name).toBe(
      'ResourceNotFoundException',
    )
    const unknownAction = await errorOf(
      c.fis.send(new CreateExperimentTemplateCommand(template({ x: { actionId: 'aws:ecs:teleport' } }))),
    )
    expect(unknownAction.name).toBe('ValidationException')
    const badSelection = template({ stop: { actionId: 'aws:ecs:stop-task' } })
    badSelection.targets.tasks.selectionMode = 'SOME'
    expect((await errorOf(c.fis.send(new CreateExperimentTemplateCommand(badSelection)))).name).toBe(
      'ValidationException',
    )
  })

  it('an aws:ecs:stop-task experiment stops one task, the service replaces it, the experiment completes', async () => {
    const id = (
      await c.fis.send(
        new CreateExperimentTemplateCommand(template({ stop: { actionId: 'aws:ecs:stop-task' } })),
      )
    ).experimentTemplate?.id
    const started = await c.fis.send(
      new StartExperimentCommand({
        clientToken: crypto.randomUUID(),
        experimentTemplateId: id,
        tags: { run: '1' },
      }),
    )
    const experimentId = started.experiment?.id
    expect(started.experiment?.state?.status).toBe('initiating')
    c.cloud.advance(1)
    const running = (await c.ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: ['web'] })))
      .services?.[0]
    expect(running).toMatchObject({ runningCount: 2, pendingCount: 1 })
    c.cloud.advance(11)
    expect(
      (await c.ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: ['web'] }))).services?.[0],
    ).toMatchObject({ runningCount: 3 })
    expect((await c.fis.send(new GetExperimentCommand({ id: experimentId }))).experiment?.state?.status).toBe(
      'completed',
    )
    expect((await c.fis.send(new ListExperimentsCommand({}))).experiments?.map((e) => e.id)).toEqual([
      experimentId,
    ])
  })

  it('a timed action runs for its duration and can be stopped; tags on experiments', async () => {
    const id = (
      await c.fis.send(
        new CreateExperimentTemplateCommand(
          template({ burn: { actionId: 'aws:ecs:task-cpu-stress', parameters: { duration: 'PT5M' } } }),
        ),
      )
    ).experimentTemplate?.id
    const experimentId = (
      await c.fis.send(
        new StartExperimentCommand({ clientToken: crypto.randomUUID(), experimentTemplateId: id }),
      )
    ).experiment?.id
    c.cloud.advance(60)
    expect((await c.fis.send(new GetExperimentCommand({ id: experimentId }))).experiment?.state?.status).toBe(
      'running',
    )
    const arn = `arn:aws:fis:us-east-1:123456789012:experiment/${experimentId ?? ''}`
    await c.fis.send(new TagResourceCommand({ resourceArn: arn, tags: { a: '1', b: '2' } }))
    await c.fis.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a'] }))
    expect((await c.fis.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ b: '2' })
    await c.fis.send(new StopExperimentCommand({ id: experimentId }))
    expect((await c.fis.send(new GetExperimentCommand({ id: experimentId }))).experiment?.state?.status).toBe(
      'stopped',
    )
    expect((await errorOf(c.fis.send(new GetExperimentCommand({ id: 'EXPnope' })))).name).toBe(
      'ResourceNotFoundException',
    )
  })
})

/**
 * Experiments that run (https://docs.aws.amazon.com/fis/latest/APIReference/API_StartExperiment.html,
 * API_ListExperiments.html, API_StopExperiment.html; https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html,
 * targets.html, actions.html).
 */
describe('FIS experiments run on the local clock', () => {
  const alarm = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-5xx'
  const withStopCondition = (actions: Parameters<typeof template>[0]) => ({
    ...template(actions),
    stopConditions: [{ source: 'aws:cloudwatch:alarm', value: alarm }],
  })
  const experiment = async (id: string | undefined) =>
    (await c.fis.send(new GetExperimentCommand({ id }))).experiment

  it('StartExperiment is idempotent on clientToken: the same token returns the same experiment', async () => {
    const templateId = (
      await c.fis.send(
        new CreateExperimentTemplateCommand(
          template({ burn: { actionId: 'aws:ecs:task-cpu-stress', parameters: { duration: 'PT2M' } } }),
        ),
      )
    ).experimentTemplate?.id
    const first = await c.fis.send(
      new StartExperimentCommand({
        clientToken: 'ecsr-slot-1',
        experimentTemplateId: templateId,
        tags: { slot: '1' },
      }),
    )
    c.cloud.advance(5)
    const again = await c.fis.send(
      new StartExperimentCommand({
        clientToken: 'ecsr-slot-1',
        experimentTemplateId: templateId,
        tags: { slot: '1' },
      }),
    )
    expect(again.experiment?.id).toBe(first.experiment?.id)
    expect(again.experiment?.state?.status).toBe('running')
    expect((await c.fis.send(new ListExperimentsCommand({}))).experiments).toHaveLength(1)
    const other = await c.fis.send(
      new StartExperimentCommand({ clientToken: 'ecsr-slot-2', experimentTemplateId: templateId }),
    )
    expect(other.experiment?.id).not.toBe(first.experiment?.id)
  })

  it('ListExperiments pages (maxResults 1–100) and filters by experimentTemplateId; summaries carry tags', async () => {
    const a = (
      await c.fis.send(
        new CreateExperimentTemplateCommand(template({ stop: { actionId: 'aws:ecs:stop-task' } })),
      )
    ).experimentTemplate?.id
    const b = (
      await c.fis.send(
        new CreateExperimentTemplateCommand(template({ stop: { actionId: 'aws:ecs:stop-task' } })),
      )
    ).experimentTemplate?.id
    for (let i = 0; i < 3; i++) {
      await c.fis.send(
        new StartExperimentCommand({
          clientToken: `a-${i}`,
          experimentTemplateId: a,
          tags: { n: String(i) },
        }),
      )
      c.cloud.advance(15)
    }
    await c.fis.send(new StartExperimentCommand({ clientToken: 'b-0', experimentTemplateId: b }))
    const first = await c.fis.send(new ListExperimentsCommand({ maxResults: 3 }))
    expect(first.experiments?.map((e) => e.tags?.['n'])).toEqual(['0', '1', '2'])
    expect(first.nextToken).toBeDefined()
    const second = await c.fis.send(
      new ListExperimentsCommand({ maxResults: 3, nextToken: first.nextToken ?? '' }),
    )
    expect(second.experiments?.map((e) => e.experimentTemplateId)).toEqual([b])
    expect(second.nextToken).toBeUndefined()
    // The pinned SDK predates the experimentTemplateId query parameter, so the filter is checked on the wire.
    const filtered = (await (
      await fetch(`${c.cloud.endpoint}/experiments?experimentTemplateId=${a ?? ''}`)
    ).json()) as { experiments: { experimentTemplateId: string }[] }
    expect(filtered.experiments.map((e) => e.experimentTemplateId)).toEqual([a, a, a])
    expect((await errorOf(c.fis.send(new ListExperimentsCommand({ maxResults: 101 }))))?.name).toBe(
      'ValidationException',
    )
  })

  it('actions run in startAfter order for their durations: a wait, then stop-task; then completed', async () => {
    const body = template({ stop: { actionId: 'aws:ecs:stop-task' } })
    const withWait = {
      ...body,
      actions: {
        wait: { actionId: 'aws:fis:wait', parameters: { duration: 'PT1M' } },
        stop: { ...body.actions['stop'], actionId: 'aws:ecs:stop-task', startAfter: ['wait'] },
      },
    }
    const templateId = (await c.fis.send(new CreateExperimentTemplateCommand(withWait))).experimentTemplate
      ?.id
    const id = (
      await c.fis.send(new StartExperimentCommand({ clientToken: 'seq', experimentTemplateId: templateId }))
    ).experiment?.id
    c.cloud.advance(30)
    const mid = await experiment(id)
    expect(mid?.state?.status).toBe('running')
    expect(mid?.actions?.['wait']?.state?.status).toBe('running')
    expect(mid?.actions?.['stop']?.state?.status).toBe('pending')
    expect(
      (await c.ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: ['web'] }))).services?.[0]
        ?.runningCount,
    ).toBe(3)
    c.cloud.advance(31)
    expect(
      (await c.ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: ['web'] }))).services?.[0]
        ?.runningCount,
    ).toBe(2)
    const done = await experiment(id)
    expect(done?.state?.status).toBe('completed')
    expect(done?.actions?.['stop']?.state?.status).toBe('completed')
  })

  it('StopExperiment answers stopping, then the experiment is stopped and its running fault ends', async () => {
    const templateId = (
      await c.fis.send(
        new CreateExperimentTemplateCommand(
          template({ burn: { actionId: 'aws:ecs:task-cpu-stress', parameters: { duration: 'PT5M' } } }),
        ),
      )
    ).experimentTemplate?.id
    const id = (
      await c.fis.send(
        new StartExperimentCommand({ clientToken: 'stop-me', experimentTemplateId: templateId }),
      )
    ).experiment?.id
    c.cloud.advance(10)
    expect((await c.fis.send(new StopExperimentCommand({ id }))).experiment?.state?.status).toBe('stopping')
    const stopped = await experiment(id)
    expect(stopped?.state?.status).toBe('stopped')
    expect(stopped?.actions?.['burn']?.state?.status).toBe('stopped')
    expect(stopped?.endTime).toBeDefined()
  })

  it('a stop condition whose alarm fires stops the experiment, naming the alarm', async () => {
    const templateId = (
      await c.fis.send(
        new CreateExperimentTemplateCommand(
          withStopCondition({
            burn: { actionId: 'aws:ecs:task-cpu-stress', parameters: { duration: 'PT5M' } },
          }),
        ),
      )
    ).experimentTemplate?.id
    const id = (
      await c.fis.send(
        new StartExperimentCommand({ clientToken: 'alarmed', experimentTemplateId: templateId }),
      )
    ).experiment?.id
    c.cloud.advance(60)
    expect((await experiment(id))?.state?.status).toBe('running')
    c.cloud.setAlarm(alarm, true)
    const stopped = await experiment(id)
    expect(stopped?.state?.status).toBe('stopped')
    expect(stopped?.state?.reason).toContain(alarm)
  })

  it('a target that resolves to no task fails the experiment with the reason', async () => {
    const body = template({ stop: { actionId: 'aws:ecs:stop-task' } })
    body.targets.tasks.parameters = { cluster: 'shop', service: 'absent' }
    const templateId = (await c.fis.send(new CreateExperimentTemplateCommand(body))).experimentTemplate?.id
    const id = (
      await c.fis.send(new StartExperimentCommand({ clientToken: 'empty', experimentTemplateId: templateId }))
    ).experiment?.id
    c.cloud.advance(1)
    const failed = await experiment(id)
    expect(failed?.state?.status).toBe('failed')
    expect(failed?.state?.reason).toMatch(/no resources/)
  })
})
