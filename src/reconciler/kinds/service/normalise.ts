/**
 * @module Normalises desired and live service state into one comparable view, so ECS defaults,
 * list order and name/value lists never show as changes (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html). Pure.
 */
import type {
  ContainerDefinition,
  ScalingState,
  ServiceConnectConfiguration,
  ServiceSettings,
  Tags,
  TaskDefinitionContent,
} from '../../../cloud/ports/index.js'
import {
  CONTAINER_DEFAULTS as C,
  DEPLOYMENT_DEFAULTS as D,
  HEALTH_CHECK_DEFAULTS as H,
  SCALING_DEFAULTS as A,
  SERVICE_DEFAULTS as S,
  STRATEGY_ITEM_DEFAULTS as I,
  TASK_DEFINITION_DEFAULTS as T,
} from './defaults.js'
import { HANDWRITTEN_CONTAINER_MEMBERS } from '../../../manifest/schema/task-definition.js'
import { toUnits } from '../../../manifest/facts/fargate.js'
import { canonical, HANDLED_TASK_MEMBERS, otherMembers } from './model-members.js'

export interface ServiceState {
  readonly taskDefinition: TaskDefinitionContent | undefined
  readonly settings: ServiceSettings
  readonly tags: Tags
  readonly scaling: ScalingState | undefined
}

export interface NormaliseContext {
  /** Namespace ARN → name, so a namespace given either way compares equal. */
  readonly namespaceName: (ref: string) => string
  /** When the manifest sets autoscaling, desiredCount belongs to the scaler. */
  readonly autoscaled: boolean
  /** The manifest states availabilityZoneRebalancing; left out, ECS keeps what it has (SERVICE_DEFAULTS). */
  readonly statesAzRebalancing?: boolean
}

type View = Record<string, unknown>

const byKey = <T>(
  items: readonly T[] | undefined,
  key: (t: T) => string,
  map: (t: T) => unknown,
): View | undefined => {
  if (!items || items.length === 0) return undefined
  return Object.fromEntries(items.map((item) => [key(item), map(item)]))
}

const sorted = (list: readonly string[] | undefined): string[] | undefined =>
  list && list.length > 0 ? [...list].sort() : undefined

const nonEmpty = <T>(list: readonly T[] | undefined): T[] | undefined =>
  list && list.length > 0 ? [...list] : undefined

const units = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined
  const n = toUnits(value)
  return n === undefined ? value : String(n)
}

/**
 * Port mappings are keyed by name (or port or range, and protocol); ECS fills hostPort = containerPort
 * and protocol tcp in awsvpc, and a range has no hostPort.
 */
function portMappingsView(mappings: ContainerDefinition['portMappings']): View | undefined {
  return byKey(
    mappings,
    (p) => p.name ?? `${p.containerPort ?? p.containerPortRange}/${p.protocol ?? C.protocol}`,
    (p) => ({
      containerPort: p.containerPort,
      containerPortRange: p.containerPortRange,
      hostPort: p.containerPortRange === undefined ? (p.hostPort ?? p.containerPort) : undefined,
      protocol: p.protocol ?? C.protocol,
      // ECS answers "" for an appProtocol never set.
      appProtocol: p.appProtocol === '' ? undefined : p.appProtocol,
    }),
  )
}

function containerView(c: ContainerDefinition): View {
  return {
    image: c.image,
    essential: c.essential ?? C.essential,
    cpu: c.cpu ?? C.cpu,
    memory: c.memory,
    memoryReservation: c.memoryReservation,
    portMappings: portMappingsView(c.portMappings),
    environment: byKey(
      c.environment,
      (e) => e.name,
      (e) => e.value,
    ),
    secrets: byKey(
      c.secrets,
      (s) => s.name,
      (s) => s.valueFrom,
    ),
    command: nonEmpty(c.command),
    entryPoint: nonEmpty(c.entryPoint),
    healthCheck: c.healthCheck
      ? {
          command: c.healthCheck.command,
          interval: c.healthCheck.interval ?? H.interval,
          timeout: c.healthCheck.timeout ?? H.timeout,
          retries: c.healthCheck.retries ?? H.retries,
          startPeriod: c.healthCheck.startPeriod ?? H.startPeriod,
        }
      : undefined,
    logConfiguration: c.logConfiguration
      ? {
          logDriver: c.logConfiguration.logDriver,
          options:
            c.logConfiguration.options && Object.keys(c.logConfiguration.options).length > 0
              ? c.logConfiguration.options
              : undefined,
          secretOptions: byKey(
            c.logConfiguration.secretOptions,
            (s) => s.name,
            (s) => s.valueFrom,
          ),
        }
      : undefined,
    dependsOn: byKey(
      c.dependsOn,
      (d) => d.containerName,
      (d) => d.condition,
    ),
    readonlyRootFilesystem: c.readonlyRootFilesystem ?? C.readonlyRootFilesystem,
    user: c.user,
    workingDirectory: c.workingDirectory,
    startTimeout: c.startTimeout,
    stopTimeout: c.stopTimeout,
    dockerLabels: c.dockerLabels && Object.keys(c.dockerLabels).length > 0 ? c.dockerLabels : undefined,
    ...otherMembers('ContainerDefinition', c, HANDWRITTEN_CONTAINER_MEMBERS),
  }
}

