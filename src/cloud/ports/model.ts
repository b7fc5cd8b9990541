/** @module Plain data for live AWS state and write inputs: what the reconciler sees instead of SDK types. */

export type Tags = Record<string, string>

export interface NameValue {
  name: string
  value: string
}

export interface PortMapping {
  name?: string
  /** One port, or else a `FIRST-LAST` containerPortRange. */
  containerPort?: number
  containerPortRange?: string
  hostPort?: number
  protocol?: string
  appProtocol?: string
}

export interface LogConfiguration {
  logDriver: string
  options?: Record<string, string>
  secretOptions?: { name: string; valueFrom: string }[]
}

export interface ContainerDefinition {
  name: string
  image: string
  essential?: boolean
  cpu?: number
  memory?: number
  memoryReservation?: number
  portMappings?: PortMapping[]
  environment?: NameValue[]
  secrets?: { name: string; valueFrom: string }[]
  command?: string[]
  entryPoint?: string[]
  healthCheck?: {
    command: string[]
    interval?: number
    timeout?: number
    retries?: number
    startPeriod?: number
  }
  logConfiguration?: LogConfiguration
  dependsOn?: { containerName: string; condition: string }[]
  readonlyRootFilesystem?: boolean
  user?: string
  workingDirectory?: string
  startTimeout?: number
  stopTimeout?: number
  dockerLabels?: Record<string, string>
  /** Every other member of ECS's ContainerDefinition (mountPoints, ulimits, linuxParameters, …), as the API spells it. */
  [member: string]: unknown
}

/** The registerable content of a task definition (RegisterTaskDefinition input, minus tags). */
export interface TaskDefinitionContent {
  family: string
  cpu?: string
  memory?: string
  networkMode?: string
  requiresCompatibilities?: string[]
  runtimePlatform?: { cpuArchitecture?: string; operatingSystemFamily?: string }
  executionRoleArn?: string
  taskRoleArn?: string
  enableFaultInjection?: boolean
  pidMode?: string
  ephemeralStorage?: { sizeInGiB: number }
  volumes?: Record<string, unknown>[]
  containerDefinitions: ContainerDefinition[]
  /** Every other member of RegisterTaskDefinition (proxyConfiguration, …), as the API spells it. */
  [member: string]: unknown
}

export interface ActualTaskDefinition extends TaskDefinitionContent {
  arn: string
  revision: number
  status: string
  tags: Tags
}

/** One registered revision of a family, as found when looking for a reusable one or for retention. */
export interface TaskDefinitionRevision {
  arn: string
  revision: number
  tags: Tags
}

export interface CapacityProviderStrategyItem {
  capacityProvider: string
  weight?: number
  base?: number
}

export interface NetworkConfiguration {
  awsvpcConfiguration: {
    subnets: string[]
    securityGroups?: string[]
    assignPublicIp?: 'ENABLED' | 'DISABLED'
  }
}

export interface ServiceConnectClientAlias {
  port: number
  dnsName?: string
}

export interface ServiceConnectService {
  portName: string
  discoveryName?: string
  clientAliases?: ServiceConnectClientAlias[]
  ingressPortOverride?: number
  timeout?: { idleTimeoutSeconds?: number; perRequestTimeoutSeconds?: number }
  tls?: { issuerCertificateAuthority: { awsPcaAuthorityArn: string }; kmsKey?: string; roleArn?: string }
}

export interface ServiceConnectConfiguration {
  enabled: boolean
  namespace?: string
  services?: ServiceConnectService[]
  logConfiguration?: LogConfiguration
}

export interface DeploymentConfiguration {
  maximumPercent?: number
  minimumHealthyPercent?: number
  deploymentCircuitBreaker?: { enable: boolean; rollback: boolean }
  alarms?: { alarmNames: string[]; enable: boolean; rollback: boolean }
  strategy?: string
  bakeTimeInMinutes?: number
  linearConfiguration?: { stepPercent?: number; stepBakeTimeInMinutes?: number }
  canaryConfiguration?: { canaryPercent?: number; canaryBakeTimeInMinutes?: number }
  lifecycleHooks?: DeploymentLifecycleHook[]
  earlySuccessCriteria?: { enable: boolean; healthyPercent?: number; sourceServiceRevisionCleanup?: string }
}

