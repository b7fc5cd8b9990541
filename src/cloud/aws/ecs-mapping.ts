/** @module ECS SDK shapes ⇄ the plain model of src/cloud/ports. Only this folder sees SDK types. */
import type {
  Cluster,
  ContainerDefinition as SdkContainer,
  Deployment,
  DeploymentConfiguration as SdkDeploymentConfiguration,
  KeyValuePair,
  Service,
  ServiceConnectConfiguration as SdkServiceConnect,
  ServiceRevision,
  Tag,
  TaskDefinition,
} from '@aws-sdk/client-ecs'
import type {
  ActualCluster,
  ActualDeployment,
  ActualService,
  ActualServiceRevision,
  ActualTaskDefinition,
  ContainerDefinition,
  DeploymentConfiguration,
  DeploymentLifecycleHook,
  MonitoringConfiguration,
  ServiceConnectConfiguration,
  ServiceVolumeConfiguration,
  Tags,
  VpcLatticeConfiguration,
} from '../ports/index.js'
import { ecsModel } from '../../aws-model/generated/ecs.js'

export function tagsFromList(tags: readonly Tag[] | undefined): Tags {
  return Object.fromEntries(
    (tags ?? []).filter((t) => t.key !== undefined).map((t) => [t.key as string, t.value ?? '']),
  )
}

export function tagsToList(tags: Tags): Tag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }))
}

/** Copies only the defined properties: the model uses exact optional types. */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined | null> } {
  // A loop rather than entries/filter/fromEntries: every service of every pass comes through here.
  const out: Record<string, unknown> = {}
  for (const key in value) {
    const v = value[key]
    if (v !== undefined && v !== null) out[key] = v
  }
  return out as { [K in keyof T]: Exclude<T[K], undefined | null> }
}

const nameValues = (list: readonly KeyValuePair[] | undefined) =>
  list && list.length > 0 ? list.map((e) => ({ name: e.name ?? '', value: e.value ?? '' })) : undefined

/** Registerable members of a task definition: RegisterTaskDefinition's input, as AWS's model lists it. */
const REGISTERABLE = Object.keys(ecsModel.shapes['RegisterTaskDefinitionRequest']?.members ?? {}).filter(
  (m) => m !== 'tags',
)

/** Every member ECS answered, so none is lost: the ones the reconciler reads are typed below. */
function containerFromSdk(c: SdkContainer): ContainerDefinition {
  return defined({
    ...(c as Record<string, unknown>),
    name: c.name ?? '',
    image: c.image ?? '',
    essential: c.essential,
    cpu: c.cpu,
    memory: c.memory,
    memoryReservation: c.memoryReservation,
    portMappings: c.portMappings?.length
      ? c.portMappings.map((p) =>
          defined({
            name: p.name,
            containerPort: p.containerPort,
            containerPortRange: p.containerPortRange,
            hostPort: p.hostPort,
            protocol: p.protocol,
            appProtocol: p.appProtocol,
          }),
        )
      : undefined,
    environment: nameValues(c.environment),
    secrets: c.secrets?.length
      ? c.secrets.map((s) => ({ name: s.name ?? '', valueFrom: s.valueFrom ?? '' }))
      : undefined,
    command: c.command?.length ? c.command : undefined,
    entryPoint: c.entryPoint?.length ? c.entryPoint : undefined,
    healthCheck: c.healthCheck
      ? defined({
          command: c.healthCheck.command ?? [],
          interval: c.healthCheck.interval,
          timeout: c.healthCheck.timeout,
          retries: c.healthCheck.retries,
          startPeriod: c.healthCheck.startPeriod,
        })
      : undefined,
    logConfiguration: c.logConfiguration
      ? defined({
          logDriver: c.logConfiguration.logDriver ?? 'awslogs',
          options: c.logConfiguration.options,
          secretOptions: c.logConfiguration.secretOptions?.length
            ? c.logConfiguration.secretOptions.map((s) => ({
                name: s.name ?? '',
                valueFrom: s.valueFrom ?? '',
              }))
            : undefined,
        })
      : undefined,
    dependsOn: c.dependsOn?.length
      ? c.dependsOn.map((d) => ({ containerName: d.containerName ?? '', condition: d.condition ?? 'START' }))
      : undefined,
    readonlyRootFilesystem: c.readonlyRootFilesystem,
    user: c.user,
    workingDirectory: c.workingDirectory,
    startTimeout: c.startTimeout,
    stopTimeout: c.stopTimeout,
    dockerLabels: c.dockerLabels && Object.keys(c.dockerLabels).length > 0 ? c.dockerLabels : undefined,
  })
}

