/** @module ECS reader and writer over @aws-sdk/client-ecs, with batching, paging and the task-definition cache. */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  PutClusterCapacityProvidersCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateClusterCommand,
  UpdateServiceCommand,
  type ECSClient,
  type ServiceConnectConfiguration as SdkServiceConnect,
  paginateListClusters,
  paginateListServices,
  paginateListTaskDefinitions,
  paginateListTasks,
} from '@aws-sdk/client-ecs'
import type {
  ActualCluster,
  ActualService,
  ActualServiceRevision,
  ActualTask,
  ActualTaskDefinition,
  ClusterInput,
  CreateServiceInput,
  EcsReader,
  EcsWriter,
  ServiceSettings,
  StoppedTask,
  Tags,
  TaskDefinitionContent,
  TaskDefinitionRevision,
  UpdateServiceInput,
} from '../ports/index.js'
import { runLimited } from '../../shared/concurrency.js'
import {
  clusterFromSdk,
  serviceFromSdk,
  serviceRevisionFromSdk,
  tagsToList,
  taskDefinitionFromSdk,
} from './ecs-mapping.js'
import { translateError } from './translate-error.js'

/** DescribeServices takes at most 10 services per call (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html). */
export const DESCRIBE_SERVICES_BATCH = 10
/** DescribeServiceRevisions takes at most 20 ARNs per call (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceRevisions.html). */
export const DESCRIBE_SERVICE_REVISIONS_BATCH = 20
/** ListServices pages hold at most 100 ARNs; the default of 10 would cost ten times the calls (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServices.html). */
export const LIST_SERVICES_PAGE = 100
/** ListClusters pages hold at most 100 ARNs (ECS API reference, ListClusters `maxResults`). */
const LIST_CLUSTERS_PAGE = 100
/** DescribeClusters takes at most 100 clusters per call. */
const DESCRIBE_CLUSTERS_BATCH = 100
/** DescribeTasks takes at most 100 tasks per call. */
const DESCRIBE_TASKS_BATCH = 100
/** ListTaskDefinitions pages hold at most 100 ARNs (ECS API reference, ListTaskDefinitions `maxResults`). */
const LIST_TASK_DEFINITIONS_PAGE = 100
/** Revisions described at once when listing a family: enough to be quick, few enough not to provoke throttling. */
const DESCRIBE_REVISIONS_CONCURRENCY = 5