export function taskDefinitionView(td: TaskDefinitionContent): View {
  return {
    family: td.family,
    cpu: units(td.cpu),
    memory: units(td.memory),
    networkMode: td.networkMode ?? T.networkMode,
    runtimePlatform: {
      cpuArchitecture: td.runtimePlatform?.cpuArchitecture ?? T.cpuArchitecture,
      operatingSystemFamily: td.runtimePlatform?.operatingSystemFamily ?? T.operatingSystemFamily,
    },
    executionRoleArn: td.executionRoleArn,
    taskRoleArn: taskRoleName(td.taskRoleArn),
    enableFaultInjection: td.enableFaultInjection ?? T.enableFaultInjection,
    pidMode: td.pidMode,
    ephemeralStorage:
      td.ephemeralStorage && td.ephemeralStorage.sizeInGiB > T.ephemeralStorageGiB
        ? td.ephemeralStorage.sizeInGiB
        : undefined,
    requiresCompatibilities: sorted(td.requiresCompatibilities ?? ['FARGATE']),
    volumes: byKey(
      td.volumes as { name?: string }[] | undefined,
      (v) => String(v.name),
      (v) => canonical('Volume', v) ?? {},
    ),
    containers: byKey(td.containerDefinitions, (c) => c.name, containerView),
    ...otherMembers('RegisterTaskDefinitionRequest', td, HANDLED_TASK_MEMBERS),
  }
}

function serviceConnectView(
  sc: ServiceConnectConfiguration | undefined,
  ctx: NormaliseContext,
): View | undefined {
  if (!sc || !sc.enabled) return undefined
  return {
    namespace: sc.namespace === undefined ? undefined : ctx.namespaceName(sc.namespace),
    services: byKey(
      sc.services,
      (s) => s.discoveryName ?? s.portName,
      (s) => {
        const discoveryName = s.discoveryName ?? s.portName
        return {
          portName: s.portName,
          clientAliases: byKey(
            s.clientAliases,
            (a) => `${a.dnsName ?? discoveryName}:${a.port}`,
            () => true,
          ),
          ingressPortOverride: s.ingressPortOverride,
          idleTimeoutSeconds: s.timeout?.idleTimeoutSeconds,
          perRequestTimeoutSeconds: s.timeout?.perRequestTimeoutSeconds,
          tls: s.tls,
        }
      },
    ),
    logConfiguration: sc.logConfiguration
      ? { logDriver: sc.logConfiguration.logDriver, options: sc.logConfiguration.options }
      : undefined,
  }
}

function scalingView(scaling: ScalingState | undefined): View | undefined {
  if (!scaling) return undefined
  return {
    minCapacity: scaling.target.minCapacity,
    maxCapacity: scaling.target.maxCapacity,
    targetTracking: byKey(
      scaling.policies,
      (p) => p.policyName,
      (p) => ({
        metric: p.predefinedMetricType,
        target: p.targetValue,
        resourceLabel: p.resourceLabel,
        scaleInCooldown: p.scaleInCooldown ?? A.scaleInCooldown,
        scaleOutCooldown: p.scaleOutCooldown ?? A.scaleOutCooldown,
        disableScaleIn: p.disableScaleIn ?? A.disableScaleIn,
      }),
    ),
    scheduled: byKey(
      scaling.scheduledActions,
      (a) => a.name,
      (a) => ({
        schedule: a.schedule,
        timezone: a.timezone ?? A.timezone,
        minCapacity: a.minCapacity,
        maxCapacity: a.maxCapacity,
      }),
    ),
  }
}

function deploymentView(d: ServiceSettings['deploymentConfiguration']): View {
  const breaker = d?.deploymentCircuitBreaker
  const alarms =
    d?.alarms && (d.alarms.enable || d.alarms.alarmNames.length > 0)
      ? { ...d.alarms, alarmNames: sorted(d.alarms.alarmNames) }
      : undefined
  return {
    maximumPercent: d?.maximumPercent ?? D.maximumPercent,
    minimumHealthyPercent: d?.minimumHealthyPercent ?? D.minimumHealthyPercent,
    circuitBreaker: {
      enable: breaker?.enable ?? D.circuitBreaker.enable,
      rollback: breaker?.rollback ?? D.circuitBreaker.rollback,
    },
    alarms,
    strategy: d?.strategy ?? D.strategy,
    bakeTimeInMinutes: d?.strategy && d.strategy !== D.strategy ? d.bakeTimeInMinutes : undefined,
    linearConfiguration: d?.linearConfiguration,
    canaryConfiguration: d?.canaryConfiguration,
    lifecycleHooks: canonical('DeploymentLifecycleHookList', d?.lifecycleHooks),
    earlySuccessCriteria: canonical('DeploymentEarlySuccessCriteria', d?.earlySuccessCriteria),
  }
}

