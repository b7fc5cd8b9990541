/** @module The emulated world: plain JSON, so it persists as is. Derived statuses are recomputed from timestamps. */
import { emptyAccountAreas, type AccountAreas } from './account/state.js'
import type { Json, Tags } from './values.js'

export type { Json, Tags } from './values.js'

export interface EcsCluster {
  arn: string
  name: string
  status: 'ACTIVE' | 'INACTIVE'
  capacityProviders: string[]
  defaultCapacityProviderStrategy: Json[]
  serviceConnectDefaults?: { namespace: string }
  settings: { name: string; value: string }[]
  tags: Tags
}

export interface EcsTaskDefinition {
  arn: string
  family: string
  revision: number
  status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS'
  /** The TaskDefinition as DescribeTaskDefinition returns it. */
  body: Json
  tags: Tags
}

/** What RunTask gave a one-off task (a task no service owns). */
export interface OneOffRun {
  group: string
  startedBy?: string
  tags: Tags
  /** RunTask's idempotency token and a canonical form of its request, to answer its retries. */
  clientToken: string
  request: string
  /** When its containers exit by themselves (they run from `readyAt` until then). */
  exitsAt: number
  /** The exit code each container exits with at `exitsAt`. */
  plannedExitCodes: Record<string, number>
  /** The request's `overrides`, echoed by DescribeTasks. */
  overrides?: Json
  capacity: Json
}

export interface EcsTask {
  arn: string
  clusterArn: string
  /** The owning service (`cluster/name`); '' for a one-off task. */
  serviceKey: string
  deploymentId: string
  taskDefinitionArn: string
  launchedAt: number
  /** When it reaches RUNNING, or fails to start when `fails`. */
  readyAt: number
  fails: boolean
  lastStatus: 'PROVISIONING' | 'RUNNING' | 'STOPPED'
  desiredStatus: 'RUNNING' | 'STOPPED'
  stoppedAt?: number
  stoppedReason?: string
  /** DescribeTasks `stopCode`: EssentialContainerExited, UserInitiated, ServiceSchedulerInitiated, … */
  stopCode?: string
  /** Exit codes of the containers that exited on their own, by container name. */
  exitCodes?: Record<string, number>
  /** Set for a one-off task started by RunTask. */
  run?: OneOffRun
}

export interface EcsDeployment {
  id: string
  status: 'PRIMARY' | 'ACTIVE'
  taskDefinition: string
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED'
  rolloutStateReason: string
  failedTasks: number
  /** Decided once when the deployment starts (image against the fault rules), so every process agrees. */
  failing: boolean
  createdAt: number
  updatedAt: number
  /** Settings this deployment rolls out (ECS reports them per deployment). */
  settings: Json
  serviceConnectConfiguration?: Json
  serviceConnectResources?: { discoveryName: string; discoveryArn: string }[]
  /** The service revision this deployment rolls out (a rollback reuses the earlier one). */
  serviceRevisionArn?: string
}

export interface EcsService {
  arn: string
  name: string
  clusterArn: string
  clusterName: string
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE'
  desiredCount: number
  taskDefinition: string
  /** Service-level settings as DescribeServices echoes them. */
  settings: Json
  deployments: EcsDeployment[]
  tags: Tags
  createdAt: number
  drainingUntil?: number
  events: { id: string; createdAt: number; message: string }[]
  /** The CreateService clientToken and a canonical form of that request, to answer its retries. */
  creation?: { clientToken: string; request: string }
  /** Its service revisions by ARN, as DescribeServiceRevisions reports them. */
  revisions?: Record<string, Json>
}

export interface SdNamespace {
  id: string
  arn: string
  name: string
  description?: string
  createDate: number
  /** Visible once its creating operation has succeeded. */
  readyAt: number
  deleted?: boolean
  tags: Tags
  /** The CreateHttpNamespace idempotency token and the operation it started: a retry gets that operation back. */
  creator?: { requestId: string; operationId: string }
}

export interface SdService {
  id: string
  arn: string
  name: string
  namespaceId: string
  createDate: number
  /** The ECS service that registered it through Service Connect. */
  ownerServiceArn?: string
  tags: Tags
}

export interface SdOperation {
  id: string
  type: 'CREATE_NAMESPACE' | 'DELETE_NAMESPACE'
  createDate: number
  doneAt: number
  targets: Record<string, string>
}

export interface AasTarget {
  resourceId: string
  arn: string
  minCapacity: number
  maxCapacity: number
  suspendedState?: Json
  creationTime: number
  tags: Tags
}

export interface AasPolicy {
  resourceId: string
  name: string
  arn: string
  policyType: string
  config: Json
  creationTime: number
  alarms: { AlarmName: string; AlarmARN: string }[]
}

export interface AasScheduledAction {
  resourceId: string
  name: string
  arn: string
  schedule: string
  timezone?: string
  action: { MinCapacity?: number; MaxCapacity?: number }
  creationTime: number
  startTime?: number
  endTime?: number
  /** `at()` actions fire once. */
  fired?: boolean
}

export interface FisTemplate {
  id: string
  arn: string
  body: Json
  creationTime: number
  lastUpdateTime: number
  tags: Tags
}

export interface FisActionRun {
  /** Set once every action it starts after has ended. */
  startsAt?: number
  endsAt?: number
  status: 'pending' | 'running' | 'completed' | 'stopped' | 'failed' | 'skipped'
}

export interface FisExperiment {
  id: string
  arn: string
  templateId: string
  template: Json
  status: 'initiating' | 'running' | 'completed' | 'stopping' | 'stopped' | 'failed'
  reason?: string
  createdAt: number
  startedAt: number
  endsAt: number
  actionsDone: boolean
  stoppedTasks: string[]
  tags: Tags
  /** StartExperiment is idempotent on this token. */
  clientToken?: string
  /** Per action name; absent in state files written before actions were timed. */
  actions?: Record<string, FisActionRun>
  /** Task ARNs each target resolved to when the experiment started. */
  resolvedTargets?: Record<string, string[]>
}

export interface World extends AccountAreas {
  version: 1
  seq: number
  ecs: {
    clusters: Record<string, EcsCluster>
    taskDefinitions: Record<string, EcsTaskDefinition>
    families: Record<string, number>
    services: Record<string, EcsService>
    tasks: Record<string, EcsTask>
  }
  sd: {
    namespaces: Record<string, SdNamespace>
    services: Record<string, SdService>
    operations: Record<string, SdOperation>
  }
  aas: {
    targets: Record<string, AasTarget>
    policies: Record<string, AasPolicy>
    scheduled: Record<string, AasScheduledAction>
  }
  fis: { templates: Record<string, FisTemplate>; experiments: Record<string, FisExperiment> }
}

export function emptyWorld(): World {
  return {
    version: 1,
    seq: 0,
    ecs: { clusters: {}, taskDefinitions: {}, families: {}, services: {}, tasks: {} },
    sd: { namespaces: {}, services: {}, operations: {} },
    aas: { targets: {}, policies: {}, scheduled: {} },
    fis: { templates: {}, experiments: {} },
    ...emptyAccountAreas(),
  }
}

/** Deterministic ids: a counter in the world, so runs under a manual clock are reproducible. */
export function nextId(world: World, width = 17): string {
  world.seq += 1
  const hex = world.seq.toString(16)
  // Spread the counter so ids look like AWS's and differ in their first characters.
  const mixed = (Math.imul(world.seq, 2654435761) >>> 0).toString(16)
  return `${mixed}${hex}`.padStart(width, '0').slice(-width)
}
