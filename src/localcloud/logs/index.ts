/**
 * @module Amazon CloudWatch Logs (awsJson1_1, target prefix `Logs_20140328`): CreateLogGroup,
 * DescribeLogGroups (by name prefix, paginated), DeleteLogGroup.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteLogGroup.html
 */
import { arn, type Handler, type HandlerContext } from '../context.js'
import { AwsError } from '../errors.js'
import type { LogGroup } from '../account/state.js'
import { regional } from '../account/state.js'
import { byText, pageOf, optionalString, requireString } from '../validate-input.js'

const invalid = (m: string) => new AwsError('InvalidParameterException', m)

/** logGroupName: 1–512 of `[\.\-_/#A-Za-z0-9]` (API_CreateLogGroup). */
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/

function logGroupName(input: Record<string, unknown>, field = 'logGroupName'): string {
  const name = requireString(input, field, invalid)
  if (!LOG_GROUP_NAME.test(name)) {
    throw invalid(
      `1 validation error detected: Value '${name}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`,
    )
  }
  return name
}

const createLogGroup: Handler = (input, ctx) => {
  const name = logGroupName(input)
  const key = regional(ctx.region, name)
  if (ctx.world.logs.groups[key]) {
    throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists')
  }
  const tags = input['tags']
  ctx.world.logs.groups[key] = {
    region: ctx.region,
    name,
    arn: arn(ctx, 'logs', `log-group:${name}`),
    createdAt: ctx.now,
    tags: typeof tags === 'object' && tags !== null ? (tags as Record<string, string>) : {},
  }
  return {}
}

function groupOutput(g: LogGroup) {
  return {
    logGroupName: g.name,
    creationTime: g.createdAt,
    ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
    metricFilterCount: 0,
    // `arn` ends in `:*`; `logGroupArn` is the ARN without it (API_LogGroup).
    arn: `${g.arn}:*`,
    storedBytes: 0,
    logGroupClass: 'STANDARD',
    logGroupArn: g.arn,
  }
}

function regionGroups(ctx: HandlerContext): LogGroup[] {
  return Object.values(ctx.world.logs.groups)
    .filter((g) => g.region === ctx.region)
    .sort(byText((g) => g.name))
}

/** Sorted by name; at most `limit` (1–50, default 50) a page. */
const describeLogGroups: Handler = (input, ctx) => {
  const prefix = optionalString(input, 'logGroupNamePrefix', invalid)
  const pattern = optionalString(input, 'logGroupNamePattern', invalid)
  if (prefix !== undefined && pattern !== undefined) {
    throw invalid('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.')
  }
  const matching = regionGroups(ctx).filter(
    (g) =>
      (prefix === undefined || g.name.startsWith(prefix)) &&
      (pattern === undefined || g.name.toLowerCase().includes(pattern.toLowerCase())),
  )
  const fields = { size: 'limit', token: 'nextToken' }
  const { page, next } = pageOf(matching, input, fields, { max: 50, default: 50 }, invalid)
  return { logGroups: page.map(groupOutput), ...(next ? { nextToken: next } : {}) }
}

const deleteLogGroup: Handler = (input, ctx) => {
  const key = regional(ctx.region, logGroupName(input))
  if (!ctx.world.logs.groups[key]) {
    throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.')
  }
  delete ctx.world.logs.groups[key]
  return {}
}

export const logsHandlers: Record<string, Handler> = {
  CreateLogGroup: createLogGroup,
  DescribeLogGroups: describeLogGroups,
  DeleteLogGroup: deleteLogGroup,
}
