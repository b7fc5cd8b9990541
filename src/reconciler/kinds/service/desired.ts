/** @module Renders a Service manifest into the ECS inputs we send: task definition content, service settings, scaling. */
import type {
  ContainerDefinition,
  DeploymentConfiguration,
  DeploymentLifecycleHook,
  LogConfiguration,
  ScalingState,
  ServiceConnectConfiguration,
  ServiceSettings,
  TaskDefinitionContent,
} from '../../../cloud/ports/index.js'
import type { ContainerSpec, ServiceSpec } from '../../../manifest/schema/index.js'
import type { ServiceResource } from '../../../manifest/model.js'
import { compact } from '../../../shared/compact.js'
import { toUnits as sizeInUnits } from '../../../manifest/facts/fargate.js'
import { PASSED_SERVICE_MEMBERS } from '../../../manifest/schema/service-members.js'
import { FARGATE_NETWORK_MODE } from './defaults.js'

/** ECS accepts "1 vCPU" / "2 GB"; we send integer strings, which is also what it echoes back (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html). */
export function toUnits(value: number | string): string {
  const units = sizeInUnits(value)
  return units === undefined ? String(value).trim() : String(units)
}

type Secrets = NonNullable<ContainerSpec['secrets']>
type Environment = NonNullable<ContainerSpec['environment']>

/** The manifest's map, or the API's list, as the API's list. */
function environmentList(env: Environment): { name: string; value: string }[] {
  return Array.isArray(env)
    ? env.map((e) => ({ name: e.name, value: String(e.value) }))
    : Object.entries(env).map(([name, value]) => ({ name, value: String(value) }))
}

function secretList(secrets: Secrets): { name: string; valueFrom: string }[] {
  return Array.isArray(secrets)
    ? secrets.map((s) => ({ name: s.name, valueFrom: s.valueFrom }))
    : Object.entries(secrets).map(([name, valueFrom]) => ({ name, valueFrom }))
}

function logConfigurationOf(log: NonNullable<ContainerSpec['logConfiguration']>): LogConfiguration {
  return {
    logDriver: log.logDriver,
    ...(log.options ? { options: log.options } : {}),
    ...(log.secretOptions
      ? {
          secretOptions: Array.isArray(log.secretOptions)
            ? log.secretOptions.map((s) => ({ name: s.name, valueFrom: s.valueFrom }))
            : Object.entries(log.secretOptions).map(([name, valueFrom]) => ({ name, valueFrom })),
        }
      : {}),
  }
}

/** Every member passes through as the API spells it; only the friendlier forms are turned into the API's. */
function containerDefinition(c: ContainerSpec): ContainerDefinition {
  const { environment, secrets, healthCheck, logConfiguration, dependsOn, portMappings, ...members } = c
  const def: ContainerDefinition = { ...compact(members), name: c.name, image: c.image }
  if (portMappings) {
    def.portMappings = portMappings.map((p) => ({
      ...(p.containerPort !== undefined ? { containerPort: p.containerPort } : {}),
      ...(p.containerPortRange !== undefined ? { containerPortRange: p.containerPortRange } : {}),
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.protocol !== undefined ? { protocol: p.protocol } : {}),
      ...(p.appProtocol !== undefined ? { appProtocol: p.appProtocol } : {}),
    }))
  }
  if (environment) def.environment = environmentList(environment)
  if (secrets) def.secrets = secretList(secrets)
  if (healthCheck) def.healthCheck = compact(healthCheck)
  if (logConfiguration) def.logConfiguration = logConfigurationOf(logConfiguration)
  if (dependsOn) def.dependsOn = dependsOn.map((d) => ({ ...d }))
  return def
}

export function familyOf(service: ServiceResource): string {
  return service.spec.taskDefinition.family ?? service.name
}

export function desiredTaskDefinition(service: ServiceResource): TaskDefinitionContent {
  // Tags are the service's (see the schema); every other member passes through as the API spells it.
  const { containers, tags: _tags, family: _family, ...members } = service.spec.taskDefinition
  const content: TaskDefinitionContent = {
    ...compact(members),
    family: familyOf(service),
    cpu: toUnits(members.cpu),
    memory: toUnits(members.memory),
    networkMode: FARGATE_NETWORK_MODE,
    requiresCompatibilities: [...(members.requiresCompatibilities ?? ['FARGATE'])],
    containerDefinitions: containers.map(containerDefinition),
  }
  if (members.runtimePlatform) content.runtimePlatform = compact(members.runtimePlatform)
  if (members.ephemeralStorage) content.ephemeralStorage = { sizeInGiB: members.ephemeralStorage.sizeInGiB }
  return content
}

