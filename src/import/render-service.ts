/**
 * @module Renders one live service (its primary deployment's task definition and its scaling) as the
 * `Service.spec` a person would write: values equal to the defaults the normaliser assumes are left
 * out, lists become maps, and what the manifest cannot say is recorded, never dropped silently. Pure.
 */
import type {
  ActualService,
  CapacityProviderStrategyItem,
  ContainerDefinition,
  LogConfiguration,
  ScalingState,
  ServiceConnectConfiguration,
  TaskDefinitionContent,
} from '../cloud/ports/index.js'
import {
  CONTAINER_DEFAULTS,
  DEPLOYMENT_DEFAULTS,
  FARGATE_NETWORK_MODE,
  HEALTH_CHECK_DEFAULTS,
  SCALING_DEFAULTS,
  SERVICE_DEFAULTS,
  STRATEGY_ITEM_DEFAULTS,
  TASK_DEFINITION_DEFAULTS,
} from '../reconciler/kinds/service/defaults.js'
import { METRIC_TYPES } from '../reconciler/kinds/service/desired.js'
import { canonical, HANDLED_TASK_MEMBERS, otherMembers } from '../reconciler/kinds/service/model-members.js'
import { monitoringView } from '../reconciler/kinds/service/normalise.js'
import { HANDWRITTEN_CONTAINER_MEMBERS, secretSource } from '../manifest/schema/task-definition.js'
import { dropFargateRefused } from './fargate-left-out.js'
import { compact } from '../shared/compact.js'
import { userTags } from './tags.js'
import type { LeftOutList } from './left-out.js'

type Spec = Record<string, unknown>

export interface ServiceRenderContext {
  readonly cluster: string
  /** A namespace name for an ARN or id (Service Connect reports ARNs). */
  readonly namespaceName: (ref: string) => string
  /** The cluster's default strategy: a service that uses exactly it needs to say nothing. */
  readonly clusterStrategy: readonly CapacityProviderStrategyItem[]
  readonly leftOut: LeftOutList
}

const CONTAINER_NAME = /^[A-Za-z0-9_-]{1,255}$/
const FAMILY = CONTAINER_NAME
const LOG_DRIVERS = new Set([
  'awslogs',
  'awsfirelens',
  'splunk',
  'json-file',
  'syslog',
  'journald',
  'gelf',
  'fluentd',
  'logentries',
])
const FARGATE_PROVIDERS = new Set(['FARGATE', 'FARGATE_SPOT'])

/** The value, unless it equals the default (then the manifest says nothing). */
const unlessDefault = <T>(value: T | undefined, fallback: T): T | undefined =>
  value === undefined || value === fallback ? undefined : value

const nonEmpty = <T>(list: readonly T[] | undefined): T[] | undefined =>
  list && list.length > 0 ? [...list] : undefined

const mapOf = (
  entries: readonly { name: string; value: string }[] | undefined,
): Record<string, string> | undefined =>
  entries && entries.length > 0 ? Object.fromEntries(entries.map((e) => [e.name, e.value])) : undefined

/** "1024" → 1024; anything else stays as ECS wrote it ("1 vCPU"), which the schema accepts too. */
const size = (value: string | undefined): number | string | undefined =>
  value !== undefined && /^\d+$/.test(value) ? Number(value) : value

function logConfiguration(
  log: LogConfiguration | undefined,
  where: string,
  leftOut: LeftOutList,
): Spec | undefined {
  if (!log) return undefined
  if (!LOG_DRIVERS.has(log.logDriver)) {
    leftOut.add(
      where,
      `log driver "${log.logDriver}" is not one the manifests accept; a plan would remove this log configuration`,
    )
    return undefined
  }
  return compact({
    logDriver: log.logDriver,
    options: log.options && Object.keys(log.options).length > 0 ? log.options : undefined,
    secretOptions:
      log.secretOptions && log.secretOptions.length > 0
        ? Object.fromEntries(log.secretOptions.map((s) => [s.name, s.valueFrom]))
        : undefined,
  })
}

function portMappings(c: ContainerDefinition, where: string, leftOut: LeftOutList): Spec[] {
  return (c.portMappings ?? []).map((p) => {
    if (p.hostPort !== undefined && p.containerPort !== undefined && p.hostPort !== p.containerPort) {
      leftOut.add(
        `${where}.portMappings.${p.containerPort}.hostPort`,
        `hostPort ${p.hostPort} differs from containerPort; Fargate (awsvpc) always uses the container port`,
      )
    }
    return compact({
      name: p.name,
      containerPort: p.containerPort,
      containerPortRange: p.containerPortRange,
      protocol: unlessDefault(p.protocol, CONTAINER_DEFAULTS.protocol),
      // ECS answers "" for an appProtocol never set; the manifests leave it out.
      appProtocol: p.appProtocol === '' ? undefined : p.appProtocol,
    })
  })
}

