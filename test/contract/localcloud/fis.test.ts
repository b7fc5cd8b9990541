/** Local cloud conformance for FIS (restJson1), including `aws:ecs:stop-task` (aws-facts §7). */
import { CreateClusterCommand, CreateServiceCommand, DescribeServicesCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
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
  await c.ecs.send(new CreateServiceCommand({ networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } }, cluster: 'shop', serviceName: 'web', taskDefinition: 'web:1', desiredCount: 3 }))
  c.cloud.advance(11)
})
afterEach(async () => c.close())

const template = (actions: Record<string, { actionId: string; parameters?: Record<string, string> }>) => ({
  clientToken: crypto.randomUUID(),
  description: 'stop a web task',
  roleArn: 'arn:aws:iam::123456789012:role/fis',
  stopConditions: [{ source: 'none' }],
  targets: { tasks: { resourceType: 'aws:ecs:task', selectionMode: 'COUNT(1)', parameters: { cluster: 'shop', service: 'web' } } },
  actions: Object.fromEntries(Object.entries(actions).map(([k, a]) => [k, { ...a, targets: { Tasks: 'tasks' } }])),
  tags: { 'ecs-reconciler:resource': 'ChaosSchedule/web' },
})

describe('FIS', () => {
  it('templates: create, get, list with tags, update, delete; validation errors', async () => {
    const created = await c.fis.send(new CreateExperimentTemplateCommand(template({ stop: { actionId: 'aws:ecs:stop-task' } })))
    const id = created.experimentTemplate?.id ?? ''
    expect(id).toMatch(/^EXT/)
    expect((await c.fis.send(new GetExperimentTemplateCommand({ id }))).experimentTemplate?.targets?.['tasks']?.selectionMode).toBe('COUNT(1)')
    expect((await c.fis.send(new ListExperimentTemplatesCommand({}))).experimentTemplates?.[0]?.tags).toEqual({ 'ecs-reconciler:resource': 'ChaosSchedule/web' })
    await c.fis.send(new UpdateExperimentTemplateCommand({ id, description: 'changed' }))
    expect((await c.fis.send(new GetExperimentTemplateCommand({ id }))).experimentTemplate?.description).toBe('changed')
    await c.fis.send(new DeleteExperimentTemplateCommand({ id }))
    expect((await errorOf(c.fis.send(new GetExperimentTemplateCommand({ id })))).name).toBe('ResourceNotFoundException')
    const unknownAction = await errorOf(c.fis.send(new CreateExperimentTemplateCommand(template({ x: { actionId: 'aws:ecs:teleport' } }))))
    expect(unknownAction.name).toBe('ValidationException')
    const badSelection = template({ stop: { actionId: 'aws:ecs:stop-task' } })
    badSelection.targets.tasks.selectionMode = 'SOME'
    expect((await errorOf(c.fis.send(new CreateExperimentTemplateCommand(badSelection)))).name).toBe('ValidationException')
  })

  it('an aws:ecs:stop-task experiment stops one task, the service replaces it, the experiment completes', async () => {
    const id = (await c.fis.send(new CreateExperimentTemplateCommand(template({ stop: { actionId: 'aws:ecs:stop-task' } })))).experimentTemplate?.id
    const started = await c.fis.send(new StartExperimentCommand({ clientToken: crypto.randomUUID(), experimentTemplateId: id, tags: { run: '1' } }))
    const experimentId = started.experiment?.id
    expect(started.experiment?.state?.status).toBe('initiating')
    c.cloud.advance(1)
    const running = (await c.ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: ['web'] }))).services?.[0]
    expect(running).toMatchObject({ runningCount: 2, pendingCount: 1 })
    c.cloud.advance(11)
    expect((await c.ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: ['web'] }))).services?.[0]).toMatchObject({ runningCount: 3 })
    expect((await c.fis.send(new GetExperimentCommand({ id: experimentId }))).experiment?.state?.status).toBe('completed')
    expect((await c.fis.send(new ListExperimentsCommand({}))).experiments?.map((e) => e.id)).toEqual([experimentId])
  })

  it('a timed action runs for its duration and can be stopped; tags on experiments', async () => {
    const id = (await c.fis.send(new CreateExperimentTemplateCommand(template({ burn: { actionId: 'aws:ecs:task-cpu-stress', parameters: { duration: 'PT5M' } } })))).experimentTemplate?.id
    const experimentId = (await c.fis.send(new StartExperimentCommand({ clientToken: crypto.randomUUID(), experimentTemplateId: id }))).experiment?.id
    c.cloud.advance(60)
    expect((await c.fis.send(new GetExperimentCommand({ id: experimentId }))).experiment?.state?.status).toBe('running')
    const arn = `arn:aws:fis:us-east-1:123456789012:experiment/${experimentId ?? ''}`
    await c.fis.send(new TagResourceCommand({ resourceArn: arn, tags: { a: '1', b: '2' } }))
    await c.fis.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a'] }))
    expect((await c.fis.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ b: '2' })
    await c.fis.send(new StopExperimentCommand({ id: experimentId }))
    expect((await c.fis.send(new GetExperimentCommand({ id: experimentId }))).experiment?.state?.status).toBe('stopped')
    expect((await errorOf(c.fis.send(new GetExperimentCommand({ id: 'EXPnope' })))).name).toBe('ResourceNotFoundException')
  })
})
