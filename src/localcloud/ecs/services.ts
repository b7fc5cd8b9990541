/** @module ECS services: create, update (new deployments), describe (≤10, MISSING failures), list (paged), delete. */
import { ecsModel } from '../../aws-model/generated/ecs.js'
import { ACCOUNT_ID, arn, type Handler, type HandlerContext } from '../context.js'
import { ecsErrors } from '../errors.js'
import { checkTagCount } from '../tag-limit.js'
import {
  endpointNamed,
  ensureEndpoint,
  findNamespace,
  releaseEndpoints,
} from '../servicediscovery/registry.js'
import type { EcsCluster, EcsDeployment, EcsService, Json } from '../state.js'
import {
  optionalInt,
  optionalString,
  paginate,
  requireString,
  tagsFromList,
  text,
} from '../validate-input.js'
import { requireCluster } from './clusters.js'
import { serviceByClientToken, storeService } from './ecs-index.js'
import { newDeployment, primaryOf, serviceKey, settleNow, tasksOf, type LifecycleEnv } from './lifecycle.js'
import {
  capacityOf,
  checkCreateCombinations,
  checkMonitoring,
  checkNetworkIds,
  checkServiceRegistries,
  checkStrategyProviders,
  checkVolumeConfigurations,
} from './service-rules.js'
import { findTaskDefinition } from './task-definitions.js'
import { currentRevisions, recordRevision } from './service-revisions.js'

/** DescribeServices takes at most 10 services (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html). */
const DESCRIBE_LIMIT = 10

export function lifecycleEnv(ctx: HandlerContext): LifecycleEnv {
  return { world: ctx.world, timing: ctx.timing, region: ctx.region, account: ACCOUNT_ID }
}

const failing = (ctx: HandlerContext) => (image: string) => ctx.faults.imageFails(image)

/** Fields that, when given to UpdateService, start a new deployment (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html). */
const DEPLOYING_FIELDS = [
  'taskDefinition',
  'networkConfiguration',
  'loadBalancers',
  'serviceRegistries',
  'serviceConnectConfiguration',
  'platformVersion',
  'capacityProviderStrategy',
  'placementConstraints',
  'placementStrategy',
  'volumeConfigurations',
  'vpcLatticeConfigurations',
  // Only a service revision records monitoring, and ECS makes one when a deployment starts
  // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-revision.html): modelled as
  // starting one (unverified, docs/aws-behaviour.md).
  'monitoring',
]

/** The members of `input` that are set: ECS reports them only then. */
const optional = (input: Json, keys: readonly string[]): Json =>
  Object.fromEntries(keys.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]))

/** Defaults ECS fills in and echoes back (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html). */
function withDefaults(input: Json): Json {
  const deploymentConfiguration = (input['deploymentConfiguration'] as Json | undefined) ?? {}
  const network = input['networkConfiguration'] as { awsvpcConfiguration?: Json } | undefined
  return {
    ...(input['capacityProviderStrategy'] && (input['capacityProviderStrategy'] as unknown[]).length > 0
      ? {
          capacityProviderStrategy: (input['capacityProviderStrategy'] as Json[]).map((i) => ({
            capacityProvider: i['capacityProvider'],
            weight: i['weight'] ?? 0,
            base: i['base'] ?? 0,
          })),
        }
      : { launchType: input['launchType'] ?? 'FARGATE' }),
    platformVersion: input['platformVersion'] ?? 'LATEST',
    platformFamily: 'Linux',
    ...(network?.awsvpcConfiguration
      ? {
          networkConfiguration: {
            awsvpcConfiguration: {
              assignPublicIp: 'DISABLED',
              securityGroups: [],
              ...network.awsvpcConfiguration,
            },
          },
        }
      : {}),
    loadBalancers: input['loadBalancers'] ?? [],
    serviceRegistries: input['serviceRegistries'] ?? [],
    healthCheckGracePeriodSeconds: input['healthCheckGracePeriodSeconds'] ?? 0,
    enableExecuteCommand: input['enableExecuteCommand'] ?? false,
    enableECSManagedTags: input['enableECSManagedTags'] ?? false,
    propagateTags: input['propagateTags'] ?? 'NONE',
    schedulingStrategy: 'REPLICA',
    deploymentController: input['deploymentController'] ?? { type: 'ECS' },
    // Monitoring is kept for the next service revision; DescribeServices does not report it (serviceMembers).
    ...optional(input, [
      'availabilityZoneRebalancing',
      'volumeConfigurations',
      'vpcLatticeConfigurations',
      'monitoring',
    ]),
    deploymentConfiguration: {
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      ...deploymentConfiguration,
      deploymentCircuitBreaker: {
        enable: false,
        rollback: false,
        ...((deploymentConfiguration['deploymentCircuitBreaker'] as Json | undefined) ?? {}),
      },
    },
  }
}

