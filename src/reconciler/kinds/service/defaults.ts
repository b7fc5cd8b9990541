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
