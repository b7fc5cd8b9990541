/**
 * The local cloud refuses more than 50 tags per resource as ECS does, and atomically: a refused
 * TagResource or create stores nothing. ECS: "Maximum number of tags per resource - 50"
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TagResource.html).
 * Application Auto Scaling answers TooManyTagsException
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TagResource.html).
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeClustersCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
} from '@aws-sdk/client-ecs'
import {
  ListTagsForResourceCommand as ListFisTags,
  TagResourceCommand as TagFis,
  CreateExperimentTemplateCommand,
} from '@aws-sdk/client-fis'
import { afterEach, describe, expect, it } from 'vitest'
import { ACCOUNT_ID } from '../../../src/localcloud/context.js'
import { errorOf, FARGATE_TASK, startWithClients, type Clients } from '../../support/local-cloud.js'

let c: Clients | undefined
afterEach(async () => {
  await c?.close()
  c = undefined
})

const tagList = (n: number, prefix = 'k') =>
  Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: 'v' }))

async function cluster(clients: Clients, tags = tagList(48)): Promise<string> {
  const out = await clients.ecs.send(new CreateClusterCommand({ clusterName: 'shop', tags }))
  return out.cluster?.clusterArn ?? ''
}

describe('ECS TagResource over 50 tags', () => {
  it('is refused with InvalidParameterException and stores none of the request’s tags', async () => {
    c = await startWithClients({ consistencyLagMs: 0 })
    const arn = await cluster(c)
    const err = await errorOf(
      c.ecs.send(new TagResourceCommand({ resourceArn: arn, tags: tagList(3, 'extra') })),
    )
    expect(err.name).toBe('InvalidParameterException')
    expect(err.message).toContain('at most 50 tags')
    expect(err.$metadata?.httpStatusCode).toBe(400)
    const tags = await c.ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))
    expect(tags.tags).toHaveLength(48)
  })

  it('counts overwritten keys once: re-tagging existing keys at the limit is accepted', async () => {
    c = await startWithClients({ consistencyLagMs: 0 })
    const arn = await cluster(c, tagList(50))
    await c.ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'k0', value: 'changed' }] }))
    const tags = await c.ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))
    expect(tags.tags).toHaveLength(50)
    expect(tags.tags?.find((t) => t.key === 'k0')?.value).toBe('changed')
  })
})

describe('ECS creates with over 50 tags', () => {
  // The request's list is longer than the model allows (`Tags` has at most 50 members): AWS's validation message.
  it('CreateCluster, RegisterTaskDefinition and CreateService are refused and create nothing', async () => {
    c = await startWithClients({ consistencyLagMs: 0 })
    const clusterErr = await errorOf(
      c.ecs.send(new CreateClusterCommand({ clusterName: 'big', tags: tagList(51) })),
    )
    expect(clusterErr.name).toBe('ClientException')
    expect(clusterErr.message).toMatch(/at 'tags' failed to satisfy constraint: .*less than or equal to 50/)
    const clusters = await c.ecs.send(new DescribeClustersCommand({ clusters: ['big'] }))
    expect(clusters.clusters).toEqual([])

    const tdErr = await errorOf(
      c.ecs.send(new RegisterTaskDefinitionCommand({ ...FARGATE_TASK, tags: tagList(51) })),
    )
    expect(tdErr.name).toBe('ClientException')
    expect((await c.ecs.send(new ListTaskDefinitionsCommand({}))).taskDefinitionArns).toEqual([])

    await cluster(c, [])
    const td = await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
    const serviceErr = await errorOf(
      c.ecs.send(
        new CreateServiceCommand({
          cluster: 'shop',
          serviceName: 'web',
          taskDefinition: td.taskDefinition?.taskDefinitionArn,
          desiredCount: 1,
          launchType: 'FARGATE',
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
          tags: tagList(51),
        }),
      ),
    )
    expect(serviceErr.name).toBe('ClientException')
    expect((await c.ecs.send(new ListServicesCommand({ cluster: 'shop' }))).serviceArns).toEqual([])
  })
})

describe('FIS TagResource over 50 tags', () => {
  it('is refused and stores nothing', async () => {
    c = await startWithClients({ consistencyLagMs: 0 })
    const template = await c.fis.send(
      new CreateExperimentTemplateCommand({
        description: 'x',
        roleArn: 'arn:aws:iam::123456789012:role/fis',
        stopConditions: [{ source: 'none' }],
        targets: {},
        actions: { wait: { actionId: 'aws:fis:wait', parameters: { duration: 'PT1M' } } },
        tags: Object.fromEntries(tagList(49).map((t) => [t.key, t.value])),
      }),
    )
    // This FIS client generation does not return the template's ARN; it is built as FIS builds it.
    const arn = `arn:aws:fis:us-east-1:${ACCOUNT_ID}:experiment-template/${template.experimentTemplate?.id ?? ''}`
    const err = await errorOf(c.fis.send(new TagFis({ resourceArn: arn, tags: { a: '1', b: '2' } })))
    expect(err.name).toBe('ValidationException')
    const tags = await c.fis.send(new ListFisTags({ resourceArn: arn }))
    expect(Object.keys(tags.tags ?? {})).toHaveLength(49)
  })
})