/** Validates Service Connect and registers its endpoints in Cloud Map (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectConfiguration.html, https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html). */
function applyServiceConnect(
  ctx: HandlerContext,
  clusterName: string,
  serviceArn: string,
  config: Json | undefined,
  taskDefinitionArn: string,
): { config?: Json; resources?: EcsDeployment['serviceConnectResources'] } {
  if (!config || config['enabled'] !== true) return {}
  const cluster = ctx.world.ecs.clusters[clusterName]
  const nsRef = (config['namespace'] as string | undefined) ?? cluster?.serviceConnectDefaults?.namespace
  if (!nsRef) {
    throw ecsErrors.invalid(
      'Service Connect needs a namespace: set serviceConnectConfiguration.namespace or the cluster default.',
    )
  }
  const ns = findNamespace(ctx.world, nsRef, ctx.now)
  if (!ns) throw ecsErrors.namespaceNotFound(`Namespace ${nsRef} not found.`)
  const td = ctx.world.ecs.taskDefinitions[taskDefinitionArn]
  const portNames = new Set(
    ((td?.body['containerDefinitions'] as { portMappings?: { name?: string }[] }[] | undefined) ?? [])
      .flatMap((c) => (c.portMappings ?? []).map((p) => p.name))
      .filter(Boolean),
  )
  const services = (config['services'] as Json[] | undefined) ?? []
  const resources: NonNullable<EcsDeployment['serviceConnectResources']> = []
  const keep: string[] = []
  for (const entry of services) {
    const portName = text(entry['portName'])
    if (!portNames.has(portName)) {
      throw ecsErrors.invalid(
        `Service Connect portName ${portName} does not match any portMappings name in the task definition.`,
      )
    }
    const discoveryName = text(entry['discoveryName']) || portName
    const aliases = (entry['clientAliases'] as unknown[] | undefined) ?? []
    if (aliases.length > 1) {
      throw ecsErrors.invalid('At most one clientAlias per Service Connect service is supported.')
    }
    const named = endpointNamed(ctx.world, ns.id, discoveryName)
    const taken = named?.ownerServiceArn && named.ownerServiceArn !== serviceArn ? named : undefined
    if (taken) {
      throw ecsErrors.invalid(
        `CreateService error: SC service is already used by ${taken.ownerServiceArn ?? ''} in namespace ${ns.arn}.`,
      )
    }
    const endpoint = ensureEndpoint(ctx, ns, discoveryName, serviceArn)
    keep.push(endpoint.id)
    resources.push({ discoveryName, discoveryArn: endpoint.arn })
  }
  releaseEndpoints(ctx.world, serviceArn, keep)
  return { config: { ...config, namespace: ns.arn }, resources }
}

function findService(ctx: HandlerContext, clusterName: string, ref: string): EcsService | undefined {
  const name = ref.startsWith('arn:') ? (ref.split('/').pop() ?? '') : ref
  return ctx.world.ecs.services[serviceKey(clusterName, name)]
}