function secrets(
  c: ContainerDefinition,
  where: string,
  leftOut: LeftOutList,
): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  for (const s of c.secrets ?? []) {
    if (secretSource.safeParse(s.valueFrom).success) out[s.name] = s.valueFrom
    else {
      leftOut.add(
        `${where}.secrets.${s.name}`,
        `refers to "${s.valueFrom}", neither an ARN nor an SSM parameter name; a plan would remove this secret`,
      )
    }
  }
  return Object.keys(out).length > 0 ? out : undefined
}

function container(c: ContainerDefinition, leftOut: LeftOutList): Spec {
  const where = `containers.${c.name}`
  const hc = c.healthCheck
  const healthCheck = hc
    ? compact({
        command: hc.command,
        interval: unlessDefault(hc.interval, HEALTH_CHECK_DEFAULTS.interval),
        timeout: unlessDefault(hc.timeout, HEALTH_CHECK_DEFAULTS.timeout),
        retries: unlessDefault(hc.retries, HEALTH_CHECK_DEFAULTS.retries),
        startPeriod: unlessDefault(hc.startPeriod, HEALTH_CHECK_DEFAULTS.startPeriod),
      })
    : undefined
  return compact({
    name: c.name,
    image: c.image,
    essential: unlessDefault(c.essential, CONTAINER_DEFAULTS.essential),
    cpu: unlessDefault(c.cpu, CONTAINER_DEFAULTS.cpu),
    memory: c.memory,
    memoryReservation: c.memoryReservation,
    portMappings: nonEmpty(portMappings(c, where, leftOut)),
    environment: mapOf(c.environment),
    secrets: secrets(c, where, leftOut),
    command: nonEmpty(c.command),
    entryPoint: nonEmpty(c.entryPoint),
    healthCheck,
    logConfiguration: logConfiguration(c.logConfiguration, `${where}.logConfiguration`, leftOut),
    dependsOn: nonEmpty(c.dependsOn),
    readonlyRootFilesystem: unlessDefault(
      c.readonlyRootFilesystem,
      CONTAINER_DEFAULTS.readonlyRootFilesystem,
    ),
    user: c.user,
    workingDirectory: c.workingDirectory,
    startTimeout: c.startTimeout,
    stopTimeout: c.stopTimeout,
    dockerLabels: c.dockerLabels && Object.keys(c.dockerLabels).length > 0 ? c.dockerLabels : undefined,
    ...otherMembers('ContainerDefinition', c, HANDWRITTEN_CONTAINER_MEMBERS),
  })
}

/** What a task definition has that no manifest can say: recorded, with the reason. */
function checkTaskDefinition(td: TaskDefinitionContent, leftOut: LeftOutList): void {
  const networkMode = td.networkMode ?? TASK_DEFINITION_DEFAULTS.networkMode
  if (networkMode !== FARGATE_NETWORK_MODE) {
    leftOut.add(
      'taskDefinition.networkMode',
      `"${networkMode}": Fargate tasks use awsvpc, which the manifests always register`,
    )
  }
  if (td.requiresCompatibilities && !td.requiresCompatibilities.includes('FARGATE')) {
    leftOut.add(
      'taskDefinition.requiresCompatibilities',
      `${td.requiresCompatibilities.join(', ')}: the manifests register Fargate task definitions`,
    )
  }
  if (!FAMILY.test(td.family)) {
    leftOut.add('taskDefinition.family', `"${td.family}" is not a valid family name`)
  }
}