/** The containerPort behind a Service Connect port name, used for the explicit default client alias. */
function containerPortOf(spec: ServiceSpec, portName: string): number | undefined {
  for (const c of spec.taskDefinition.containers) {
    for (const p of c.portMappings ?? []) if (p.name === portName) return p.containerPort
  }
  return undefined
}

/**
 * Service Connect as sent to ECS. Defaults ECS would derive are written out (discoveryName, one client
 * alias on the container port), so desired equals what ECS reports back (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectClientAlias.html note).
 */
export function desiredServiceConnect(
  service: ServiceResource,
  namespace: string | undefined,
): ServiceConnectConfiguration | undefined {
  const sc = service.spec.serviceConnect
  if (!sc) return undefined
  const config: ServiceConnectConfiguration = { enabled: true }
  if (namespace) config.namespace = namespace
  if (sc.services && sc.services.length > 0) {
    config.services = sc.services.map((entry) => {
      const discoveryName = entry.discoveryName ?? entry.portName
      const aliases = entry.clientAliases ?? [{ port: containerPortOf(service.spec, entry.portName) ?? 80 }]
      return {
        portName: entry.portName,
        discoveryName,
        clientAliases: aliases.map((a) => ({ port: a.port, dnsName: a.dnsName ?? discoveryName })),
        ...(entry.ingressPortOverride !== undefined
          ? { ingressPortOverride: entry.ingressPortOverride }
          : {}),
        ...(entry.timeout ? { timeout: compact(entry.timeout) } : {}),
        ...(entry.tls ? { tls: compact(entry.tls) } : {}),
      }
    })
  }
  if (sc.logConfiguration) {
    config.logConfiguration = {
      logDriver: sc.logConfiguration.logDriver,
      ...(sc.logConfiguration.options ? { options: sc.logConfiguration.options } : {}),
    }
  }
  return config
}

export type ClusterStrategy = readonly {
  capacityProvider: string
  weight?: number | undefined
  base?: number | undefined
}[]

/**
 * The capacity the service runs on, always stated: its own, else the declared cluster's default
 * strategy, else FARGATE (the rule capacity/unstated warns). Left unstated, ECS would use the live
 * cluster's default strategy, or the EC2 launch type when it has none (docs/aws-behaviour.md).
 */
function desiredCapacity(
  spec: ServiceSpec,
  clusterStrategy: ClusterStrategy | undefined,
): Pick<ServiceSettings, 'capacityProviderStrategy' | 'launchType'> {
  if (spec.capacityProviderStrategy) {
    return { capacityProviderStrategy: compact(spec.capacityProviderStrategy) }
  }
  if (spec.launchType) return { launchType: spec.launchType }
  if (clusterStrategy && clusterStrategy.length > 0) {
    return { capacityProviderStrategy: compact(clusterStrategy) }
  }
  return { launchType: 'FARGATE' }
}

export function desiredServiceSettings(
  service: ServiceResource,
  namespace: string | undefined,
  clusterStrategy?: ClusterStrategy,
): ServiceSettings {
  const spec = service.spec
  const settings: ServiceSettings = { ...desiredCapacity(spec, clusterStrategy) }
  if (!spec.autoscaling) settings.desiredCount = spec.desiredCount ?? 1
  settings.platformVersion = spec.platformVersion ?? 'LATEST'
  if (spec.network) {
    settings.networkConfiguration = {
      awsvpcConfiguration: {
        subnets: [...spec.network.subnets],
        ...(spec.network.securityGroups ? { securityGroups: [...spec.network.securityGroups] } : {}),
        assignPublicIp: spec.network.assignPublicIp ? 'ENABLED' : 'DISABLED',
      },
    }
  }
  settings.loadBalancers = (spec.loadBalancers ?? []).map((lb) => ({ ...lb }))
  settings.healthCheckGracePeriodSeconds = spec.healthCheckGracePeriodSeconds ?? 0
  settings.enableExecuteCommand = spec.enableExecuteCommand ?? false
  settings.propagateTags = spec.propagateTags ?? 'NONE'
  settings.deploymentConfiguration = desiredDeployment(spec.deployment)
  Object.assign(settings, passedMembers(spec))
  const sc = desiredServiceConnect(service, namespace)
  if (sc) settings.serviceConnectConfiguration = sc
  return settings
}

