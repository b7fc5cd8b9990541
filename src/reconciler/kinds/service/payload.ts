/** @module What a Service action carries from the plan to the executor. */
import type { PlannedHook } from '../../action.js'
import type {
  ActualService,
  ScalingState,
  ServiceSettings,
  Tags,
  TaskDefinitionContent,
} from '../../../cloud/ports/index.js'

export interface ServicePayload {
  readonly type: 'Service'
  readonly cluster: string
  readonly taskDefinition: TaskDefinitionContent
  /** Register a new revision (content differs from the live one, or the service is new). */
  readonly registerTaskDefinition: boolean
  readonly settings: ServiceSettings
  readonly tags: Tags
  readonly scaling: ScalingState | undefined
  /** The count a new service starts at: `desiredCount`, kept within the scaler's bounds when autoscaled. */
  readonly initialDesiredCount: number
  readonly live: ActualService | undefined
  readonly liveTaskDefinitionArn: string | undefined
  readonly liveTaskDefinition: TaskDefinitionContent | undefined
  readonly liveScaling: ScalingState | undefined
  /** Force a new deployment so tasks pick up new Service Connect endpoints. */
  readonly forceNewDeployment: boolean
  /** Backends whose endpoint change in this plan makes this client redeploy (marked on it beforehand). */
  readonly redeployFor?: readonly string[]
  /** Plan ids of those backends: they must not change unless the mark is written. */
  readonly redeployForIds?: readonly string[]
  /** Service Connect client-server: its endpoints matter to clients. */
  readonly clientServer: boolean
  /** Service Connect is configured, desired or live (a port protocol change then needs a replace). */
  readonly usesServiceConnect: boolean
  /** Content hash of the rendered task definition (recorded on the service and the revision). */
  readonly taskDefinitionHash: string
  /** Hash of the service's manifest before lookups: a rollback's hold lasts while it is unchanged (hold.ts). */
  readonly manifestHash?: string
  /** The pre-deploy hook, run before a new revision rolls out (pre-deploy-hook.ts). */
  readonly preDeploy?: PlannedHook
}