function taskDefinition(td: TaskDefinitionContent, serviceName: string, leftOut: LeftOutList): Spec {
  checkTaskDefinition(td, leftOut)
  const volumes = (td.volumes ?? []).map((v) => canonical('Volume', v) ?? {})
  const platform = td.runtimePlatform
  const runtimePlatform = compact({
    cpuArchitecture: unlessDefault(platform?.cpuArchitecture, TASK_DEFINITION_DEFAULTS.cpuArchitecture),
    operatingSystemFamily: unlessDefault(
      platform?.operatingSystemFamily,
      TASK_DEFINITION_DEFAULTS.operatingSystemFamily,
    ),
  })
  const storage = td.ephemeralStorage?.sizeInGiB
  const compatibilities = td.requiresCompatibilities
  const spec: Spec = compact({
    family: td.family === serviceName || !FAMILY.test(td.family) ? undefined : td.family,
    cpu: size(td.cpu),
    memory: size(td.memory),
    runtimePlatform: Object.keys(runtimePlatform).length > 0 ? runtimePlatform : undefined,
    executionRoleArn: td.executionRoleArn,
    taskRoleArn: td.taskRoleArn,
    containers: td.containerDefinitions.map((c) => container(c, leftOut)),
    enableFaultInjection: unlessDefault(
      td.enableFaultInjection,
      TASK_DEFINITION_DEFAULTS.enableFaultInjection,
    ),
    pidMode: td.pidMode,
    ephemeralStorage:
      storage !== undefined && storage > TASK_DEFINITION_DEFAULTS.ephemeralStorageGiB
        ? { sizeInGiB: storage }
        : undefined,
    volumes: nonEmpty(volumes),
    requiresCompatibilities:
      onlyFargate(compatibilities) || !compatibilities?.includes('FARGATE') ? undefined : compatibilities,
    ...otherMembers('RegisterTaskDefinitionRequest', td, HANDLED_TASK_MEMBERS),
  })
  dropFargateRefused('RegisterTaskDefinitionRequest', spec, 'taskDefinition', leftOut)
  dropFargateRefused('ContainerDefinitions', spec['containers'], 'taskDefinition.containers', leftOut)
  return spec
}

const onlyFargate = (list: readonly string[] | undefined): boolean =>
  list === undefined || (list.length === 1 && list[0] === 'FARGATE')

const sameStrategy = (
  a: readonly CapacityProviderStrategyItem[],
  b: readonly CapacityProviderStrategyItem[],
): boolean => {
  const key = (items: readonly CapacityProviderStrategyItem[]): string =>
    JSON.stringify(
      [...items]
        .map((i) => [
          i.capacityProvider,
          i.weight ?? STRATEGY_ITEM_DEFAULTS.weight,
          i.base ?? STRATEGY_ITEM_DEFAULTS.base,
        ])
        .sort(),
    )
  return key(a) === key(b)
}

function capacity(service: ActualService, ctx: ServiceRenderContext): Spec {
  const strategy = service.capacityProviderStrategy ?? []
  if (strategy.length > 0) {
    const foreign = strategy.filter((i) => !FARGATE_PROVIDERS.has(i.capacityProvider))
    if (foreign.length > 0) {
      ctx.leftOut.add(
        'capacityProviderStrategy',
        `uses ${foreign.map((i) => i.capacityProvider).join(', ')}; the manifests know FARGATE and FARGATE_SPOT only, so the capacity is left to the cluster default`,
      )
      return {}
    }
    // Exactly the cluster's default: that is what a service that says nothing gets.
    if (sameStrategy(strategy, ctx.clusterStrategy)) return {}
    return {
      capacityProviderStrategy: strategy.map((i) =>
        compact({
          capacityProvider: i.capacityProvider,
          weight: unlessDefault(i.weight, STRATEGY_ITEM_DEFAULTS.weight),
          base: unlessDefault(i.base, STRATEGY_ITEM_DEFAULTS.base),
        }),
      ),
    }
  }
  const launchType = service.launchType ?? SERVICE_DEFAULTS.launchType
  if (launchType !== SERVICE_DEFAULTS.launchType) {
    ctx.leftOut.add('launchType', `${launchType}: the manifests describe Fargate services only`)
    return {}
  }
  return { launchType }
}

function deployment(service: ActualService, leftOut: LeftOutList): Spec | undefined {
  const d = service.deploymentConfiguration
  if (!d) return undefined
  const breaker = d.deploymentCircuitBreaker
  const strategy = d.strategy ?? DEPLOYMENT_DEFAULTS.strategy
  let alarms: Spec | undefined
  if (d.alarms && (d.alarms.enable || d.alarms.alarmNames.length > 0)) {
    if (d.alarms.alarmNames.length > 0) {
      alarms = { alarmNames: [...d.alarms.alarmNames], enable: d.alarms.enable, rollback: d.alarms.rollback }
    } else {
      leftOut.add(
        'deploymentConfiguration.alarms',
        'enabled with no alarm names; the manifests need at least one alarm',
      )
    }
  }
  const spec = compact({
    strategy: unlessDefault(strategy, DEPLOYMENT_DEFAULTS.strategy),
    bakeTimeInMinutes: strategy !== DEPLOYMENT_DEFAULTS.strategy ? d.bakeTimeInMinutes : undefined,
    linearConfiguration: d.linearConfiguration,
    canaryConfiguration: d.canaryConfiguration,
    lifecycleHooks: canonical('DeploymentLifecycleHookList', d.lifecycleHooks),
    earlySuccessCriteria: canonical('DeploymentEarlySuccessCriteria', d.earlySuccessCriteria),
    maximumPercent: unlessDefault(d.maximumPercent, DEPLOYMENT_DEFAULTS.maximumPercent),
    minimumHealthyPercent: unlessDefault(d.minimumHealthyPercent, DEPLOYMENT_DEFAULTS.minimumHealthyPercent),
    circuitBreaker:
      breaker && (breaker.enable || breaker.rollback)
        ? { enable: breaker.enable, rollback: breaker.rollback }
        : undefined,
    alarms,
  })
  return Object.keys(spec).length > 0 ? spec : undefined
}

