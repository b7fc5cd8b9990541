/**
 * @module Amazon CloudWatch alarms (awsJson1_0 with awsQueryCompatible errors, target prefix
 * `GraniteServiceVersion20100801`, as the pinned client sends): PutMetricAlarm, DescribeAlarms,
 * DeleteAlarms. An alarm's state is INSUFFICIENT_DATA (no metrics here) unless the fault
 * configuration puts it in ALARM.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DeleteAlarms.html
 */
import { arn, type Handler, type HandlerContext } from '../context.js'
import { AwsError } from '../errors.js'
import type { MetricAlarm } from '../account/state.js'
import { regional } from '../account/state.js'
import type { Json } from '../state.js'
import {
  epochSeconds,
  optionalInt,
  optionalString,
  optionalStringList,
  pageOf,
  byText,
  requireString,
} from '../validate-input.js'

const validation = (m: string) => new AwsError('ValidationError', m)
const missing = (m: string) => new AwsError('MissingParameter', m)

const COMPARISONS = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
  'LessThanLowerOrGreaterThanUpperThreshold',
  'LessThanLowerThreshold',
  'GreaterThanUpperThreshold',
]

/** The request's alarm settings, kept to be echoed by DescribeAlarms (tags are not part of it). */
function alarmConfig(input: Json): Json {
  const name = requireString(input, 'AlarmName', missing)
  if (name.length > 255) throw validation('AlarmName can be at most 255 characters.')
  if (optionalInt(input, 'EvaluationPeriods', validation, 1) === undefined) {
    throw missing('The parameter EvaluationPeriods is required.')
  }
  const comparison = requireString(input, 'ComparisonOperator', missing)
  if (!COMPARISONS.includes(comparison)) {
    throw validation(`ComparisonOperator must be one of ${COMPARISONS.join(', ')}.`)
  }
  const single = input['MetricName'] !== undefined
  if (single === (input['Metrics'] !== undefined)) {
    throw validation('Exactly one of MetricName (with Namespace) and Metrics must be given.')
  }
  const { Tags: _tags, ...config } = input
  return config
}

const putMetricAlarm: Handler = (input, ctx) => {
  const config = alarmConfig(input)
  const name = requireString(input, 'AlarmName', missing)
  const key = regional(ctx.region, name)
  const existing = ctx.world.cloudwatch.alarms[key]
  ctx.world.cloudwatch.alarms[key] = {
    region: ctx.region,
    name,
    arn: arn(ctx, 'cloudwatch', `alarm:${name}`),
    config,
    stateValue: existing?.stateValue ?? 'INSUFFICIENT_DATA',
    updatedAt: ctx.now,
  }
  return {}
}

function alarmOutput(ctx: HandlerContext, alarm: MetricAlarm) {
  const state = ctx.faults.alarmFiring(alarm.arn) ? 'ALARM' : alarm.stateValue
  return {
    ActionsEnabled: true,
    OKActions: [],
    AlarmActions: [],
    InsufficientDataActions: [],
    Dimensions: [],
    ...alarm.config,
    AlarmArn: alarm.arn,
    AlarmConfigurationUpdatedTimestamp: epochSeconds(alarm.updatedAt),
    StateValue: state,
    StateReason:
      state === 'ALARM' ? 'Set by the local cloud fault configuration' : 'Unchecked: Initial alarm creation',
    StateUpdatedTimestamp: epochSeconds(alarm.updatedAt),
  }
}

/** AlarmNames (at most 100) or AlarmNamePrefix; MaxRecords 1–100, default 50. */
const describeAlarms: Handler = (input, ctx) => {
  const names = optionalStringList(input, 'AlarmNames', validation, 100)
  const prefix = optionalString(input, 'AlarmNamePrefix', validation)
  if (names && prefix !== undefined) {
    throw validation('AlarmNames and AlarmNamePrefix cannot be used together.')
  }
  const state = optionalString(input, 'StateValue', validation)
  const types = optionalStringList(input, 'AlarmTypes', validation) ?? ['MetricAlarm']
  const alarms = Object.values(ctx.world.cloudwatch.alarms)
    .filter((a) => a.region === ctx.region)
    .filter((a) => (names ? names.includes(a.name) : prefix === undefined || a.name.startsWith(prefix)))
    .map((a) => alarmOutput(ctx, a))
    .filter((a) => state === undefined || a.StateValue === state)
    .sort(byText((a) => a.AlarmArn))
  const metric = types.includes('MetricAlarm') ? alarms : []
  const fields = { size: 'MaxRecords', token: 'NextToken' }
  const { page, next } = pageOf(metric, input, fields, { max: 100, default: 50 }, validation)
  return {
    MetricAlarms: page,
    ...(types.includes('CompositeAlarm') ? { CompositeAlarms: [] } : {}),
    ...(next ? { NextToken: next } : {}),
  }
}

/** Every named alarm must exist (ResourceNotFound otherwise); then all are deleted. */
const deleteAlarms: Handler = (input, ctx) => {
  const names = optionalStringList(input, 'AlarmNames', validation, 100) ?? []
  const absent = names.find((n) => !ctx.world.cloudwatch.alarms[regional(ctx.region, n)])
  if (absent !== undefined) throw new AwsError('ResourceNotFound', `The alarm ${absent} does not exist.`, 404)
  for (const n of names) delete ctx.world.cloudwatch.alarms[regional(ctx.region, n)]
  return {}
}

export const cloudWatchHandlers: Record<string, Handler> = {
  PutMetricAlarm: putMetricAlarm,
  DescribeAlarms: describeAlarms,
  DeleteAlarms: deleteAlarms,
}
