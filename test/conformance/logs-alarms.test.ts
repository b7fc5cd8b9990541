/**
 * CloudWatch Logs groups and CloudWatch metric alarms as their API references document them, on
 * the target of this run.
 */
import { DeleteAlarmsCommand, DescribeAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch'
import {
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  DeleteLogGroupCommand,
} from '@aws-sdk/client-cloudwatch-logs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTarget, rejectionOf, uniqueName, type Target } from './target.js'

let t: Target
beforeAll(async () => {
  t = await openTarget()
})
afterAll(async () => {
  await t?.close()
})

describe('CloudWatch Logs groups', () => {
  // API_CreateLogGroup.html, API_DescribeLogGroups.html (logGroupNamePrefix); API_LogGroup.html: `arn` ends in `:*`.
  it('a created group is described by its name prefix', async () => {
    const prefix = `/ecs/${uniqueName('conf')}`
    await t.account.logs.send(new CreateLogGroupCommand({ logGroupName: `${prefix}/web` }))
    await t.account.logs.send(new CreateLogGroupCommand({ logGroupName: `${prefix}/api` }))
    const out = await t.account.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix }))
    expect(out.logGroups?.map((g) => g.logGroupName)).toEqual([`${prefix}/api`, `${prefix}/web`])
    expect(out.logGroups?.[0]?.arn).toBe(`arn:aws:logs:${t.region}:123456789012:log-group:${prefix}/api:*`)
  })

  // API_DescribeLogGroups.html: `limit` cuts a page; `nextToken` continues it.
  it('DescribeLogGroups pages with limit and nextToken', async () => {
    const prefix = `/ecs/${uniqueName('conf')}`
    const names = ['a', 'b', 'c'].map((n) => `${prefix}/${n}`)
    for (const name of names) await t.account.logs.send(new CreateLogGroupCommand({ logGroupName: name }))
    const first = await t.account.logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, limit: 2 }),
    )
    expect(first.logGroups?.map((g) => g.logGroupName)).toEqual(names.slice(0, 2))
    expect(first.nextToken).toBeTruthy()
    const second = await t.account.logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, limit: 2, nextToken: first.nextToken }),
    )
    expect(second.logGroups?.map((g) => g.logGroupName)).toEqual(names.slice(2))
    expect(second.nextToken).toBeUndefined()
  })

  // API_CreateLogGroup.html: ResourceAlreadyExistsException; API_DeleteLogGroup.html: ResourceNotFoundException once gone.
  it('a second group of the same name exists already; a deleted group is not found', async () => {
    const name = `/ecs/${uniqueName('conf')}`
    await t.account.logs.send(new CreateLogGroupCommand({ logGroupName: name }))
    const err = await rejectionOf(t.account.logs.send(new CreateLogGroupCommand({ logGroupName: name })))
    expect(err.name).toBe('ResourceAlreadyExistsException')
    await t.account.logs.send(new DeleteLogGroupCommand({ logGroupName: name }))
    const gone = await rejectionOf(t.account.logs.send(new DeleteLogGroupCommand({ logGroupName: name })))
    expect(gone.name).toBe('ResourceNotFoundException')
  })
})

describe('CloudWatch metric alarms', () => {
  const alarm = (name: string) =>
    new PutMetricAlarmCommand({
      AlarmName: name,
      Namespace: 'AWS/ECS',
      MetricName: 'CPUUtilization',
      Statistic: 'Average',
      Period: 60,
      EvaluationPeriods: 2,
      Threshold: 80,
      ComparisonOperator: 'GreaterThanThreshold',
      Dimensions: [{ Name: 'ServiceName', Value: 'web' }],
    })

  // API_PutMetricAlarm.html; API_DescribeAlarms.html by AlarmNames returns the alarm with its settings and ARN.
  it('PutMetricAlarm then DescribeAlarms by name', async () => {
    const name = uniqueName('conf-alarm')
    await t.account.cloudwatch.send(alarm(name))
    const out = await t.account.cloudwatch.send(
      new DescribeAlarmsCommand({ AlarmNames: [name, uniqueName('none')] }),
    )
    expect(out.MetricAlarms).toHaveLength(1)
    expect(out.MetricAlarms?.[0]).toMatchObject({
      AlarmName: name,
      MetricName: 'CPUUtilization',
      Namespace: 'AWS/ECS',
      Threshold: 80,
      EvaluationPeriods: 2,
      ComparisonOperator: 'GreaterThanThreshold',
    })
    expect(out.MetricAlarms?.[0]?.AlarmArn).toBe(`arn:aws:cloudwatch:${t.region}:123456789012:alarm:${name}`)
    expect(out.MetricAlarms?.[0]?.StateValue).toMatch(/^(OK|ALARM|INSUFFICIENT_DATA)$/)
  })

  // API_DescribeAlarms.html: names that match nothing give an empty list, not an error; API_DeleteAlarms.html removes.
  it('an unknown or deleted alarm is simply absent', async () => {
    const name = uniqueName('conf-alarm')
    await t.account.cloudwatch.send(alarm(name))
    await t.account.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [name] }))
    const out = await t.account.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))
    expect(out.MetricAlarms).toEqual([])
  })
})
