/**
 * The local cloud keeps a service's monitoring as ECS does: only on its service revision, which ECS
 * records "when you create a service, or update a service property that starts a deployment"
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-revision.html), and which
 * DescribeServiceRevisions reads by ARN, at most 20 a call
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceRevisions.html). The
 * Service shape of DescribeServices has no monitoring, only `currentServiceRevisions`
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Service.html).
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { errorOf, FARGATE_TASK, startWithClients, type Clients } from '../../support/local-cloud.js'

let c: Clients
beforeEach(async () => {
  c = await startWithClients({ consistencyLagMs: 0 })
  await c.ecs.send(new CreateClusterCommand({ clusterName: 'shop', capacityProviders: ['FARGATE'] }))
  await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
})
afterEach(async () => c.close())

const FAST_CPU = { metricConfigurations: [{ metricNames: ['CPUUtilization'], resolutionSeconds: 20 }] }
const create = (extra: Record<string, unknown> = {}) =>
  c.ecs.send(
    new CreateServiceCommand({
      cluster: 'shop',
      serviceName: 'web',
      taskDefinition: 'web:1',
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
      ...extra,
    }),
  )
const describeWeb = async () =>
  (await c.ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: ['web'] }))).services?.[0]
const revisionsOf = async (arns: string[]) =>
  c.ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: arns }))

describe('monitoring, on the service revision only', () => {
  it('CreateService records it on the first revision; DescribeServices reports only the revision ARN', async () => {
    await create({ monitoring: FAST_CPU })
    const live = await describeWeb()
    expect(live).not.toHaveProperty('monitoring')
    const current = live?.currentServiceRevisions ?? []
    expect(current).toHaveLength(1)
    expect(current[0]?.arn).toMatch(/^arn:aws:ecs:us-east-1:123456789012:service-revision\/shop\/web\/\d+$/)
    expect(current[0]?.requestedTaskCount).toBe(1)
    const out = await revisionsOf([current[0]!.arn!])
    expect(out.failures).toEqual([])
    expect(out.serviceRevisions?.[0]).toMatchObject({
      serviceRevisionArn: current[0]!.arn,
      serviceArn: live?.serviceArn,
      clusterArn: live?.clusterArn,
      taskDefinition: live?.taskDefinition,
      monitoring: FAST_CPU,
    })
  })

  it('a service created without it has a revision without monitoring', async () => {
    await create()
    const arn = (await describeWeb())?.currentServiceRevisions?.[0]?.arn ?? ''
    const [revision] = (await revisionsOf([arn])).serviceRevisions ?? []
    expect(revision?.serviceRevisionArn).toBe(arn)
    expect(revision).not.toHaveProperty('monitoring')
  })

  it('UpdateService with monitoring starts a deployment whose new revision holds it; the old one is kept as it was', async () => {
    await create({ monitoring: FAST_CPU })
    const first = (await describeWeb())?.currentServiceRevisions?.[0]?.arn ?? ''
    const both = {
      metricConfigurations: [{ metricNames: ['CPUUtilization', 'MemoryUtilization'], resolutionSeconds: 20 }],
    }
    await c.ecs.send(new UpdateServiceCommand({ cluster: 'shop', service: 'web', monitoring: both }))
    const live = await describeWeb()
    expect(live?.deployments).toHaveLength(2)
    const arns = (live?.currentServiceRevisions ?? []).map((r) => r.arn ?? '')
    expect(arns).toContain(first)
    const second = arns.find((a) => a !== first) ?? ''
    const out = await revisionsOf([first, second])
    const byArn = new Map((out.serviceRevisions ?? []).map((r) => [r.serviceRevisionArn, r]))
    expect(byArn.get(first)?.monitoring).toEqual(FAST_CPU)
    expect(byArn.get(second)?.monitoring).toEqual(both)
  })

  it('an empty list of metric configurations is accepted (the model allows 0 items)', async () => {
    await create({ monitoring: FAST_CPU })
    await c.ecs.send(
      new UpdateServiceCommand({ cluster: 'shop', service: 'web', monitoring: { metricConfigurations: [] } }),
    )
    const arns = ((await describeWeb())?.currentServiceRevisions ?? []).map((r) => r.arn ?? '')
    const monitorings = ((await revisionsOf(arns)).serviceRevisions ?? []).map((r) => r.monitoring)
    expect(monitorings).toContainEqual({ metricConfigurations: [] })
  })
})

describe('a rollback', () => {
  it('reuses the last successful revision: "Amazon ECS doesn\u2019t create a new service revision for a rollback operation"', async () => {
    await c.close()
    c = await startWithClients({ consistencyLagMs: 0, faults: { failingImages: ['broken'] } })
    await c.ecs.send(new CreateClusterCommand({ clusterName: 'shop', capacityProviders: ['FARGATE'] }))
    await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
    await create({
      monitoring: FAST_CPU,
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    })
    const good = (await describeWeb())?.currentServiceRevisions?.[0]?.arn
    c.cloud.advance(11)
    await c.ecs.send(
      new RegisterTaskDefinitionCommand({
        ...FARGATE_TASK,
        containerDefinitions: [{ ...FARGATE_TASK.containerDefinitions[0]!, image: 'example/broken:1' }],
      }),
    )
    await c.ecs.send(new UpdateServiceCommand({ cluster: 'shop', service: 'web', taskDefinition: 'web:2' }))
    // One task fails every 10 s; the breaker trips at 3 failures (deployment-circuit-breaker.html).
    c.cloud.advance(35)
    const rolling = await describeWeb()
    // The rollback deployment runs the first revision again: no third revision.
    expect(new Set(rolling?.currentServiceRevisions?.map((r) => r.arn)).has(good)).toBe(true)
    expect(rolling?.currentServiceRevisions?.length ?? 0).toBeLessThanOrEqual(2)
    c.cloud.advance(11)
    const live = await describeWeb()
    expect(live?.deployments?.map((d) => d.taskDefinition?.split('/').pop())).toEqual(['web:1'])
    expect(live?.currentServiceRevisions?.map((r) => r.arn)).toEqual([good])
  })
})

describe('DescribeServiceRevisions', () => {
  it('answers an unknown ARN, and the revisions of a deleted service, with a MISSING failure', async () => {
    await create()
    const arn = (await describeWeb())?.currentServiceRevisions?.[0]?.arn ?? ''
    const unknown = 'arn:aws:ecs:us-east-1:123456789012:service-revision/shop/other/123'
    expect((await revisionsOf([unknown])).failures).toEqual([{ arn: unknown, reason: 'MISSING' }])
    await c.ecs.send(new DeleteServiceCommand({ cluster: 'shop', service: 'web', force: true }))
    c.cloud.advance(60)
    // "Amazon ECS deletes the service revision when you delete a service" (service-revision.html).
    expect((await revisionsOf([arn])).failures).toEqual([{ arn, reason: 'MISSING' }])
  })

  it('refuses more than 20 ARNs: "You can specify a maximum of 20 ARNs"', async () => {
    const arns = Array.from(
      { length: 21 },
      (_, i) => `arn:aws:ecs:us-east-1:123456789012:service-revision/shop/web/${i}`,
    )
    const err = await errorOf(revisionsOf(arns))
    expect(err.name).toBe('InvalidParameterException')
  })
})

describe('monitoring checked as the API reference documents it', () => {
  it.each([
    // "The supported metric names are CPUUtilization and MemoryUtilization" (API_MetricConfiguration).
    [{ metricNames: ['NetworkIn'], resolutionSeconds: 20 }, 'InvalidParameterException'],
    // "The valid values are 20 and 60" (API_MetricConfiguration).
    [{ metricNames: ['CPUUtilization'], resolutionSeconds: 30 }, 'InvalidParameterException'],
    // The model: MetricResolutionSeconds is 20 to 60, MetricNamesList has at least 1 item.
    [{ metricNames: ['CPUUtilization'], resolutionSeconds: 10 }, 'ClientException'],
    [{ metricNames: [], resolutionSeconds: 20 }, 'ClientException'],
  ])('refuses %j on create and update', async (config, code) => {
    const monitoring = { metricConfigurations: [config] }
    expect((await errorOf(create({ monitoring }))).name).toBe(code)
    await create()
    const err = await errorOf(
      c.ecs.send(new UpdateServiceCommand({ cluster: 'shop', service: 'web', monitoring })),
    )
    expect(err.name).toBe(code)
  })
})
