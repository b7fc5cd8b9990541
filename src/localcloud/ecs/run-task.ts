/**
 * @module RunTask for one-off tasks on Fargate (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html):
 * the cluster's capacity rules and the awsvpc network checks of CreateService, `startedBy`, `group`
 * (default `family:NAME`), tags, and idempotency on `clientToken`: the same token with the same request
 * answers the tasks it started; with another request, ConflictException
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/ECS_Idempotency.html). The token is
 * remembered as long as its tasks are (stopped tasks are forgotten after an hour).
 */
import type { Handler, HandlerContext } from '../context.js'
import { AwsError, ecsErrors } from '../errors.js'
import { checkTagCount } from '../tag-limit.js'
import type { EcsCluster, Json } from '../state.js'
import { optionalInt, optionalString, requireString, tagsFromList } from '../validate-input.js'
import { requireCluster } from './clusters.js'
import { launchOneOff, tasksWithToken } from './one-off-tasks.js'
import { capacityOf, checkNetworkIds, checkStrategyProviders } from './service-rules.js'
import { canonicalRequest, lifecycleEnv, resolveTaskDefinition } from './services.js'
import { taskView } from './tasks.js'

/** RunTask starts 1 to 10 tasks per call (RunTaskRequest.count). */
const MAX_COUNT = 10

/** "Up to 128 letters (uppercase and lowercase), numbers, hyphens (-), forward slash (/), and underscores (_)" (RunTaskRequest.startedBy). */
const STARTED_BY = /^[A-Za-z0-9/_-]{1,128}$/

/** "Up to 64 characters … in the range of 33-126, inclusive" (RunTaskRequest.clientToken). */
const CLIENT_TOKEN = /^[!-~]{1,64}$/

function checkRequest(ctx: HandlerContext, input: Json, cluster: EcsCluster): void {
  const startedBy = optionalString(input, 'startedBy', ecsErrors.invalid)
  if (startedBy !== undefined && !STARTED_BY.test(startedBy)) {
    throw ecsErrors.invalid(
      'startedBy can be up to 128 letters, numbers, hyphens, forward slashes and underscores.',
    )
  }
  const token = optionalString(input, 'clientToken', ecsErrors.invalid)
  if (token !== undefined && !CLIENT_TOKEN.test(token)) {
    throw ecsErrors.invalid('clientToken must be 1 to 64 ASCII characters in the range 33-126.')
  }
  if (
    input['launchType'] !== undefined &&
    Array.isArray(input['capacityProviderStrategy']) &&
    input['capacityProviderStrategy'].length > 0
  ) {
    throw ecsErrors.invalid('Specifying both a launch type and capacity provider strategy is not supported.')
  }
  checkStrategyProviders(input['capacityProviderStrategy'], cluster)
  checkNetworkIds(input['networkConfiguration'], ctx.world, ctx.region)
}

function replayed(
  ctx: HandlerContext,
  cluster: EcsCluster,
  token: string | undefined,
  input: Json,
): Json | undefined {
  if (token === undefined) return undefined
  const earlier = tasksWithToken(ctx.world, cluster.arn, token)
  if (earlier.length === 0) return undefined
  if (earlier[0]?.run?.request !== canonicalRequest(input)) {
    throw new AwsError(
      'ConflictException',
      'The provided clientToken is already in use with a different RunTask request.',
    )
  }
  return { tasks: earlier.map((t) => taskView(ctx, t, true)), failures: [] }
}

const run: Handler = (input, ctx) => {
  const cluster = requireCluster(ctx.world, optionalString(input, 'cluster', ecsErrors.invalid))
  const count = optionalInt(input, 'count', ecsErrors.invalid, 1, MAX_COUNT) ?? 1
  checkRequest(ctx, input, cluster)
  const token = optionalString(input, 'clientToken', ecsErrors.invalid)
  const again = replayed(ctx, cluster, token, input)
  if (again) return again
  const tdArn = resolveTaskDefinition(ctx, requireString(input, 'taskDefinition', ecsErrors.invalid))
  const td = ctx.world.ecs.taskDefinitions[tdArn]!
  // RunTask API reference, networkConfiguration: required for task definitions that use awsvpc.
  if (
    td.body['networkMode'] === 'awsvpc' &&
    !(input['networkConfiguration'] as Json | undefined)?.['awsvpcConfiguration']
  ) {
    throw ecsErrors.invalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.")
  }
  const tags = tagsFromList(input['tags'], 'key', 'value')
  checkTagCount(tags, ecsErrors.tooManyTags)
  if (Object.keys(tags).some((k) => k.toLowerCase().startsWith('aws:'))) {
    throw ecsErrors.invalid('Tag keys starting with aws: are reserved.')
  }
  const startedBy = optionalString(input, 'startedBy', ecsErrors.invalid)
  const runSpec = {
    group: optionalString(input, 'group', ecsErrors.invalid) ?? `family:${td.family}`,
    ...(startedBy !== undefined ? { startedBy } : {}),
    tags,
    clientToken: token ?? '',
    request: canonicalRequest(input),
    ...(input['overrides'] ? { overrides: input['overrides'] as Json } : {}),
    capacity: capacityOf(input, cluster),
  }
  const launched = Array.from({ length: count }, () =>
    launchOneOff(
      lifecycleEnv(ctx),
      ctx.faults,
      { clusterArn: cluster.arn, clusterName: cluster.name, taskDefinition: td, run: runSpec },
      ctx.now,
    ),
  )
  return { tasks: launched.map((t) => taskView(ctx, t, true)), failures: [] }
}

export const runTaskHandlers: Record<string, Handler> = { RunTask: run }
