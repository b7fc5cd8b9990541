/**
 * @module What a one-off task of a service runs with: the service's cluster, capacity and network
 * configuration, a revision of its family, and the container whose command and environment change.
 * Pure: the CLI (`task run`) and pre-deploy hooks build their RunTask requests here.
 */
import type { ActualService, ActualTaskDefinition, RunTaskInput, Tags } from '../../cloud/ports/index.js'
import { ReconcilerError } from '../../shared/errors.js'

/** The container `--container` names, else the first essential one (ECS: `essential` defaults to true). */
export function chosenContainer(td: ActualTaskDefinition, requested: string | undefined): string {
  const names = td.containerDefinitions.map((c) => c.name)
  if (requested !== undefined) {
    if (names.includes(requested)) return requested
    throw new ReconcilerError(
      'INVALID_INPUT',
      `task definition ${td.family}:${td.revision} has no container "${requested}"`,
      {
        hint: `its containers: ${names.join(', ')}`,
      },
    )
  }
  const essential = td.containerDefinitions.find((c) => c.essential !== false)
  return essential?.name ?? names[0] ?? ''
}

/** Where the service's tasks run: the live service (`task run`) or its desired settings (a pre-deploy hook). */
export type TaskPlacement = Pick<
  ActualService,
  'capacityProviderStrategy' | 'launchType' | 'platformVersion' | 'networkConfiguration'
>

export interface OneOffRequest {
  readonly service: TaskPlacement
  readonly cluster: string
  readonly taskDefinition: Pick<ActualTaskDefinition, 'arn'>
  readonly container: string
  readonly command?: readonly string[] | undefined
  readonly environment?: Readonly<Record<string, string>> | undefined
  readonly startedBy: string
  readonly tags: Tags
  readonly clientToken?: string | undefined
}

/** The RunTask request: the service's capacity (strategy or launch type), platform and network. */
export function runTaskInput(request: OneOffRequest): RunTaskInput {
  const { service } = request
  const capacity =
    service.capacityProviderStrategy && service.capacityProviderStrategy.length > 0
      ? { capacityProviderStrategy: service.capacityProviderStrategy }
      : { launchType: service.launchType ?? 'FARGATE' }
  return {
    cluster: request.cluster,
    taskDefinition: request.taskDefinition.arn,
    startedBy: request.startedBy,
    tags: request.tags,
    ...capacity,
    ...(service.platformVersion !== undefined ? { platformVersion: service.platformVersion } : {}),
    ...(service.networkConfiguration ? { networkConfiguration: service.networkConfiguration } : {}),
    container: request.container,
    ...(request.command ? { command: request.command } : {}),
    ...(request.environment && Object.keys(request.environment).length > 0
      ? { environment: request.environment }
      : {}),
    ...(request.clientToken !== undefined ? { clientToken: request.clientToken } : {}),
  }
}

/** The exit code of `container`, undefined when it has none (the task stopped before it ran, or was stopped). */
export function exitCodeOf(
  task: { containers: readonly { name: string; exitCode?: number }[] },
  container: string,
): number | undefined {
  return task.containers.find((c) => c.name === container)?.exitCode
}