export function resolveTaskDefinition(ctx: HandlerContext, ref: string): string {
  const td = findTaskDefinition(ctx.world, ref)
  if (!td) throw ecsErrors.client(`TaskDefinition not found: ${ref}`)
  if (td.status !== 'ACTIVE') throw ecsErrors.client(`TaskDefinition is inactive: ${ref}`)
  return td.arn
}

function deploymentView(ctx: HandlerContext, service: EcsService, d: EcsDeployment): Json {
  const tasks = tasksOf(ctx.world, serviceKey(service.clusterName, service.name)).filter(
    (t) => t.deploymentId === d.id,
  )
  return {
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinition,
    desiredCount:
      d.status === 'PRIMARY' ? service.desiredCount : tasks.filter((t) => t.lastStatus !== 'STOPPED').length,
    pendingCount: tasks.filter((t) => t.lastStatus === 'PROVISIONING').length,
    runningCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
    failedTasks: d.failedTasks,
    createdAt: d.createdAt / 1000,
    updatedAt: d.updatedAt / 1000,
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason,
    ...d.settings,
    ...(d.serviceConnectConfiguration ? { serviceConnectConfiguration: d.serviceConnectConfiguration } : {}),
    ...(d.serviceConnectResources ? { serviceConnectResources: d.serviceConnectResources } : {}),
  }
}

export function serviceView(ctx: HandlerContext, service: EcsService, includeTags: boolean): Json {
  const tasks = tasksOf(ctx.world, serviceKey(service.clusterName, service.name))
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.clusterArn,
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingCount: tasks.filter((t) => t.lastStatus === 'PROVISIONING').length,
    taskDefinition: service.taskDefinition,
    ...serviceMembers(service.settings),
    currentServiceRevisions: currentRevisions(ctx, service),
    deployments: service.deployments.map((d) => deploymentView(ctx, service, d)),
    events: service.events.map((e) => ({ id: e.id, createdAt: e.createdAt / 1000, message: e.message })),
    createdAt: service.createdAt / 1000,
    createdBy: `arn:aws:iam::${ACCOUNT_ID}:root`,
    roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
    ...(includeTags ? { tags: Object.entries(service.tags).map(([key, value]) => ({ key, value })) } : {}),
  }
}

/**
 * The settings DescribeServices reports on the service: the members of the model's Service shape. The
 * others (Service Connect, volume and VPC Lattice configurations) are reported per deployment
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Service.html).
 */
function serviceMembers(settings: Json): Json {
  const members = ecsModel.shapes['Service']?.members ?? {}
  return Object.fromEntries(Object.entries(settings).filter(([k]) => k in members))
}

/** The settings a deployment rolls out (what ECS reports per deployment). */
function deploymentSettings(settings: Json): Json {
  const pick = [
    'launchType',
    'capacityProviderStrategy',
    'platformVersion',
    'platformFamily',
    'networkConfiguration',
    'volumeConfigurations',
    'vpcLatticeConfigurations',
  ]
  // An empty list is how UpdateService takes a configuration away: the deployment then has none.
  const given = (k: string) =>
    settings[k] !== undefined && !(Array.isArray(settings[k]) && settings[k].length === 0)
  return Object.fromEntries(pick.filter(given).map((k) => [k, settings[k]]))
}

/** The request without its token, keys sorted: equal for a retry of the same CreateService. */
export function canonicalRequest(input: Json): string {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : typeof value === 'object' && value !== null
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, sorted((value as Json)[k])]),
          )
        : value
  const { clientToken: _token, ...rest } = input
  return JSON.stringify(sorted(rest))
}

/**
 * CreateService is idempotent on clientToken within a cluster: a retry with the same token and the
 * same parameters succeeds without creating anything (ECS API reference, "Ensuring idempotency",
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/ECS_Idempotency.html). For the same token
 * with other parameters that page names an error only for RunTask (ConflictException); CreateService's
 * documented errors do not include it, so the local cloud answers as ECS answers any create that
 * collides with an existing service: InvalidParameterException "Creation of service was not idempotent."
 */
