/** @module The capabilities the reconciler needs from AWS, each split into a Reader and a Writer half. */
import type {
  ActualCluster,
  ActualExperiment,
  ActualExperimentTemplate,
  ActualNamespace,
  ActualService,
  ActualServiceRevision,
  ActualTask,
  StoppedTask,
  ActualTaskDefinition,
  CloudMapOperation,
  ClusterInput,
  CreateServiceInput,
  ExperimentTemplateContent,
  ScalableTarget,
  ScalingState,
  ScheduledAction,
  Tags,
  TargetTrackingPolicy,
  TaskDefinitionContent,
  TaskDefinitionRevision,
  UpdateServiceInput,
} from './model.js'
import type { AccountReader } from './account.js'
import type { LookupReader } from './lookups.js'
import type { IdentityReader, TaskReader, TaskWriter } from './tasks.js'

export interface EcsReader {
  /** Clusters by name; unknown names are absent from the map. */
  describeClusters(names: readonly string[]): Promise<Map<string, ActualCluster>>
  /** The names of every cluster in the region (ListClusters, 100 a page). */
  listClusterNames(): Promise<string[]>
  /** Every ACTIVE service ARN in a cluster (ListServices, 100 a page). */
  listServiceArns(cluster: string): Promise<string[]>
  /** Services with tags, 10 per DescribeServices call; unknown or INACTIVE ones are absent. */
  describeServices(cluster: string, namesOrArns: readonly string[]): Promise<ActualService[]>
  /** Service revisions by ARN, 20 per DescribeServiceRevisions call; unknown ones are absent. */
  describeServiceRevisions(arns: readonly string[]): Promise<ActualServiceRevision[]>
  /** Cached by ARN: revisions are immutable. Undefined when it does not exist. */
  describeTaskDefinition(arnOrFamily: string): Promise<ActualTaskDefinition | undefined>
  /** The ACTIVE revisions of exactly this family with their tags, oldest first. */
  listTaskDefinitionRevisions(family: string): Promise<TaskDefinitionRevision[]>
  listTasks(cluster: string, serviceName: string): Promise<ActualTask[]>
  /** Up to `limit` of the service's stopped tasks, newest first, with their stop reasons and exit codes. */
  describeStoppedTasks(cluster: string, serviceName: string, limit: number): Promise<StoppedTask[]>
}

export interface EcsWriter {
  createCluster(input: ClusterInput): Promise<ActualCluster>
  updateCluster(input: ClusterInput): Promise<ActualCluster>
  putClusterCapacityProviders(input: ClusterInput): Promise<ActualCluster>
  registerTaskDefinition(content: TaskDefinitionContent, tags: Tags): Promise<ActualTaskDefinition>
  deregisterTaskDefinition(arn: string): Promise<void>
  createService(input: CreateServiceInput): Promise<ActualService>
  updateService(input: UpdateServiceInput): Promise<ActualService>
  deleteService(cluster: string, service: string): Promise<void>
  tagResource(arn: string, tags: Tags): Promise<void>
  untagResource(arn: string, keys: readonly string[]): Promise<void>
}

export interface CloudMapReader {
  /** HTTP namespaces with their tags. */
  listNamespaces(): Promise<ActualNamespace[]>
  getOperation(id: string): Promise<CloudMapOperation>
  /** Cloud Map service names in a namespace (ECS creates one per Service Connect endpoint). */
  listServiceNames(namespaceId: string): Promise<string[]>
}

export interface CloudMapWriter {
  createHttpNamespace(
    name: string,
    description: string | undefined,
    tags: Tags,
  ): Promise<{ operationId: string }>
  deleteNamespace(id: string): Promise<{ operationId: string }>
  tagResource(arn: string, tags: Tags): Promise<void>
  untagResource(arn: string, keys: readonly string[]): Promise<void>
}

export interface ScalingReader {
  /** State for each `service/<cluster>/<service>` resource id that has a scalable target. */
  describeScaling(resourceIds: readonly string[]): Promise<Map<string, ScalingState>>
}

export interface ScalingWriter {
  registerScalableTarget(target: ScalableTarget, tags: Tags): Promise<void>
  deregisterScalableTarget(resourceId: string): Promise<void>
  putTargetTrackingPolicy(resourceId: string, policy: TargetTrackingPolicy): Promise<void>
  deleteScalingPolicy(resourceId: string, policyName: string): Promise<void>
  putScheduledAction(resourceId: string, action: ScheduledAction): Promise<void>
  deleteScheduledAction(resourceId: string, name: string): Promise<void>
}

