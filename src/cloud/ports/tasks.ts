/**
 * @module One-off tasks (`task run`, pre-deploy hooks) and the caller's identity (who placed a hold):
 * the ports over ECS RunTask/DescribeTasks/ListTasks/StopTask and STS GetCallerIdentity.
 */
import type { CapacityProviderStrategyItem, NetworkConfiguration, StoppedTask, Tags } from './model.js'

export interface RunTaskInput {
  readonly cluster: string
  readonly taskDefinition: string
  /** Who started it, so it can be listed (ListTasks `startedBy`). */
  readonly startedBy: string
  readonly tags: Tags
  /** RunTask is idempotent on it: the same token and request answer the task it started. */
  readonly clientToken?: string
  readonly launchType?: string
  readonly capacityProviderStrategy?: readonly CapacityProviderStrategyItem[]
  readonly platformVersion?: string
  readonly networkConfiguration?: NetworkConfiguration
  /** The container whose command and environment are overridden. */
  readonly container?: string
  readonly command?: readonly string[]
  readonly environment?: Readonly<Record<string, string>>
}

/** A one-off task as DescribeTasks reports it. */
export interface OneOffTask extends StoppedTask {
  readonly lastStatus: string
  readonly desiredStatus: string
  readonly startedBy?: string
  readonly tags: Tags
}

export interface TaskReader {
  /** The tasks (with tags) among `arns`; unknown ones are absent. */
  describeTasks(cluster: string, arns: readonly string[]): Promise<OneOffTask[]>
  /** ARNs of the cluster's tasks started by `startedBy`, running or stopped (ECS keeps stopped ones about an hour). */
  listTasksStartedBy(cluster: string, startedBy: string): Promise<string[]>
}

export interface TaskWriter {
  runTask(input: RunTaskInput): Promise<OneOffTask>
  stopTask(cluster: string, arn: string, reason: string): Promise<void>
}

export interface IdentityReader {
  /** The ARN of the caller (STS GetCallerIdentity). */
  callerArn(): Promise<string>
}