/** The container port behind a Service Connect port name: the default client alias uses it. */
function containerPortOf(td: TaskDefinitionContent | undefined, portName: string): number | undefined {
  for (const c of td?.containerDefinitions ?? []) {
    for (const p of c.portMappings ?? []) if (p.name === portName) return p.containerPort
  }
  return undefined
}

function serviceConnect(
  sc: ServiceConnectConfiguration | undefined,
  td: TaskDefinitionContent | undefined,
  ctx: ServiceRenderContext,
): Spec | undefined {
  if (!sc || !sc.enabled) return undefined
  const services = (sc.services ?? []).map((s) => {
    const discoveryName = s.discoveryName ?? s.portName
    const aliases = s.clientAliases ?? []
    // One alias on the container port under the discovery name is what ECS does when none is given.
    if (aliases.length === 0) {
      ctx.leftOut.add(
        `serviceConnect.services.${s.portName}.clientAliases`,
        'none: a manifest without aliases gets the default one (the container port under the discovery name), so a plan adds it',
      )
    }
    const defaultAlias =
      aliases.length === 1 &&
      aliases[0]?.port === containerPortOf(td, s.portName) &&
      (aliases[0]?.dnsName ?? discoveryName) === discoveryName
    return compact({
      portName: s.portName,
      discoveryName: discoveryName === s.portName ? undefined : discoveryName,
      clientAliases:
        defaultAlias || aliases.length === 0
          ? undefined
          : aliases.map((a) =>
              compact({ port: a.port, dnsName: a.dnsName === discoveryName ? undefined : a.dnsName }),
            ),
      ingressPortOverride: s.ingressPortOverride,
      timeout: s.timeout && Object.keys(compact(s.timeout)).length > 0 ? compact(s.timeout) : undefined,
      tls: s.tls ? compact(s.tls) : undefined,
    })
  })
  return compact({
    namespace: sc.namespace === undefined ? undefined : ctx.namespaceName(sc.namespace),
    services: nonEmpty(services),
    logConfiguration: logConfiguration(
      sc.logConfiguration,
      'serviceConnectConfiguration.logConfiguration',
      ctx.leftOut,
    ),
  })
}

const METRIC_OF = new Map<string, string>(
  Object.entries(METRIC_TYPES).map(([metric, type]) => [type, metric]),
)

function autoscaling(
  scaling: ScalingState | undefined,
  serviceName: string,
  leftOut: LeftOutList,
): Spec | undefined {
  if (!scaling) return undefined
  const seen = new Set<string>()
  const targetTracking = scaling.policies.flatMap((p) => {
    const metric = METRIC_OF.get(p.predefinedMetricType)
    if (!metric) {
      leftOut.add(
        `scalingPolicies.${p.policyName}`,
        `metric ${p.predefinedMetricType} has no manifest name (cpu, memory, albRequestCount); a plan would delete this policy`,
      )
      return []
    }
    if (seen.has(metric)) {
      leftOut.add(
        `scalingPolicies.${p.policyName}`,
        `a second ${metric} policy; the manifests hold one policy per metric, so a plan would delete this one`,
      )
      return []
    }
    seen.add(metric)
    // Policies are named `<service>-<metric>` by the manifests; another name is replaced on apply.
    if (p.policyName !== `${serviceName}-${metric}`) {
      leftOut.add(
        `scalingPolicies.${p.policyName}.policyName`,
        `the manifests name this policy ${serviceName}-${metric}; a plan replaces the policy under that name (same settings)`,
      )
    }
    return [
      compact({
        metric,
        target: p.targetValue,
        resourceLabel: p.resourceLabel,
        scaleInCooldown: unlessDefault(p.scaleInCooldown, SCALING_DEFAULTS.scaleInCooldown),
        scaleOutCooldown: unlessDefault(p.scaleOutCooldown, SCALING_DEFAULTS.scaleOutCooldown),
        disableScaleIn: unlessDefault(p.disableScaleIn, SCALING_DEFAULTS.disableScaleIn),
      }),
    ]
  })
  const scheduled = scaling.scheduledActions.map((a) =>
    compact({
      name: a.name,
      schedule: a.schedule,
      timezone: unlessDefault(a.timezone, SCALING_DEFAULTS.timezone),
      minCapacity: a.minCapacity,
      maxCapacity: a.maxCapacity,
    }),
  )
  return compact({
    minCapacity: scaling.target.minCapacity,
    maxCapacity: scaling.target.maxCapacity,
    targetTracking: nonEmpty(targetTracking),
    scheduled: nonEmpty(scheduled),
  })
}