/** `arn:…:task-definition/<family>:<revision>` → its family and revision. */
function familyRevisionOf(arn: string): { family: string; revision: number } | undefined {
  const match = /:task-definition\/([^:/]+):(\d+)$/.exec(arn)
  return match ? { family: match[1] ?? '', revision: Number(match[2]) } : undefined
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

function settingsToSdk(s: ServiceSettings) {
  return {
    ...(s.desiredCount !== undefined ? { desiredCount: s.desiredCount } : {}),
    ...(s.launchType !== undefined ? { launchType: s.launchType as 'FARGATE' } : {}),
    ...(s.capacityProviderStrategy !== undefined
      ? { capacityProviderStrategy: s.capacityProviderStrategy }
      : {}),
    ...(s.platformVersion !== undefined ? { platformVersion: s.platformVersion } : {}),
    ...(s.networkConfiguration !== undefined ? { networkConfiguration: s.networkConfiguration } : {}),
    ...(s.loadBalancers !== undefined ? { loadBalancers: s.loadBalancers } : {}),
    ...(s.healthCheckGracePeriodSeconds !== undefined
      ? { healthCheckGracePeriodSeconds: s.healthCheckGracePeriodSeconds }
      : {}),
    ...(s.enableExecuteCommand !== undefined ? { enableExecuteCommand: s.enableExecuteCommand } : {}),
    ...(s.propagateTags !== undefined ? { propagateTags: s.propagateTags as 'NONE' } : {}),
    ...(s.deploymentConfiguration !== undefined
      ? { deploymentConfiguration: s.deploymentConfiguration as never }
      : {}),
    ...(s.serviceConnectConfiguration !== undefined
      ? { serviceConnectConfiguration: s.serviceConnectConfiguration as SdkServiceConnect }
      : {}),
    ...passedToSdk(s),
  }
}

/** The members the manifests pass through as the API spells them (validated against the model). */
function passedToSdk(s: ServiceSettings) {
  const { serviceRegistries, availabilityZoneRebalancing, enableECSManagedTags, deploymentController } = s
  const { volumeConfigurations, vpcLatticeConfigurations, monitoring } = s
  return {
    ...(serviceRegistries !== undefined ? { serviceRegistries } : {}),
    ...(availabilityZoneRebalancing !== undefined
      ? { availabilityZoneRebalancing: availabilityZoneRebalancing as 'ENABLED' }
      : {}),
    ...(enableECSManagedTags !== undefined ? { enableECSManagedTags } : {}),
    ...(deploymentController !== undefined
      ? { deploymentController: deploymentController as { type: 'ECS' } }
      : {}),
    ...(volumeConfigurations !== undefined ? { volumeConfigurations: volumeConfigurations as never } : {}),
    ...(vpcLatticeConfigurations !== undefined
      ? { vpcLatticeConfigurations: vpcLatticeConfigurations as never }
      : {}),
    ...(monitoring !== undefined ? { monitoring } : {}),
  }
}

function clusterSettings(input: ClusterInput) {
  return {
    ...(input.containerInsights !== undefined
      ? { settings: [{ name: 'containerInsights' as const, value: input.containerInsights }] }
      : {}),
    ...(input.serviceConnectDefaultsNamespace !== undefined
      ? { serviceConnectDefaults: { namespace: input.serviceConnectDefaultsNamespace } }
      : {}),
  }
}

export class EcsAdapter implements EcsReader, EcsWriter {
  /** Task definitions are immutable per revision: an ARN, once read, never needs another call. */
  private readonly taskDefinitions = new Map<string, ActualTaskDefinition>()

  constructor(private readonly client: ECSClient) {}

  async describeClusters(names: readonly string[]): Promise<Map<string, ActualCluster>> {
    const found = new Map<string, ActualCluster>()
    for (const batch of chunks(names, DESCRIBE_CLUSTERS_BATCH)) {
      const out = await this.client.send(
        new DescribeClustersCommand({ clusters: batch, include: ['TAGS', 'SETTINGS'] }),
      )
      for (const c of out.clusters ?? []) {
        if (c.status === 'ACTIVE' || c.status === 'PROVISIONING') {
          found.set(c.clusterName ?? '', clusterFromSdk(c))
        }
      }
    }
    return found
  }

  async listClusterNames(): Promise<string[]> {
    const names: string[] = []
    for await (const out of paginateListClusters(
      { client: this.client },
      { maxResults: LIST_CLUSTERS_PAGE },
    )) {
      names.push(
        ...(out.clusterArns ?? []).map((arn) => arn.slice(arn.indexOf(':cluster/') + ':cluster/'.length)),
      )
    }
    return names
  }

  async listServiceArns(cluster: string): Promise<string[]> {
    const arns: string[] = []
    for await (const out of paginateListServices(
      { client: this.client },
      {
        cluster,
        maxResults: LIST_SERVICES_PAGE,
      },
    )) {
      arns.push(...(out.serviceArns ?? []))
    }
    return arns
  }

  async describeServices(cluster: string, namesOrArns: readonly string[]): Promise<ActualService[]> {
    const batches = chunks(namesOrArns, DESCRIBE_SERVICES_BATCH)
    const results = await Promise.all(
      batches.map((services) =>
        this.client.send(new DescribeServicesCommand({ cluster, services, include: ['TAGS'] })),
      ),
    )
    // Unknown names come back in failures[] (reason MISSING), not as errors; INACTIVE ones are gone for us.
    return results.flatMap((out) =>
      (out.services ?? []).filter((s) => s.status !== 'INACTIVE').map(serviceFromSdk),
    )
  }

  async describeServiceRevisions(arns: readonly string[]): Promise<ActualServiceRevision[]> {
    const results = await Promise.all(
      chunks(arns, DESCRIBE_SERVICE_REVISIONS_BATCH).map((serviceRevisionArns) =>
        this.client.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns })),
      ),
    )
    // Unknown ARNs (and revisions made before October 25, 2024) come back in failures[], not as errors.
    return results.flatMap((out) => (out.serviceRevisions ?? []).map(serviceRevisionFromSdk))
  }

  async describeTaskDefinition(arnOrFamily: string): Promise<ActualTaskDefinition | undefined> {
    const cached = this.taskDefinitions.get(arnOrFamily)
    if (cached) return cached
    try {
      const out = await this.client.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: arnOrFamily, include: ['TAGS'] }),
      )
      if (!out.taskDefinition) return undefined
      const td = taskDefinitionFromSdk(out.taskDefinition, out.tags)
      this.taskDefinitions.set(td.arn, td)
      return td
    } catch (err) {
      const translated = translateError(err, 'ECS.DescribeTaskDefinition')
      if (
        translated.awsCode === 'ClientException' &&
        /not found|Unable to describe|does not exist/i.test(translated.message)
      ) {
        return undefined
      }
      throw translated
    }
  }

  async listTaskDefinitionRevisions(family: string): Promise<TaskDefinitionRevision[]> {
    const arns: string[] = []
    for await (const out of paginateListTaskDefinitions(
      { client: this.client },
      {
        familyPrefix: family,
        status: 'ACTIVE',
        sort: 'ASC',
        maxResults: LIST_TASK_DEFINITIONS_PAGE,
      },
    )) {
      arns.push(...(out.taskDefinitionArns ?? []))
    }
    // The API documents familyPrefix as the full family name; an implementation that matches it as a
    // prefix would also list `web-admin` for `web`, so keep only this family's revisions.
    const own = arns.flatMap((arn) => {
      const parsed = familyRevisionOf(arn)
      return parsed?.family === family ? [{ arn, revision: parsed.revision }] : []
    })
    // Tags come with the (cached, immutable) revision: a later pass pays nothing for revisions it has seen.
    const described = await runLimited(own, DESCRIBE_REVISIONS_CONCURRENCY, async ({ arn, revision }) => {
      const td = await this.describeTaskDefinition(arn)
      return td ? [{ arn, revision, tags: td.tags }] : []
    })
    return described.flat().sort((a, b) => a.revision - b.revision)
  }

  async listTasks(cluster: string, serviceName: string): Promise<ActualTask[]> {
    const arns: string[] = []
    for await (const out of paginateListTasks(
      { client: this.client },
      {
        cluster,
        serviceName,
        maxResults: 100,
      },
    )) {
      arns.push(...(out.taskArns ?? []))
    }
    const tasks: ActualTask[] = []
    for (const batch of chunks(arns, DESCRIBE_TASKS_BATCH)) {
      const out = await this.client.send(new DescribeTasksCommand({ cluster, tasks: batch }))
      for (const t of out.tasks ?? []) {
        tasks.push({
          arn: t.taskArn ?? '',
          lastStatus: t.lastStatus ?? '',
          desiredStatus: t.desiredStatus ?? '',
          taskDefinition: t.taskDefinitionArn ?? '',
          ...(t.group ? { group: t.group } : {}),
          ...(t.startedAt ? { startedAt: t.startedAt.toISOString() } : {}),
        })
      }
    }
    return tasks
  }

  async describeStoppedTasks(cluster: string, serviceName: string, limit: number): Promise<StoppedTask[]> {
    const listed = await this.client.send(
      new ListTasksCommand({ cluster, serviceName, desiredStatus: 'STOPPED', maxResults: 100 }),
    )
    const arns = listed.taskArns ?? []
    if (arns.length === 0 || limit <= 0) return []
    const out = await this.client.send(
      new DescribeTasksCommand({ cluster, tasks: arns.slice(0, DESCRIBE_TASKS_BATCH) }),
    )
    // ListTasks promises no order. Tasks that stopped on their own (not stopped by the scheduler or a
    // user) explain a failing rollout; among them the newest say what is happening now.
    const selfStopped = (t: { stopCode?: string | undefined }): number =>
      t.stopCode === 'ServiceSchedulerInitiated' || t.stopCode === 'UserInitiated' ? 1 : 0
    const newest = [...(out.tasks ?? [])]
      .sort(
        (a, b) =>
          selfStopped(a) - selfStopped(b) || (b.stoppedAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? 0),
      )
      .slice(0, limit)
    return newest.map((t) => ({
      arn: t.taskArn ?? '',
      taskDefinition: t.taskDefinitionArn ?? '',
      ...(t.stoppedAt ? { stoppedAt: t.stoppedAt.toISOString() } : {}),
      ...(t.stopCode ? { stopCode: t.stopCode } : {}),
      ...(t.stoppedReason ? { stoppedReason: t.stoppedReason } : {}),
      containers: (t.containers ?? []).map((c) => ({
        name: c.name ?? '',
        ...(c.exitCode !== undefined && c.exitCode !== null ? { exitCode: c.exitCode } : {}),
        ...(c.reason ? { reason: c.reason } : {}),
      })),
    }))
  }

  async createCluster(input: ClusterInput): Promise<ActualCluster> {
    const out = await this.client.send(
      new CreateClusterCommand({
        clusterName: input.name,
        ...(input.capacityProviders ? { capacityProviders: input.capacityProviders } : {}),
        ...(input.defaultCapacityProviderStrategy
          ? { defaultCapacityProviderStrategy: input.defaultCapacityProviderStrategy }
          : {}),
        ...clusterSettings(input),
        ...(input.tags ? { tags: tagsToList(input.tags) } : {}),
      }),
    )
    return clusterFromSdk(out.cluster ?? {})
  }

  async updateCluster(input: ClusterInput): Promise<ActualCluster> {
    const out = await this.client.send(
      new UpdateClusterCommand({ cluster: input.name, ...clusterSettings(input) }),
    )
    return clusterFromSdk(out.cluster ?? {})
  }

  async putClusterCapacityProviders(input: ClusterInput): Promise<ActualCluster> {
    const out = await this.client.send(
      new PutClusterCapacityProvidersCommand({
        cluster: input.name,
        capacityProviders: input.capacityProviders ?? [],
        defaultCapacityProviderStrategy: input.defaultCapacityProviderStrategy ?? [],
      }),
    )
    return clusterFromSdk(out.cluster ?? {})
  }

  async registerTaskDefinition(content: TaskDefinitionContent, tags: Tags): Promise<ActualTaskDefinition> {
    const out = await this.client.send(
      new RegisterTaskDefinitionCommand({
        ...(content as never as Record<string, never>),
        family: content.family,
        containerDefinitions: content.containerDefinitions as never,
        tags: tagsToList(tags),
      }),
    )
    if (!out.taskDefinition) {
      throw translateError(
        new Error('RegisterTaskDefinition returned no task definition'),
        'ECS.RegisterTaskDefinition',
      )
    }
    const td = taskDefinitionFromSdk(out.taskDefinition, out.tags)
    this.taskDefinitions.set(td.arn, td)
    return td
  }

  async deregisterTaskDefinition(arn: string): Promise<void> {
    await this.client.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn }))
  }

  async createService(input: CreateServiceInput): Promise<ActualService> {
    const out = await this.client.send(
      new CreateServiceCommand({
        ...settingsToSdk(input),
        cluster: input.cluster,
        serviceName: input.serviceName,
        taskDefinition: input.taskDefinition,
        desiredCount: input.desiredCount,
        // Service Connect works only with the ECS controller (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html).
        deploymentController: { type: 'ECS' },
        tags: tagsToList(input.tags),
        ...(input.clientToken !== undefined ? { clientToken: input.clientToken } : {}),
      }),
    )
    return serviceFromSdk(out.service ?? {})
  }

  async updateService(input: UpdateServiceInput): Promise<ActualService> {
    const out = await this.client.send(
      new UpdateServiceCommand({
        ...settingsToSdk(input),
        cluster: input.cluster,
        service: input.service,
        ...(input.taskDefinition ? { taskDefinition: input.taskDefinition } : {}),
        ...(input.forceNewDeployment ? { forceNewDeployment: true } : {}),
      }),
    )
    return serviceFromSdk(out.service ?? {})
  }

  async deleteService(cluster: string, service: string): Promise<void> {
    // force: a REPLICA service with running tasks is scaled to zero and deleted in one call (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteService.html).
    await this.client.send(new DeleteServiceCommand({ cluster, service, force: true }))
  }

  async tagResource(arn: string, tags: Tags): Promise<void> {
    await this.client.send(new TagResourceCommand({ resourceArn: arn, tags: tagsToList(tags) }))
    // A revision's content never changes, its tags may: keep the cached copy's tags current.
    const cached = this.taskDefinitions.get(arn)
    if (cached) this.taskDefinitions.set(arn, { ...cached, tags: { ...cached.tags, ...tags } })
  }

  async untagResource(arn: string, keys: readonly string[]): Promise<void> {
    await this.client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: [...keys] }))
  }
}
