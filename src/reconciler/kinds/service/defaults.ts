/**
 * @module The values ECS and Application Auto Scaling assume when a field is left out (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html,
 * §6). One list: the normaliser fills them in so they never show as changes, and `import` leaves out
 * every live value that equals them.
 */

export const TASK_DEFINITION_DEFAULTS = {
  /**
   * A task definition registered without a network mode runs in bridge mode (API_TaskDefinition,
   * networkMode: "If no network mode is specified, the default is bridge"); AWS's own
   * DescribeTaskDefinition example has none. We always register awsvpc, so a live revision without
   * one is a real difference, not an echo.
   */
  networkMode: 'bridge',
  cpuArchitecture: 'X86_64',
  operatingSystemFamily: 'LINUX',
  enableFaultInjection: false,
  /** Fargate gives every task 20 GiB; only a larger size is a setting. */
  ephemeralStorageGiB: 20,
} as const

/** The only network mode Fargate runs (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html, `networkMode`); the manifests always register it. */
export const FARGATE_NETWORK_MODE = 'awsvpc'

export const CONTAINER_DEFAULTS = {
  essential: true,
  cpu: 0,
  readonlyRootFilesystem: false,
  protocol: 'tcp',
} as const

/** ECS container health-check defaults, echoed back by DescribeTaskDefinition. */
export const HEALTH_CHECK_DEFAULTS = { interval: 30, timeout: 5, retries: 3, startPeriod: 0 } as const

export const SERVICE_DEFAULTS = {
  launchType: 'FARGATE',
  platformVersion: 'LATEST',
  assignPublicIp: 'DISABLED',
  healthCheckGracePeriodSeconds: 0,
  enableExecuteCommand: false,
  propagateTags: 'NONE',
  enableECSManagedTags: false,
  deploymentController: 'ECS',
  /**
   * A live service that reports none: "If the service never had an AvailabilityZoneRebalancing value
   * set, Amazon ECS treats this as DISABLED" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html).
   * A create that leaves it out gets ENABLED (API_CreateService): since the two differ, the member is
   * compared only when the manifest states it (NormaliseContext.statesAzRebalancing).
   */
  availabilityZoneRebalancing: 'DISABLED',
  /**
   * A metric no configuration names: "When not specified, Amazon ECS uses the default resolution of 60
   * seconds" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_MonitoringConfiguration.html).
   */
  metricResolutionSeconds: 60,
} as const

export const DEPLOYMENT_DEFAULTS = {
  maximumPercent: 200,
  minimumHealthyPercent: 100,
  strategy: 'ROLLING',
  circuitBreaker: { enable: false, rollback: false },
} as const

export const SCALING_DEFAULTS = {
  scaleInCooldown: 300,
  scaleOutCooldown: 300,
  disableScaleIn: false,
  timezone: 'UTC',
} as const

/** Capacity-provider strategy items: weight and base default to 0. */
export const STRATEGY_ITEM_DEFAULTS = { weight: 0, base: 0 } as const

const API = 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/'

export interface MemberDefault {
  readonly value: unknown
  /** The AWS page that states the default. */
  readonly source: string
}

/**
 * The values ECS assumes for members of the inputs that ecs-reconciler passes through unsugared, as
 * `Shape.member` of the ECS model: a member equal to its default says nothing, so it never shows as a
 * change and `import` leaves it out. Empty lists and maps, and "" for an enum member, say nothing too
 * (see model-members.ts): ECS echoes `mountPoints: []`, `volumesFrom: []` and a bind mount's `host: {}`.
 */
export const MEMBER_DEFAULTS: Readonly<Record<string, MemberDefault>> = {
  /** "If this parameter is omitted, the root of the Amazon EFS volume will be used." */
  'EFSVolumeConfiguration.rootDirectory': { value: '/', source: `${API}API_EFSVolumeConfiguration.html` },
  /** "If this parameter is omitted, the default value of DISABLED is used." */
  'EFSVolumeConfiguration.transitEncryption': {
    value: 'DISABLED',
    source: `${API}API_EFSVolumeConfiguration.html`,
  },
  /** "If this parameter is omitted, the default value of DISABLED is used." */
  'EFSAuthorizationConfig.iam': { value: 'DISABLED', source: `${API}API_EFSAuthorizationConfig.html` },
  /** "The default value is false." */
  'MountPoint.readOnly': { value: false, source: `${API}API_MountPoint.html` },
  /** "The default value is false." */
  'VolumeFrom.readOnly': { value: false, source: `${API}API_VolumeFrom.html` },
  /** "By default, the value is enabled." */
  'ContainerDefinition.versionConsistency': {
    value: 'enabled',
    source: `${API}API_ContainerDefinition.html`,
  },
  /** "By default, a container must run for 300 seconds before it can be restarted." */
  'ContainerRestartPolicy.restartAttemptPeriod': {
    value: 300,
    source: `${API}API_ContainerRestartPolicy.html`,
  },
  /** "If no value is specified, the xfs filesystem type is used by default." */
  'ServiceManagedEBSVolumeConfiguration.filesystemType': {
    value: 'xfs',
    source: `${API}API_ServiceManagedEBSVolumeConfiguration.html`,
  },
  /** "If not specified, the default value is AWS_LAMBDA." */
  'DeploymentLifecycleHook.targetType': {
    value: 'AWS_LAMBDA',
    source: `${API}API_DeploymentLifecycleHook.html`,
  },
  /** "Default: 1440 (24 hours)" */
  'DeploymentLifecycleHookTimeoutConfiguration.timeoutInMinutes': {
    value: 1440,
    source: `${API}API_DeploymentLifecycleHookTimeoutConfiguration.html`,
  },
  /** "Default: ROLLBACK" */
  'DeploymentLifecycleHookTimeoutConfiguration.action': {
    value: 'ROLLBACK',
    source: `${API}API_DeploymentLifecycleHookTimeoutConfiguration.html`,
  },
  /** A bind mount: ECS answers `host: {}` for a volume declared with a name only. */
  'Volume.host': { value: {}, source: `${API}API_HostVolumeProperties.html` },
}
