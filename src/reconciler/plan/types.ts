/** @module The Plan: serialisable data that `plan --output json` prints and `apply` executes. */
import type {
  ActualExperimentTemplate,
  ActualService,
  ExperimentTemplateContent,
  ScalingState,
  ServiceSettings,
  Tags,
  TaskDefinitionContent,
} from '../../cloud/ports/index.js'
import type { FieldChange } from '../diff/diff.js'

export type ActionType = 'create' | 'update' | 'replace' | 'delete' | 'redeploy' | 'noop'
export type ResourceKind = 'Namespace' | 'Cluster' | 'Service' | 'ChaosSchedule'

export interface ServicePayload {
  readonly type: 'Service'
  readonly cluster: string
  readonly taskDefinition: TaskDefinitionContent
  /** Register a new revision (content differs from the live one, or the service is new). */
  readonly registerTaskDefinition: boolean
  readonly settings: ServiceSettings
  readonly tags: Tags
  readonly scaling: ScalingState | undefined
  readonly live: ActualService | undefined
  readonly liveTaskDefinitionArn: string | undefined
  readonly liveTaskDefinition: TaskDefinitionContent | undefined
  readonly liveScaling: ScalingState | undefined
  /** Force a new deployment so tasks pick up new Service Connect endpoints. */
  readonly forceNewDeployment: boolean
  /** Backends whose endpoint change in this plan makes this client redeploy (marked on it beforehand). */
  readonly redeployFor?: readonly string[]
  /** Service Connect client-server: its endpoints matter to clients. */
  readonly clientServer: boolean
}

export interface NamespacePayload {
  readonly type: 'Namespace'
  readonly description: string | undefined
  readonly tags: Tags
  readonly liveId: string | undefined
  readonly liveArn: string | undefined
  readonly liveTags: Tags
}

export interface ClusterPayload {
  readonly type: 'Cluster'
  readonly capacityProviders: string[] | undefined
  readonly defaultCapacityProviderStrategy: { capacityProvider: string; weight?: number; base?: number }[] | undefined
  readonly serviceConnectNamespace: string | undefined
  readonly containerInsights: string | undefined
  readonly tags: Tags
  readonly liveArn: string | undefined
  readonly liveTags: Tags
  /** Which halves changed, so only the needed calls are made. */
  readonly changed: { settings: boolean; capacity: boolean; tags: boolean }
}

export interface ChaosPayload {
  readonly type: 'ChaosSchedule'
  readonly content: ExperimentTemplateContent
  readonly tags: Tags
  readonly live: ActualExperimentTemplate | undefined
}

export type ActionPayload = ServicePayload | NamespacePayload | ClusterPayload | ChaosPayload

export interface PlanAction {
  readonly id: string
  readonly kind: ResourceKind
  readonly name: string
  readonly cluster: string | undefined
  readonly action: ActionType
  readonly wave: number
  readonly reasons: string[]
  readonly diff: FieldChange[]
  /** Differences left alone because the manifest lists them in `drift.ignore`. */
  readonly ignored: FieldChange[]
  /** Ids this action waits for (from the dependency graph). */
  readonly dependsOn: string[]
  readonly payload: ActionPayload
}

export interface Plan {
  readonly actions: PlanAction[]
  readonly waveCount: number
  /** Things the user should know that are not actions: unmanaged look-alikes, blocked prunes. */
  readonly warnings: string[]
  readonly prune: { readonly requested: boolean; readonly candidates: string[]; readonly blockedReason: string | undefined }
}

export function countChanges(plan: Plan): number {
  return plan.actions.filter((a) => a.action !== 'noop').length
}