function replayedCreate(
  ctx: HandlerContext,
  clusterArn: string,
  clientToken: string | undefined,
  input: Json,
): EcsService | undefined {
  if (clientToken === undefined) return undefined
  const earlier = serviceByClientToken(ctx.world, clusterArn, clientToken)
  if (!earlier) return undefined
  if (earlier.creation?.request !== canonicalRequest(input)) {
    throw ecsErrors.invalid('Creation of service was not idempotent.')
  }
  return earlier
}

/** The service name and client token of a CreateService, checked (ECS API reference, CreateService). */
function createIdentity(input: Json): { name: string; clientToken: string | undefined } {
  const name = requireString(input, 'serviceName', ecsErrors.invalid)
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
    throw ecsErrors.invalid('Service names can be up to 255 letters, numbers, hyphens and underscores.')
  }
  const clientToken = optionalString(input, 'clientToken', ecsErrors.invalid)
  // Up to 36 ASCII characters in the range 33–126 (ECS API reference, CreateService clientToken).
  if (clientToken !== undefined && !/^[!-~]{1,36}$/.test(clientToken)) {
    throw ecsErrors.invalid('clientToken must be 1 to 36 ASCII characters in the range 33-126.')
  }
  return { name, clientToken }
}

/** Checks a new service's request against the cluster and its task definition; gives the count and task definition ARN. */
function checkCreateRequest(
  ctx: HandlerContext,
  input: Json,
  cluster: EcsCluster,
): { desiredCount: number | undefined; taskDefinition: string } {
  checkCreateCombinations(input)
  const desiredCount = optionalInt(input, 'desiredCount', ecsErrors.invalid, 0)
  if (desiredCount === undefined && input['schedulingStrategy'] !== 'DAEMON') {
    throw ecsErrors.invalid('desiredCount is required for REPLICA services.')
  }
  const taskDefinition = resolveTaskDefinition(ctx, requireString(input, 'taskDefinition', ecsErrors.invalid))
  // CreateService API reference, networkConfiguration: "required for task definitions that use the
  // awsvpc network mode" (the message is the one ECS returns for it).
  const awsvpc = ctx.world.ecs.taskDefinitions[taskDefinition]?.body['networkMode'] === 'awsvpc'
  if (awsvpc && !(input['networkConfiguration'] as Json | undefined)?.['awsvpcConfiguration']) {
    throw ecsErrors.invalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.")
  }
  checkStrategyProviders(input['capacityProviderStrategy'], cluster)
  checkNetworkIds(input['networkConfiguration'], ctx.world, ctx.region)
  checkMonitoring(input['monitoring'])
  checkVolumeConfigurations(
    input['volumeConfigurations'],
    ctx.world.ecs.taskDefinitions[taskDefinition]?.body,
  )
  return { desiredCount, taskDefinition }
}

/** The settings a new service keeps: the request without its launch choice, plus the defaults. */
function createSettings(input: Json, cluster: EcsCluster): Json {
  const { launchType: _lt, capacityProviderStrategy: _cps, ...rest } = input
  // "For create service requests, when no value is specified … Amazon ECS defaults the value to ENABLED" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html).
  return withDefaults({
    availabilityZoneRebalancing: 'ENABLED',
    ...rest,
    ...capacityOf(input, cluster),
  })
}

