/** @module Renders a Service manifest into the ECS inputs we send: task definition content, service settings, scaling. */
import type {
  ContainerDefinition,
  ScalingState,
  ServiceConnectConfiguration,
  ServiceSettings,
  TaskDefinitionContent,
} from '../../../cloud/ports/index.js'
import type { ContainerSpec, ServiceSpec } from '../../../manifest/schema/index.js'
import type { ServiceResource } from '../../../manifest/model.js'
import { compact } from '../../../shared/compact.js'

/** ECS accepts "1 vCPU" / "2 GB"; we send integer strings, which is also what it echoes back (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html). */
export function toUnits(value: number | string): string {
  if (typeof value === 'number') return String(value)
  const match = /^\s*(\d+(?:\.\d+)?)\s*(vcpu|gb)?\s*$/i.exec(value)
  if (!match) return value.trim()
  const amount = Number(match[1])
  return String(match[2] ? Math.round(amount * 1024) : Math.round(amount))
}

const stringify = (v: string | number | boolean): string => String(v)

function containerDefinition(c: ContainerSpec): ContainerDefinition {
  const def: ContainerDefinition = { name: c.name, image: c.image }
  if (c.essential !== undefined) def.essential = c.essential
  if (c.cpu !== undefined) def.cpu = c.cpu
  if (c.memory !== undefined) def.memory = c.memory
  if (c.memoryReservation !== undefined) def.memoryReservation = c.memoryReservation
  if (c.portMappings) {
    def.portMappings = c.portMappings.map((p) => ({
      containerPort: p.containerPort,
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.protocol !== undefined ? { protocol: p.protocol } : {}),
      ...(p.appProtocol !== undefined ? { appProtocol: p.appProtocol } : {}),
    }))
  }
  if (c.environment) {
    def.environment = Object.entries(c.environment).map(([name, value]) => ({
      name,
      value: stringify(value),
    }))
  }
  if (c.secrets) def.secrets = Object.entries(c.secrets).map(([name, valueFrom]) => ({ name, valueFrom }))
  if (c.command) def.command = c.command
  if (c.entryPoint) def.entryPoint = c.entryPoint
  if (c.healthCheck) def.healthCheck = compact(c.healthCheck)
  if (c.logConfiguration) {
    def.logConfiguration = {
      logDriver: c.logConfiguration.logDriver,
      ...(c.logConfiguration.options ? { options: c.logConfiguration.options } : {}),
      ...(c.logConfiguration.secretOptions
        ? {
            secretOptions: Object.entries(c.logConfiguration.secretOptions).map(([name, valueFrom]) => ({
              name,
              valueFrom,
            })),
          }
        : {}),
    }
  }
  if (c.dependsOn) def.dependsOn = c.dependsOn.map((d) => ({ ...d }))
  if (c.readonlyRootFilesystem !== undefined) def.readonlyRootFilesystem = c.readonlyRootFilesystem
  if (c.user !== undefined) def.user = c.user
  if (c.workingDirectory !== undefined) def.workingDirectory = c.workingDirectory
  if (c.startTimeout !== undefined) def.startTimeout = c.startTimeout
  if (c.stopTimeout !== undefined) def.stopTimeout = c.stopTimeout
  if (c.dockerLabels) def.dockerLabels = c.dockerLabels
  return def
}

export function familyOf(service: ServiceResource): string {
  return service.spec.taskDefinition.family ?? service.name
}

export function desiredTaskDefinition(service: ServiceResource): TaskDefinitionContent {
  const td = service.spec.taskDefinition
  const content: TaskDefinitionContent = {
    family: familyOf(service),
    cpu: toUnits(td.cpu),
    memory: toUnits(td.memory),
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    containerDefinitions: td.containers.map(containerDefinition),
  }
  if (td.runtimePlatform) {
    content.runtimePlatform = {
      ...(td.runtimePlatform.cpuArchitecture ? { cpuArchitecture: td.runtimePlatform.cpuArchitecture } : {}),
      ...(td.runtimePlatform.operatingSystemFamily
        ? { operatingSystemFamily: td.runtimePlatform.operatingSystemFamily }
        : {}),
    }
  }
  if (td.executionRoleArn) content.executionRoleArn = td.executionRoleArn
  if (td.taskRoleArn) content.taskRoleArn = td.taskRoleArn
  if (td.enableFaultInjection !== undefined) content.enableFaultInjection = td.enableFaultInjection
  if (td.pidMode) content.pidMode = td.pidMode
  if (td.ephemeralStorage) content.ephemeralStorage = { sizeInGiB: td.ephemeralStorage.sizeInGiB }
  if (td.volumes) content.volumes = td.volumes.map((v) => ({ ...v }))
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

export function desiredServiceSettings(
  service: ServiceResource,
  namespace: string | undefined,
): ServiceSettings {
  const spec = service.spec
  const settings: ServiceSettings = {}
  if (!spec.autoscaling) settings.desiredCount = spec.desiredCount ?? 1
  if (spec.capacityProviderStrategy) {
    settings.capacityProviderStrategy = compact(spec.capacityProviderStrategy)
  } else if (spec.launchType) settings.launchType = spec.launchType
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
  const d = spec.deployment
  settings.deploymentConfiguration = {
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
      ? { lifecycleHooks: d.lifecycleHooks.map((h) => ({ ...h, lifecycleStages: [...h.lifecycleStages] })) }
      : {}),
  }
  const sc = desiredServiceConnect(service, namespace)
  if (sc) settings.serviceConnectConfiguration = sc
  return settings
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