/** The deployment configuration, with the defaults ECS would fill in written out. */
function desiredDeployment(d: ServiceSpec['deployment']): DeploymentConfiguration {
  return {
    maximumPercent: d?.maximumPercent ?? 200,
    minimumHealthyPercent: d?.minimumHealthyPercent ?? 100,
    deploymentCircuitBreaker: d?.circuitBreaker
      ? { ...d.circuitBreaker }
      : { enable: false, rollback: false },
    ...(d?.alarms ? { alarms: { ...d.alarms } } : {}),
    ...(d?.strategy && d.strategy !== 'ROLLING' ? { strategy: d.strategy } : {}),
    ...(d?.bakeTimeInMinutes !== undefined ? { bakeTimeInMinutes: d.bakeTimeInMinutes } : {}),
    ...(d?.linearConfiguration ? { linearConfiguration: compact(d.linearConfiguration) } : {}),
    ...(d?.canaryConfiguration ? { canaryConfiguration: compact(d.canaryConfiguration) } : {}),
    ...(d?.lifecycleHooks
      ? {
          lifecycleHooks: d.lifecycleHooks.map(
            (h) => compact({ ...h, lifecycleStages: [...h.lifecycleStages] }) as DeploymentLifecycleHook,
          ),
        }
      : {}),
    ...(d?.earlySuccessCriteria
      ? {
          earlySuccessCriteria: d.earlySuccessCriteria as NonNullable<
            DeploymentConfiguration['earlySuccessCriteria']
          >,
        }
      : {}),
  }
}

/** The CreateService members the manifest passes through as the API spells them (validated from the model). */
function passedMembers(spec: ServiceSpec): Partial<ServiceSettings> {
  // The schema checked each against the model; ServiceSettings names the same members.
  const members: Partial<ServiceSettings> = Object.fromEntries(
    Object.keys(PASSED_SERVICE_MEMBERS).flatMap((m) => {
      const value = (spec as Record<string, unknown>)[m]
      return value === undefined ? [] : [[m, structuredClone(value)]]
    }),
  )
  return members
}

/** Manifest metric names and the Application Auto Scaling predefined metric types they stand for. */
export const METRIC_TYPES = {
  cpu: 'ECSServiceAverageCPUUtilization',
  memory: 'ECSServiceAverageMemoryUtilization',
  albRequestCount: 'ALBRequestCountPerTarget',
} as const

export function scalingResourceId(cluster: string, service: string): string {
  return `service/${cluster}/${service}`
}

export function desiredScaling(service: ServiceResource): ScalingState | undefined {
  const a = service.spec.autoscaling
  if (!a) return undefined
  return {
    target: {
      resourceId: scalingResourceId(service.cluster, service.name),
      minCapacity: a.minCapacity,
      maxCapacity: a.maxCapacity,
    },
    policies: (a.targetTracking ?? []).map((t) => ({
      policyName: `${service.name}-${t.metric}`,
      targetValue: t.target,
      predefinedMetricType: METRIC_TYPES[t.metric],
      ...(t.resourceLabel !== undefined ? { resourceLabel: t.resourceLabel } : {}),
      // AAS defaults both cooldowns to 300 s for ECS (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TargetTrackingScalingPolicyConfiguration.html); written out so live equals desired.
      scaleInCooldown: t.scaleInCooldown ?? 300,
      scaleOutCooldown: t.scaleOutCooldown ?? 300,
      disableScaleIn: t.disableScaleIn ?? false,
    })),
    scheduledActions: (a.scheduled ?? []).map((s) => ({
      name: s.name,
      schedule: s.schedule,
      timezone: s.timezone ?? 'UTC',
      ...(s.minCapacity !== undefined ? { minCapacity: s.minCapacity } : {}),
      ...(s.maxCapacity !== undefined ? { maxCapacity: s.maxCapacity } : {}),
    })),
  }
}
