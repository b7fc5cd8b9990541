/**
 * @module One-off tasks over @aws-sdk/client-ecs (RunTask, DescribeTasks, ListTasks, StopTask:
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html) and the caller's
 * identity over @aws-sdk/client-sts (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
 */
import {
  DescribeTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  paginateListTasks,
  type ECSClient,
  type Task,
} from '@aws-sdk/client-ecs'
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts'
import type { IdentityReader, OneOffTask, RunTaskInput, TaskReader, TaskWriter } from '../ports/index.js'
import { tagsFromList, tagsToList } from './ecs-mapping.js'

/** DescribeTasks takes at most 100 tasks per call. */
const DESCRIBE_TASKS_BATCH = 100

export function oneOffFromSdk(t: Task): OneOffTask {
  return {
    arn: t.taskArn ?? '',
    taskDefinition: t.taskDefinitionArn ?? '',
    lastStatus: t.lastStatus ?? '',
    desiredStatus: t.desiredStatus ?? '',
    ...(t.startedBy ? { startedBy: t.startedBy } : {}),
    ...(t.stoppedAt ? { stoppedAt: t.stoppedAt.toISOString() } : {}),
    ...(t.stopCode ? { stopCode: t.stopCode } : {}),
    ...(t.stoppedReason ? { stoppedReason: t.stoppedReason } : {}),
    containers: (t.containers ?? []).map((c) => ({
      name: c.name ?? '',
      ...(c.exitCode !== undefined && c.exitCode !== null ? { exitCode: c.exitCode } : {}),
      ...(c.reason ? { reason: c.reason } : {}),
    })),
    tags: tagsFromList(t.tags),
  }
}

function overridesOf(input: RunTaskInput) {
  if (input.container === undefined) return {}
  const environment = Object.entries(input.environment ?? {}).map(([name, value]) => ({ name, value }))
  return {
    overrides: {
      containerOverrides: [
        {
          name: input.container,
          ...(input.command ? { command: [...input.command] } : {}),
          ...(environment.length > 0 ? { environment } : {}),
        },
      ],
    },
  }
}

export class TaskAdapter implements TaskReader, TaskWriter {
  constructor(private readonly client: ECSClient) {}

  async runTask(input: RunTaskInput): Promise<OneOffTask> {
    const out = await this.client.send(
      new RunTaskCommand({
        cluster: input.cluster,
        taskDefinition: input.taskDefinition,
        count: 1,
        startedBy: input.startedBy,
        tags: tagsToList(input.tags),
        ...(input.clientToken !== undefined ? { clientToken: input.clientToken } : {}),
        ...(input.launchType !== undefined ? { launchType: input.launchType as 'FARGATE' } : {}),
        ...(input.capacityProviderStrategy
          ? { capacityProviderStrategy: [...input.capacityProviderStrategy] }
          : {}),
        ...(input.platformVersion !== undefined ? { platformVersion: input.platformVersion } : {}),
        ...(input.networkConfiguration ? { networkConfiguration: input.networkConfiguration } : {}),
        ...overridesOf(input),
      }),
    )
    const task = out.tasks?.[0]
    if (!task) {
      const failure = out.failures?.[0]
      throw new Error(
        `RunTask started no task: ${failure?.reason ?? 'no reason given'}${failure?.detail ? ` (${failure.detail})` : ''}`,
      )
    }
    return oneOffFromSdk(task)
  }

  async describeTasks(cluster: string, arns: readonly string[]): Promise<OneOffTask[]> {
    const found: OneOffTask[] = []
    for (let i = 0; i < arns.length; i += DESCRIBE_TASKS_BATCH) {
      const batch = arns.slice(i, i + DESCRIBE_TASKS_BATCH)
      const out = await this.client.send(
        new DescribeTasksCommand({ cluster, tasks: batch, include: ['TAGS'] }),
      )
      found.push(...(out.tasks ?? []).map(oneOffFromSdk))
    }
    return found
  }

  async listTasksStartedBy(cluster: string, startedBy: string): Promise<string[]> {
    const arns: string[] = []
    for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
      for await (const out of paginateListTasks(
        { client: this.client },
        { cluster, startedBy, desiredStatus, maxResults: 100 },
      )) {
        arns.push(...(out.taskArns ?? []))
      }
    }
    return arns
  }

  async stopTask(cluster: string, arn: string, reason: string): Promise<void> {
    await this.client.send(new StopTaskCommand({ cluster, task: arn, reason }))
  }
}

export class IdentityAdapter implements IdentityReader {
  constructor(private readonly client: STSClient) {}

  async callerArn(): Promise<string> {
    const out = await this.client.send(new GetCallerIdentityCommand({}))
    return out.Arn ?? 'unknown'
  }
}