export interface DeploymentLifecycleHook {
  hookTargetArn?: string
  roleArn?: string
  lifecycleStages?: string[]
  targetType?: string
  timeoutConfiguration?: { timeoutInMinutes?: number; action?: string }
  hookDetails?: unknown
}

/** A Cloud Map service the tasks register in (ECS ServiceRegistry). */
export interface ServiceRegistry {
  registryArn?: string
  port?: number
  containerName?: string
  containerPort?: number
}

/** An Amazon EBS volume ECS creates for each task, for a task-definition volume `configuredAtLaunch`. */
export interface ServiceVolumeConfiguration {
  name: string
  managedEBSVolume?: Record<string, unknown>
}

export interface VpcLatticeConfiguration {
  roleArn: string
  targetGroupArn: string
  portName: string
  advancedConfiguration?: Record<string, unknown>
}

/** The resolution of some of a service's CloudWatch metrics (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_MetricConfiguration.html). */
export interface MetricConfiguration {
  metricNames: string[]
  resolutionSeconds: number
}

/** Unset, ECS publishes the service's metrics at 60-second resolution (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_MonitoringConfiguration.html). */
export interface MonitoringConfiguration {
  metricConfigurations?: MetricConfiguration[]
}

export interface LoadBalancer {
  targetGroupArn: string
  containerName: string
  containerPort: number
}

/** The service settings the reconciler manages (CreateService/UpdateService fields). */
export interface ServiceSettings {
  desiredCount?: number
  launchType?: string
  capacityProviderStrategy?: CapacityProviderStrategyItem[]
  platformVersion?: string
  networkConfiguration?: NetworkConfiguration
  loadBalancers?: LoadBalancer[]
  healthCheckGracePeriodSeconds?: number
  enableExecuteCommand?: boolean
  propagateTags?: string
  deploymentConfiguration?: DeploymentConfiguration
  serviceConnectConfiguration?: ServiceConnectConfiguration
  serviceRegistries?: ServiceRegistry[]
  availabilityZoneRebalancing?: string
  enableECSManagedTags?: boolean
  deploymentController?: { type: string }
  volumeConfigurations?: ServiceVolumeConfiguration[]
  vpcLatticeConfigurations?: VpcLatticeConfiguration[]
  /** Reported only on the service revision (DescribeServiceRevisions), never by DescribeServices. */
  monitoring?: MonitoringConfiguration
}

export interface ActualDeployment {
  id: string
  status: string
  rolloutState?: string
  rolloutStateReason?: string
  taskDefinition: string
  desiredCount: number
  runningCount: number
  pendingCount: number
  failedTasks: number
  createdAt?: string
  updatedAt?: string
  serviceConnectConfiguration?: ServiceConnectConfiguration
  volumeConfigurations?: ServiceVolumeConfiguration[]
  vpcLatticeConfigurations?: VpcLatticeConfiguration[]
}

export interface ActualService extends ServiceSettings {
  arn: string
  name: string
  clusterArn: string
  status: string
  taskDefinition: string
  desiredCount: number
  runningCount: number
  pendingCount: number
  deployments: ActualDeployment[]
  tags: Tags
  createdAt?: string
  /** The newest few service events ECS reports (newest first): why a rollout stalls or fails. */
  events?: ServiceEvent[]
  /** ARNs of the service revisions its current deployment runs (`currentServiceRevisions[].arn`). */
  currentServiceRevisions?: string[]
}

/** What the reconciler reads of a service revision (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceRevision.html). */
export interface ActualServiceRevision {
  arn: string
  serviceArn: string
  createdAt?: string
  monitoring?: MonitoringConfiguration
}