export function taskDefinitionFromSdk(
  td: TaskDefinition,
  tags: readonly Tag[] | undefined,
): ActualTaskDefinition {
  const members = td as Record<string, unknown>
  return defined({
    ...Object.fromEntries(REGISTERABLE.map((m) => [m, members[m]])),
    arn: td.taskDefinitionArn ?? '',
    revision: td.revision ?? 0,
    status: td.status ?? 'ACTIVE',
    tags: tagsFromList(tags),
    family: td.family ?? '',
    cpu: td.cpu,
    memory: td.memory,
    networkMode: td.networkMode,
    requiresCompatibilities: td.requiresCompatibilities,
    runtimePlatform: td.runtimePlatform
      ? defined({
          cpuArchitecture: td.runtimePlatform.cpuArchitecture,
          operatingSystemFamily: td.runtimePlatform.operatingSystemFamily,
        })
      : undefined,
    executionRoleArn: td.executionRoleArn,
    taskRoleArn: td.taskRoleArn,
    enableFaultInjection: td.enableFaultInjection,
    pidMode: td.pidMode,
    ephemeralStorage:
      td.ephemeralStorage?.sizeInGiB !== undefined ? { sizeInGiB: td.ephemeralStorage.sizeInGiB } : undefined,
    volumes: td.volumes?.length ? (td.volumes as Record<string, unknown>[]) : undefined,
    containerDefinitions: (td.containerDefinitions ?? []).map(containerFromSdk),
  })
}

export function serviceConnectFromSdk(
  sc: SdkServiceConnect | undefined,
): ServiceConnectConfiguration | undefined {
  if (!sc) return undefined
  return defined({
    enabled: sc.enabled ?? false,
    namespace: sc.namespace,
    services: sc.services?.length
      ? sc.services.map((s) =>
          defined({
            portName: s.portName ?? '',
            discoveryName: s.discoveryName,
            clientAliases: s.clientAliases?.length
              ? s.clientAliases.map((a) => defined({ port: a.port ?? 0, dnsName: a.dnsName }))
              : undefined,
            ingressPortOverride: s.ingressPortOverride,
            timeout: s.timeout
              ? defined({
                  idleTimeoutSeconds: s.timeout.idleTimeoutSeconds,
                  perRequestTimeoutSeconds: s.timeout.perRequestTimeoutSeconds,
                })
              : undefined,
            tls: s.tls?.issuerCertificateAuthority?.awsPcaAuthorityArn
              ? defined({
                  issuerCertificateAuthority: {
                    awsPcaAuthorityArn: s.tls.issuerCertificateAuthority.awsPcaAuthorityArn,
                  },
                  kmsKey: s.tls.kmsKey,
                  roleArn: s.tls.roleArn,
                })
              : undefined,
          }),
        )
      : undefined,
    logConfiguration: sc.logConfiguration
      ? defined({
          logDriver: sc.logConfiguration.logDriver ?? 'awslogs',
          options: sc.logConfiguration.options,
        })
      : undefined,
  })
}

function deploymentFromSdk(d: Deployment): ActualDeployment {
  return defined({
    id: d.id ?? '',
    status: d.status ?? 'PRIMARY',
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason,
    taskDefinition: d.taskDefinition ?? '',
    desiredCount: d.desiredCount ?? 0,
    runningCount: d.runningCount ?? 0,
    pendingCount: d.pendingCount ?? 0,
    failedTasks: d.failedTasks ?? 0,
    createdAt: d.createdAt?.toISOString(),
    updatedAt: d.updatedAt?.toISOString(),
    serviceConnectConfiguration: serviceConnectFromSdk(d.serviceConnectConfiguration),
    volumeConfigurations: d.volumeConfigurations?.length
      ? plain<ServiceVolumeConfiguration[]>(d.volumeConfigurations)
      : undefined,
    vpcLatticeConfigurations: d.vpcLatticeConfigurations?.length
      ? plain<VpcLatticeConfiguration[]>(d.vpcLatticeConfigurations)
      : undefined,
  })
}

/** ECS keeps up to 100 events a service; the newest few say what is happening now. */
const SERVICE_EVENTS_KEPT = 5