const create: Handler = (input, ctx) => {
  const cluster = requireCluster(ctx.world, optionalString(input, 'cluster', ecsErrors.invalid))
  const { name, clientToken } = createIdentity(input)
  const replayed = replayedCreate(ctx, cluster.arn, clientToken, input)
  if (replayed) return { service: serviceView(ctx, replayed, true) }
  const existing = ctx.world.ecs.services[serviceKey(cluster.name, name)]
  if (existing && existing.status !== 'INACTIVE') {
    throw ecsErrors.invalid('Creation of service was not idempotent.')
  }
  const { desiredCount, taskDefinition } = checkCreateRequest(ctx, input, cluster)
  const serviceArn = arn(ctx, 'ecs', `service/${cluster.name}/${name}`)
  const settings = createSettings(input, cluster)
  const tags = tagsFromList(input['tags'], 'key', 'value')
  checkTagCount(tags, ecsErrors.tooManyTags)
  const sc = applyServiceConnect(
    ctx,
    cluster.name,
    serviceArn,
    input['serviceConnectConfiguration'] as Json | undefined,
    taskDefinition,
  )
  const service: EcsService = {
    arn: serviceArn,
    name,
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: 'ACTIVE',
    desiredCount: desiredCount ?? 0,
    taskDefinition,
    settings,
    deployments: [],
    tags,
    createdAt: ctx.now,
    events: [],
    ...(clientToken !== undefined ? { creation: { clientToken, request: canonicalRequest(input) } } : {}),
  }
  storeService(ctx.world, serviceKey(cluster.name, name), service)
  const deployment = newDeployment(
    lifecycleEnv(ctx),
    service,
    taskDefinition,
    ctx.now,
    failing(ctx),
    deploymentSettings(settings),
    sc.config,
    sc.resources,
  )
  recordRevision(ctx, service, deployment)
  settleNow(lifecycleEnv(ctx), service, ctx.now, failing(ctx))
  return { service: serviceView(ctx, service, true) }
}

/** UpdateService fields that are not settings of the service, or are kept elsewhere. */
const NOT_SETTINGS = [
  'cluster',
  'service',
  'desiredCount',
  'taskDefinition',
  'forceNewDeployment',
  'serviceConnectConfiguration',
]

/** The settings an UpdateService gives: only those change (omitted means "no change"). */
function givenSettings(input: Json): Json {
  return Object.fromEntries(
    Object.entries(input).filter(([k, v]) => v !== undefined && !NOT_SETTINGS.includes(k)),
  )
}

const update: Handler = (input, ctx) => {
  const cluster = requireCluster(ctx.world, optionalString(input, 'cluster', ecsErrors.invalid))
  const service = findService(ctx, cluster.name, requireString(input, 'service', ecsErrors.invalid))
  if (!service) throw ecsErrors.serviceNotFound()
  if (service.status !== 'ACTIVE') throw ecsErrors.serviceNotActive()
  const desiredCount = optionalInt(input, 'desiredCount', ecsErrors.invalid, 0)
  checkStrategyProviders(input['capacityProviderStrategy'], cluster)
  checkNetworkIds(input['networkConfiguration'], ctx.world, ctx.region)
  checkServiceRegistries(input['serviceRegistries'])
  checkMonitoring(input['monitoring'])
  const primary = primaryOf(service)
  const taskDefinition =
    input['taskDefinition'] !== undefined
      ? resolveTaskDefinition(ctx, text(input['taskDefinition']))
      : service.taskDefinition
  checkVolumeConfigurations(
    input['volumeConfigurations'] ?? primary?.settings['volumeConfigurations'],
    ctx.world.ecs.taskDefinitions[taskDefinition]?.body,
  )
  if (desiredCount !== undefined) service.desiredCount = desiredCount
  // Only the fields given change: omitted means "no change" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html).
  const given = givenSettings(input)
  if (Array.isArray(given['capacityProviderStrategy']) && given['capacityProviderStrategy'].length === 0) {
    delete given['capacityProviderStrategy']
    service.settings = { ...service.settings, launchType: 'FARGATE' }
    delete service.settings['capacityProviderStrategy']
  }
  const merged = withDefaults({ ...service.settings, ...given })
  if (given['capacityProviderStrategy']) delete merged['launchType']
  service.settings = merged
  const deploying =
    input['forceNewDeployment'] === true || DEPLOYING_FIELDS.some((f) => input[f] !== undefined)
  if (deploying) {
    const scInput = input['serviceConnectConfiguration'] as Json | undefined
    const scConfig = scInput !== undefined ? scInput : primary?.serviceConnectConfiguration
    const sc = applyServiceConnect(ctx, cluster.name, service.arn, scConfig, taskDefinition)
    if (scInput !== undefined && scInput['enabled'] !== true) releaseEndpoints(ctx.world, service.arn)
    const deployment = newDeployment(
      lifecycleEnv(ctx),
      service,
      taskDefinition,
      ctx.now,
      failing(ctx),
      deploymentSettings(merged),
      sc.config,
      sc.resources,
    )
    recordRevision(ctx, service, deployment)
  }
  settleNow(lifecycleEnv(ctx), service, ctx.now, failing(ctx))
  return { service: serviceView(ctx, service, false) }
}

