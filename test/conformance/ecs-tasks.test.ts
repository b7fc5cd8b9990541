/**
 * One-off tasks as the ECS API reference documents them (RunTask, DescribeTasks, ListTasks, StopTask:
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html), run against the target
 * of this run: what `task run` and pre-deploy hooks depend on.
 */
import {
  DescribeTasksCommand,
  ListTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  type RunTaskCommandInput,
} from '@aws-sdk/client-ecs'
import { afterAll, beforeAll, describe, expect } from 'vitest'
import { motoGap, openTarget, uniqueName, type Target } from './target.js'

let t: Target
beforeAll(async () => {
  t = await openTarget()
})
afterAll(async () => {
  await t?.close()
})

/** A cluster, a Fargate task definition and the awsvpc network a one-off task needs. */
async function fixture(base: string): Promise<Omit<RunTaskCommandInput, 'startedBy'>> {
  const cluster = uniqueName(base)
  await t.cloud.writers!.ecs.createCluster({ name: cluster })
  const td = await t.cloud.writers!.ecs.registerTaskDefinition(
    {
      family: uniqueName(base),
      cpu: '256',
      memory: '512',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      containerDefinitions: [
        { name: 'app', image: 'public.ecr.aws/docker/library/busybox:1.36', memory: 512 },
      ],
    },
    {},
  )
  const net = await t.network()
  return {
    cluster,
    taskDefinition: td.arn,
    launchType: 'FARGATE',
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: net.subnets,
        securityGroups: net.securityGroups,
        assignPublicIp: 'DISABLED',
      },
    },
  }
}

/** moto 5.2.5 cannot start an awsvpc task: its task builds an ENI attachment from a field its EC2 lacks. */
const awsvpcGap = motoGap(
  'RunTask with an awsvpc network configuration answers a 500',
  'moto 5.2.5 moto/ecs/models.py:386 Task.__init__ (NetworkInterface has no private_dns_name)',
)

describe('one-off tasks', () => {
  // API_RunTask.html: startedBy and tags are kept; group defaults to family:NAME. API_DescribeTasks.html:
  // include TAGS returns the tags. API_ListTasks.html: startedBy filters the list.
  awsvpcGap(
    'RunTask keeps startedBy, tags and the family group; ListTasks finds the task by startedBy',
    async () => {
      const request = await fixture('runtask')
      const startedBy = uniqueName('ecs-reconciler')
      const out = await t.ecs.send(
        new RunTaskCommand({
          ...request,
          startedBy,
          tags: [{ key: 'ecs-reconciler:managed-by', value: 'me' }],
        }),
      )
      const arn = out.tasks?.[0]?.taskArn ?? ''
      expect(arn).toMatch(/^arn:aws:ecs:us-east-1:\d{12}:task\//)
      const described = await t.ecs.send(
        new DescribeTasksCommand({ cluster: request.cluster, tasks: [arn], include: ['TAGS'] }),
      )
      const family = String(request.taskDefinition).split('/').pop()?.split(':')[0]
      expect(described.tasks?.[0]).toMatchObject({
        startedBy,
        group: `family:${family}`,
        desiredStatus: 'RUNNING',
      })
      expect(described.tasks?.[0]?.tags).toEqual([{ key: 'ecs-reconciler:managed-by', value: 'me' }])
      const listed = await t.ecs.send(new ListTasksCommand({ cluster: request.cluster, startedBy }))
      expect(listed.taskArns).toEqual([arn])
    },
  )

  // API_StopTask.html: the task's desired status becomes STOPPED and the reason is kept.
  awsvpcGap('StopTask stops a one-off task with the reason given', async () => {
    const request = await fixture('stoptask')
    const arn = (await t.ecs.send(new RunTaskCommand({ ...request, startedBy: 'conformance' }))).tasks?.[0]
      ?.taskArn
    const out = await t.ecs.send(
      new StopTaskCommand({ cluster: request.cluster, task: arn, reason: 'not needed' }),
    )
    expect(out.task).toMatchObject({ taskArn: arn, desiredStatus: 'STOPPED', stoppedReason: 'not needed' })
  })

  motoGap(
    'RunTask ignores clientToken: a retry starts another task',
    'moto 5.2.5 moto/ecs/models.py:1240 run_task (takes no clientToken)',
  )(
    // ECS_Idempotency.html, API_RunTask.html clientToken: the same token with the same request is the same call.
    'RunTask with the same clientToken and request answers the task it started',
    async () => {
      const request = await fixture('idempotent')
      const clientToken = uniqueName('token')
      const first = await t.ecs.send(new RunTaskCommand({ ...request, clientToken }))
      const again = await t.ecs.send(new RunTaskCommand({ ...request, clientToken }))
      expect(again.tasks?.map((x) => x.taskArn)).toEqual(first.tasks?.map((x) => x.taskArn))
    },
  )
})