export function serviceFromSdk(s: Service): ActualService {
  return defined({
    arn: s.serviceArn ?? '',
    name: s.serviceName ?? '',
    clusterArn: s.clusterArn ?? '',
    status: s.status ?? 'ACTIVE',
    taskDefinition: s.taskDefinition ?? '',
    desiredCount: s.desiredCount ?? 0,
    runningCount: s.runningCount ?? 0,
    pendingCount: s.pendingCount ?? 0,
    deployments: (s.deployments ?? []).map(deploymentFromSdk),
    tags: tagsFromList(s.tags),
    createdAt: s.createdAt?.toISOString(),
    events: s.events?.length
      ? s.events
          .slice(0, SERVICE_EVENTS_KEPT)
          .map((e) => defined({ createdAt: e.createdAt?.toISOString(), message: e.message ?? '' }))
      : undefined,
    launchType: s.launchType,
    capacityProviderStrategy: s.capacityProviderStrategy?.length
      ? s.capacityProviderStrategy.map((i) =>
          defined({ capacityProvider: i.capacityProvider ?? '', weight: i.weight, base: i.base }),
        )
      : undefined,
    platformVersion: s.platformVersion,
    networkConfiguration: s.networkConfiguration?.awsvpcConfiguration
      ? {
          awsvpcConfiguration: defined({
            subnets: s.networkConfiguration.awsvpcConfiguration.subnets ?? [],
            securityGroups: s.networkConfiguration.awsvpcConfiguration.securityGroups,
            assignPublicIp: s.networkConfiguration.awsvpcConfiguration.assignPublicIp,
          }),
        }
      : undefined,
    loadBalancers: (s.loadBalancers ?? []).map((lb) => ({
      targetGroupArn: lb.targetGroupArn ?? '',
      containerName: lb.containerName ?? '',
      containerPort: lb.containerPort ?? 0,
    })),
    healthCheckGracePeriodSeconds: s.healthCheckGracePeriodSeconds,
    enableExecuteCommand: s.enableExecuteCommand,
    propagateTags: s.propagateTags,
    deploymentConfiguration: s.deploymentConfiguration
      ? deploymentConfigurationFromSdk(s.deploymentConfiguration)
      : undefined,
    serviceRegistries: s.serviceRegistries ? plain(s.serviceRegistries) : undefined,
    availabilityZoneRebalancing: s.availabilityZoneRebalancing,
    enableECSManagedTags: s.enableECSManagedTags,
    deploymentController: s.deploymentController?.type ? { type: s.deploymentController.type } : undefined,
    currentServiceRevisions: s.currentServiceRevisions?.length
      ? s.currentServiceRevisions.flatMap((r) => (r.arn ? [r.arn] : []))
      : undefined,
  })
}

export function serviceRevisionFromSdk(r: ServiceRevision): ActualServiceRevision {
  return defined({
    arn: r.serviceRevisionArn ?? '',
    serviceArn: r.serviceArn ?? '',
    createdAt: r.createdAt?.toISOString(),
    monitoring: r.monitoring ? plain<MonitoringConfiguration>(r.monitoring) : undefined,
  })
}

/** A plain JSON copy of an SDK structure that holds no dates or blobs (undefined members dropped). */
function plain<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T
}

function deploymentConfigurationFromSdk(dc: SdkDeploymentConfiguration): DeploymentConfiguration {
  return defined({
    maximumPercent: dc.maximumPercent,
    minimumHealthyPercent: dc.minimumHealthyPercent,
    deploymentCircuitBreaker: dc.deploymentCircuitBreaker
      ? {
          enable: dc.deploymentCircuitBreaker.enable ?? false,
          rollback: dc.deploymentCircuitBreaker.rollback ?? false,
        }
      : undefined,
    alarms: dc.alarms
      ? {
          alarmNames: dc.alarms.alarmNames ?? [],
          enable: dc.alarms.enable ?? false,
          rollback: dc.alarms.rollback ?? false,
        }
      : undefined,
    strategy: dc.strategy,
    bakeTimeInMinutes: dc.bakeTimeInMinutes,
    linearConfiguration: dc.linearConfiguration
      ? plain<NonNullable<DeploymentConfiguration['linearConfiguration']>>(dc.linearConfiguration)
      : undefined,
    canaryConfiguration: dc.canaryConfiguration
      ? plain<NonNullable<DeploymentConfiguration['canaryConfiguration']>>(dc.canaryConfiguration)
      : undefined,
    lifecycleHooks: dc.lifecycleHooks ? plain<DeploymentLifecycleHook[]>(dc.lifecycleHooks) : undefined,
    earlySuccessCriteria: dc.earlySuccessCriteria
      ? plain<NonNullable<DeploymentConfiguration['earlySuccessCriteria']>>(dc.earlySuccessCriteria)
      : undefined,
  })
}

export function clusterFromSdk(c: Cluster): ActualCluster {
  const insights = c.settings?.find((s) => s.name === 'containerInsights')?.value
  return defined({
    arn: c.clusterArn ?? '',
    name: c.clusterName ?? '',
    status: c.status ?? 'ACTIVE',
    capacityProviders: c.capacityProviders ?? [],
    defaultCapacityProviderStrategy: (c.defaultCapacityProviderStrategy ?? []).map((i) =>
      defined({ capacityProvider: i.capacityProvider ?? '', weight: i.weight, base: i.base }),
    ),
    serviceConnectDefaultsNamespace: c.serviceConnectDefaults?.namespace,
    containerInsights: insights,
    activeServicesCount: c.activeServicesCount ?? 0,
    tags: tagsFromList(c.tags),
  })
}