const describe: Handler = (input, ctx) => {
  const cluster = requireCluster(ctx.world, optionalString(input, 'cluster', ecsErrors.invalid))
  const refs = input['services']
  if (!Array.isArray(refs) || refs.length === 0) throw ecsErrors.invalid('services should not be empty.')
  if (refs.length > DESCRIBE_LIMIT) {
    throw ecsErrors.invalid(`services can have at most ${DESCRIBE_LIMIT} items.`)
  }
  const includeTags = Array.isArray(input['include']) && (input['include'] as string[]).includes('TAGS')
  const services: Json[] = []
  const failures: Json[] = []
  for (const ref of refs as string[]) {
    const service = findService(ctx, cluster.name, String(ref))
    if (service) services.push(serviceView(ctx, service, includeTags))
    else {
      failures.push({
        arn: String(ref).startsWith('arn:') ? ref : arn(ctx, 'ecs', `service/${cluster.name}/${String(ref)}`),
        reason: 'MISSING',
      })
    }
  }
  return { services, failures }
}

const list: Handler = (input, ctx) => {
  const cluster = requireCluster(ctx.world, optionalString(input, 'cluster', ecsErrors.invalid))
  const max = optionalInt(input, 'maxResults', ecsErrors.invalid, 1, 100) ?? 10
  // DRAINING and INACTIVE services are not listed (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteService.html).
  const arns = Object.values(ctx.world.ecs.services)
    .filter((s) => s.clusterArn === cluster.arn && s.status === 'ACTIVE')
    .map((s) => s.arn)
    .sort()
  const { page, next } = paginate(
    arns,
    max,
    optionalString(input, 'nextToken', ecsErrors.invalid),
    ecsErrors.invalid,
  )
  return { serviceArns: page, ...(next ? { nextToken: next } : {}) }
}

const remove: Handler = (input, ctx) => {
  const cluster = requireCluster(ctx.world, optionalString(input, 'cluster', ecsErrors.invalid))
  const service = findService(ctx, cluster.name, requireString(input, 'service', ecsErrors.invalid))
  if (!service || service.status === 'INACTIVE') throw ecsErrors.serviceNotFound()
  if (service.status === 'DRAINING') throw ecsErrors.invalid('The service is already being deleted.')
  if (service.desiredCount > 0 && input['force'] !== true) {
    throw ecsErrors.invalid('The service cannot be stopped while it is scaled above 0.')
  }
  service.desiredCount = 0
  service.status = 'DRAINING'
  service.drainingUntil = ctx.now + ctx.timing.drainSeconds * 1000
  settleNow(lifecycleEnv(ctx), service, ctx.now, failing(ctx))
  return { service: serviceView(ctx, service, false) }
}

export const serviceHandlers: Record<string, Handler> = {
  CreateService: create,
  UpdateService: update,
  DescribeServices: describe,
  ListServices: list,
  DeleteService: remove,
}