/** One line of a service's event log, as DescribeServices returns it. */
export interface ServiceEvent {
  createdAt?: string
  message: string
}

/**
 * A stopped task and why it stopped (DescribeTasks `stopCode`, `stoppedReason`, each container's
 * `exitCode`/`reason`): see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-errors.html
 */
export interface StoppedTask {
  arn: string
  taskDefinition: string
  stoppedAt?: string
  stopCode?: string
  stoppedReason?: string
  containers: { name: string; exitCode?: number; reason?: string }[]
}

export interface CreateServiceInput extends ServiceSettings {
  cluster: string
  serviceName: string
  taskDefinition: string
  desiredCount: number
  tags: Tags
  /**
   * Idempotency token (≤36 ASCII characters 33–126): a retried create with the same token and
   * parameters returns the service the first attempt made (ECS API reference, "Ensuring idempotency").
   */
  clientToken?: string
}

export interface UpdateServiceInput extends ServiceSettings {
  cluster: string
  service: string
  taskDefinition?: string
  forceNewDeployment?: boolean
}

export interface ActualCluster {
  arn: string
  name: string
  status: string
  capacityProviders: string[]
  defaultCapacityProviderStrategy: CapacityProviderStrategyItem[]
  /** Namespace ARN ECS reports for `serviceConnectDefaults`. */
  serviceConnectDefaultsNamespace?: string
  containerInsights?: string
  activeServicesCount: number
  tags: Tags
}

export interface ClusterInput {
  name: string
  capacityProviders?: string[]
  defaultCapacityProviderStrategy?: CapacityProviderStrategyItem[]
  /** Namespace name or ARN; `''` clears it. */
  serviceConnectDefaultsNamespace?: string
  containerInsights?: string
  tags?: Tags
}

export interface ActualTask {
  arn: string
  lastStatus: string
  desiredStatus: string
  taskDefinition: string
  group?: string
  startedAt?: string
}

export interface ActualNamespace {
  id: string
  arn: string
  name: string
  type: string
  description?: string
  serviceCount?: number
  tags: Tags
}

export interface CloudMapOperation {
  id: string
  status: 'SUBMITTED' | 'PENDING' | 'SUCCESS' | 'FAIL'
  errorMessage?: string
  namespaceId?: string
}

export interface ScalableTarget {
  resourceId: string
  minCapacity: number
  maxCapacity: number
  arn?: string
}

export interface TargetTrackingPolicy {
  policyName: string
  targetValue: number
  predefinedMetricType: string
  resourceLabel?: string
  scaleInCooldown?: number
  scaleOutCooldown?: number
  disableScaleIn?: boolean
}

export interface ScheduledAction {
  name: string
  schedule: string
  timezone?: string
  minCapacity?: number
  maxCapacity?: number
}

export interface ScalingState {
  target: ScalableTarget
  policies: TargetTrackingPolicy[]
  scheduledActions: ScheduledAction[]
}

export interface ExperimentTemplateContent {
  description: string
  roleArn: string
  stopConditions: { source: string; value?: string }[]
  targets: Record<
    string,
    {
      resourceType: string
      selectionMode: string
      resourceArns?: string[]
      resourceTags?: Tags
      parameters?: Record<string, string>
    }
  >
  actions: Record<
    string,
    {
      actionId: string
      description?: string
      parameters?: Record<string, string>
      targets?: Record<string, string>
      startAfter?: string[]
    }
  >
}

export interface ActualExperimentTemplate extends ExperimentTemplateContent {
  id: string
  tags: Tags
  /** ISO time FIS created it, when known. */
  creationTime?: string
}

export interface ActualExperiment {
  id: string
  templateId: string
  /** FIS ExperimentStatus: pending, initiating, running, completed, stopping, stopped, failed, cancelled. */
  status: string
  /** FIS's reason for the status (a stop condition's alarm, a failed target resolution, ...). */
  reason?: string
  startTime?: string
  endTime?: string
  tags?: Tags
}
