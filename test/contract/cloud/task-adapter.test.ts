/** The one-off task and identity adapters against the local cloud (RunTask, DescribeTasks, ListTasks, StopTask, GetCallerIdentity). */
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { Cloud } from '../../../src/cloud/ports/index.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'

let server: LocalCloud
let cloud: Cloud
beforeEach(async () => {
  server = await startLocalCloud({
    clock: 'manual',
    faults: { taskExitCodes: [{ match: 'migrate', exitCode: 4 }] },
    timing: { taskStartSeconds: 5, taskRunSeconds: 5 },
  })
  cloud = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
})
afterEach(async () => {
  cloud.close()
  await server.close()
})

const TD = {
  family: 'web',
  cpu: '256',
  memory: '512',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  containerDefinitions: [{ name: 'app', image: 'nginx:1' }],
}

it('runs a tagged one-off task with a command and environment, finds it by startedBy and reads its exit code', async () => {
  const w = cloud.writers!
  await w.ecs.createCluster({ name: 'shop' })
  const td = await w.ecs.registerTaskDefinition(TD, {})
  const task = await w.tasks.runTask({
    cluster: 'shop',
    taskDefinition: td.arn,
    startedBy: 'ecs-reconciler',
    tags: { 'ecs-reconciler:managed-by': 'ecs-reconciler' },
    clientToken: 'web-1-hook',
    launchType: 'FARGATE',
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
    container: 'app',
    command: ['./migrate'],
    environment: { STAGE: 'prod' },
  })
  expect(task).toMatchObject({ lastStatus: 'PROVISIONING', startedBy: 'ecs-reconciler' })
  expect(await cloud.readers.tasks.listTasksStartedBy('shop', 'ecs-reconciler')).toEqual([task.arn])
  server.advance(11)
  const [done] = await cloud.readers.tasks.describeTasks('shop', [task.arn])
  expect(done).toMatchObject({
    lastStatus: 'STOPPED',
    stopCode: 'EssentialContainerExited',
    containers: [{ name: 'app', exitCode: 4 }],
    tags: { 'ecs-reconciler:managed-by': 'ecs-reconciler' },
  })
  // A stopped task is still listed (ECS keeps stopped tasks for about an hour).
  expect(await cloud.readers.tasks.listTasksStartedBy('shop', 'ecs-reconciler')).toEqual([task.arn])
})

it('stops a one-off task and names the caller', async () => {
  const w = cloud.writers!
  await w.ecs.createCluster({ name: 'shop' })
  const td = await w.ecs.registerTaskDefinition(TD, {})
  const task = await w.tasks.runTask({
    cluster: 'shop',
    taskDefinition: td.arn,
    startedBy: 'me',
    tags: {},
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
  })
  await w.tasks.stopTask('shop', task.arn, 'interrupted')
  const [stopped] = await cloud.readers.tasks.describeTasks('shop', [task.arn])
  expect(stopped).toMatchObject({
    lastStatus: 'STOPPED',
    stopCode: 'UserInitiated',
    stoppedReason: 'interrupted',
  })
  expect(await cloud.identity.callerArn()).toMatch(/^arn:aws:(iam|sts)::123456789012:/)
})