export interface FisReader {
  /** Templates with their tags. */
  listExperimentTemplates(): Promise<ActualExperimentTemplate[]>
  listExperiments(templateId: string): Promise<ActualExperiment[]>
  /**
   * Every experiment whose tags include all of `tags` (all pages). FIS has no tag filter on
   * ListExperiments, so the adapter filters the summaries it pages through.
   */
  listExperimentsTagged(tags: Tags): Promise<ActualExperiment[]>
  /** One experiment with its state and reason; undefined when FIS does not know it. */
  getExperiment(id: string): Promise<ActualExperiment | undefined>
}

export interface FisWriter {
  createExperimentTemplate(content: ExperimentTemplateContent, tags: Tags): Promise<ActualExperimentTemplate>
  updateExperimentTemplate(id: string, content: ExperimentTemplateContent): Promise<ActualExperimentTemplate>
  deleteExperimentTemplate(id: string): Promise<void>
  /** `clientToken` makes the start idempotent: the same token returns the same experiment. */
  startExperiment(templateId: string, tags: Tags, clientToken?: string): Promise<ActualExperiment>
  /** Asks FIS to stop the experiment (it answers `stopping`); an experiment that already ended is left alone. */
  stopExperiment(id: string): Promise<ActualExperiment>
  /** Adds tags to an experiment (how a stop says who asked for it: FIS keeps no caller's reason). */
  tagExperiment(id: string, tags: Tags): Promise<void>
  tagExperimentTemplate(template: ActualExperimentTemplate, tags: Tags): Promise<void>
  untagExperimentTemplate(template: ActualExperimentTemplate, keys: readonly string[]): Promise<void>
}

/** A resource found through its tags: its ARN and every tag it carries. */
export interface TaggedResource {
  readonly arn: string
  readonly tags: Tags
}

export interface TaggingReader {
  /**
   * Every resource in the region tagged `tagKey=tagValue`, of the given types (`service[:resourceType]`
   * as in ARNs, e.g. `ecs:service`, `ecs:task-definition`, `servicediscovery:namespace`,
   * `fis:experiment-template`; plain `ecs` is every ECS type), across clusters. Read through the
   * Resource Groups Tagging API, so only resources that carry tags are found; an empty type list means
   * every type. With `alsoTagged`, only those that also carry that key with one of its values (any
   * number: the reader asks 20 values a call, GetResources' limit per key).
   */
  findTagged(
    tagKey: string,
    tagValue: string,
    resourceTypes: readonly string[],
    alsoTagged?: { readonly key: string; readonly values: readonly string[] },
  ): Promise<TaggedResource[]>
}

export interface CloudReaders {
  readonly ecs: EcsReader
  readonly cloudMap: CloudMapReader
  readonly scaling: ScalingReader
  readonly fis: FisReader
  readonly tagging: TaggingReader
  /** One-off tasks (`task run`, pre-deploy hooks). */
  readonly tasks: TaskReader
}

export interface CloudWriters {
  readonly ecs: EcsWriter
  readonly cloudMap: CloudMapWriter
  readonly scaling: ScalingWriter
  readonly fis: FisWriter
  readonly tasks: TaskWriter
}

/**
 * Per-operation counts of attempts on the wire for `--stats` and metrics, retried ones included:
 * `{ 'ECS.DescribeServices': { ok: 3, ThrottlingException: 1 } }`.
 */
export interface CallStats {
  snapshot(): Record<string, Record<string, number>>
  /** Attempts after each call's first, by `Service.Operation` (attempts − logical calls). */
  retries(): Record<string, number>
  /** All attempts. */
  total(): number
  totalRetries(): number
}

export interface Cloud {
  readonly readers: CloudReaders
  /** Absent in read-only mode: `plan` is handed readers only. */
  readonly writers: CloudWriters | undefined
  /** What `verify` reads before a deploy (roles, images, secrets, network, ...): reads only. */
  readonly account: AccountReader
  /** What `${ssm:…}`, `${cfn:…}` and an S3 Terraform state read: reads only. */
  readonly lookups: LookupReader
  /** Who the caller is (STS): recorded on a hold. */
  readonly identity: IdentityReader
  readonly stats: CallStats
  readonly region: string
  close(): void
}