/**
 * Monitoring as each metric's resolution, the ones at ECS's default (60 s) left out: unset, `{}`, an
 * empty list and a metric listed at 60 s all mean the same, so none shows as a change.
 */
export function monitoringView(m: ServiceSettings['monitoring']): View | undefined {
  const resolutions = (m?.metricConfigurations ?? []).flatMap((c) =>
    c.metricNames.map((name): [string, number] => [name, c.resolutionSeconds]),
  )
  const kept = resolutions.filter(([, seconds]) => seconds !== S.metricResolutionSeconds)
  return kept.length > 0 ? Object.fromEntries(kept.sort(([a], [b]) => a.localeCompare(b))) : undefined
}

/** The CreateService members passed through as the API spells them (PASSED_SERVICE_MEMBERS). */
function passedMembersView(s: ServiceSettings, ctx: NormaliseContext): View {
  return {
    serviceRegistries: canonical('ServiceRegistries', s.serviceRegistries),
    availabilityZoneRebalancing: ctx.statesAzRebalancing
      ? (s.availabilityZoneRebalancing ?? S.availabilityZoneRebalancing)
      : undefined,
    enableECSManagedTags: s.enableECSManagedTags ?? S.enableECSManagedTags,
    deploymentController: s.deploymentController?.type ?? S.deploymentController,
    volumeConfigurations: byKey(
      s.volumeConfigurations,
      (v) => v.name,
      (v) => canonical('ServiceVolumeConfiguration', v),
    ),
    vpcLatticeConfigurations: byKey(
      s.vpcLatticeConfigurations,
      (v) => `${v.targetGroupArn}|${v.portName}`,
      (v) => canonical('VpcLatticeConfiguration', v),
    ),
    monitoring: monitoringView(s.monitoring),
  }
}

/** The comparable view of a service; the same function serves desired and live state. */
export function serviceView(state: ServiceState, ctx: NormaliseContext): View {
  const s = state.settings
  const strategy =
    s.capacityProviderStrategy && s.capacityProviderStrategy.length > 0
      ? s.capacityProviderStrategy
      : undefined
  return {
    taskDefinition: state.taskDefinition ? taskDefinitionView(state.taskDefinition) : undefined,
    desiredCount: ctx.autoscaled ? undefined : s.desiredCount,
    // The desired side always states its capacity (desiredServiceSettings).
    capacity: strategy
      ? {
          capacityProviderStrategy: byKey(
            strategy,
            (i) => i.capacityProvider,
            (i) => ({ weight: i.weight ?? I.weight, base: i.base ?? I.base }),
          ),
        }
      : { launchType: s.launchType ?? S.launchType },
    platformVersion: s.platformVersion ?? S.platformVersion,
    network: s.networkConfiguration
      ? {
          subnets: sorted(s.networkConfiguration.awsvpcConfiguration.subnets),
          securityGroups: sorted(s.networkConfiguration.awsvpcConfiguration.securityGroups),
          assignPublicIp: s.networkConfiguration.awsvpcConfiguration.assignPublicIp ?? S.assignPublicIp,
        }
      : undefined,
    loadBalancers: byKey(
      s.loadBalancers,
      (lb) => `${lb.targetGroupArn}|${lb.containerName}:${lb.containerPort}`,
      () => true,
    ),
    healthCheckGracePeriodSeconds: s.healthCheckGracePeriodSeconds ?? S.healthCheckGracePeriodSeconds,
    enableExecuteCommand: s.enableExecuteCommand ?? S.enableExecuteCommand,
    propagateTags: s.propagateTags ?? S.propagateTags,
    deployment: deploymentView(s.deploymentConfiguration),
    serviceConnect: serviceConnectView(s.serviceConnectConfiguration, ctx),
    ...passedMembersView(s, ctx),
    tags: Object.keys(state.tags).length > 0 ? state.tags : undefined,
    autoscaling: scalingView(state.scaling),
  }
}

/**
 * A task role compares by its name: ECS takes the short name or the ARN
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html), and a
 * role name is unique in its account whatever its path; a task can only be passed a role of its own
 * account.
 */
function taskRoleName(role: string | undefined): string | undefined {
  return role === undefined
    ? undefined
    : (/^arn:aws[a-z-]*:iam::\d*:role\/(?:.*\/)?([^/]+)$/.exec(role)?.[1] ?? role)
}