/**
 * The CreateService members the manifests take as the API spells them. Volume and VPC Lattice
 * configurations are reported on the primary deployment (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html).
 */
function passedMembers(service: ActualService, leftOut: LeftOutList): Spec {
  const primary = service.deployments.find((d) => d.status === 'PRIMARY')
  const controller = service.deploymentController?.type ?? SERVICE_DEFAULTS.deploymentController
  if (controller !== SERVICE_DEFAULTS.deploymentController) {
    leftOut.add(
      'deploymentController',
      `${controller}: ecs-reconciler deploys through the ECS deployment controller only, so a plan would change it to ECS`,
    )
  }
  return compact({
    serviceRegistries: canonical('ServiceRegistries', service.serviceRegistries),
    // Compared only when a manifest states it (SERVICE_DEFAULTS): a stated DISABLED is kept.
    availabilityZoneRebalancing: unlessDefault(service.availabilityZoneRebalancing, 'ENABLED'),
    enableECSManagedTags: unlessDefault(service.enableECSManagedTags, SERVICE_DEFAULTS.enableECSManagedTags),
    volumeConfigurations: canonical('ServiceVolumeConfigurations', primary?.volumeConfigurations),
    vpcLatticeConfigurations: canonical('VpcLatticeConfigurations', primary?.vpcLatticeConfigurations),
    // Read from the service revision (src/import/live.ts); all at ECS's 60-second default says nothing.
    monitoring: monitoringView(service.monitoring)
      ? canonical('MonitoringConfiguration', service.monitoring)
      : undefined,
  })
}

/** The spec of one service; `taskDefinition` is its primary deployment's revision. */
export function renderServiceSpec(
  service: ActualService,
  td: TaskDefinitionContent,
  scaling: ScalingState | undefined,
  ctx: ServiceRenderContext,
): Spec {
  const primary = service.deployments.find((d) => d.status === 'PRIMARY')
  // Service Connect is reported on the primary deployment (docs/reconciling.md).
  const sc = primary?.serviceConnectConfiguration ?? service.serviceConnectConfiguration
  const vpc = service.networkConfiguration?.awsvpcConfiguration
  const tags = userTags(service.tags)
  return compact({
    cluster: ctx.cluster,
    // With autoscaling the scaler owns the count; the manifest would only say where it starts.
    desiredCount: scaling ? undefined : service.desiredCount,
    taskDefinition: taskDefinition(td, service.name, ctx.leftOut),
    ...capacity(service, ctx),
    platformVersion: unlessDefault(service.platformVersion, SERVICE_DEFAULTS.platformVersion),
    network: vpc
      ? compact({
          subnets: [...vpc.subnets],
          securityGroups: nonEmpty(vpc.securityGroups),
          assignPublicIp:
            (vpc.assignPublicIp ?? SERVICE_DEFAULTS.assignPublicIp) === SERVICE_DEFAULTS.assignPublicIp
              ? undefined
              : true,
        })
      : undefined,
    loadBalancers: nonEmpty(
      service.loadBalancers?.map((lb) => ({
        targetGroupArn: lb.targetGroupArn,
        containerName: lb.containerName,
        containerPort: lb.containerPort,
      })),
    ),
    healthCheckGracePeriodSeconds: unlessDefault(
      service.healthCheckGracePeriodSeconds,
      SERVICE_DEFAULTS.healthCheckGracePeriodSeconds,
    ),
    enableExecuteCommand: unlessDefault(service.enableExecuteCommand, SERVICE_DEFAULTS.enableExecuteCommand),
    propagateTags: unlessDefault(service.propagateTags, SERVICE_DEFAULTS.propagateTags),
    deployment: deployment(service, ctx.leftOut),
    serviceConnect: serviceConnect(sc, td, ctx),
    ...passedMembers(service, ctx.leftOut),
    autoscaling: autoscaling(scaling, service.name, ctx.leftOut),
    tags: Object.keys(tags).length > 0 ? tags : undefined,
  })
}
