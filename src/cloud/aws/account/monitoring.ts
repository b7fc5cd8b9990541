/**
 * @module Log groups (one DescribeLogGroups per name, as the prefix) and alarms (DescribeAlarms by name,
 * 100 a call) (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html).
 */
import { paginateDescribeAlarms, type CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { paginateDescribeLogGroups, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import type { AccountLookups } from '../../ports/index.js'
import { chunks, readBatch } from './lookups.js'

const ALARMS_PER_CALL = 100

export async function describeLogGroups(
  client: CloudWatchLogsClient,
  names: readonly string[],
): Promise<AccountLookups<true>> {
  const parts = await Promise.all(
    names.map((name) =>
      readBatch([name], 'CloudWatchLogs.DescribeLogGroups', async () => {
        // The prefix also matches longer names: page on until the exact one shows up, or none is left.
        for await (const page of paginateDescribeLogGroups({ client }, { logGroupNamePrefix: name })) {
          if ((page.logGroups ?? []).some((g) => g.logGroupName === name)) {
            return new Map([[name, true as const]])
          }
        }
        return new Map<string, true>()
      }),
    ),
  )
  return new Map(parts.flatMap((part) => [...part]))
}

export async function describeAlarms(
  client: CloudWatchClient,
  names: readonly string[],
): Promise<AccountLookups<true>> {
  const parts = await Promise.all(
    chunks(names, ALARMS_PER_CALL).map((batch) =>
      readBatch(batch, 'CloudWatch.DescribeAlarms', async () => {
        const seen = new Map<string, true>()
        // Without AlarmTypes only metric alarms are returned; deployment alarms may be composite.
        const input = { AlarmNames: batch, AlarmTypes: ['MetricAlarm' as const, 'CompositeAlarm' as const] }
        for await (const page of paginateDescribeAlarms({ client }, input)) {
          for (const a of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])]) {
            if (a.AlarmName) seen.set(a.AlarmName, true)
          }
        }
        return seen
      }),
    ),
  )
  return new Map(parts.flatMap((part) => [...part]))
}
