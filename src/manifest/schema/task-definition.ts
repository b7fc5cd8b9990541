/** @module Schema of `Service.spec.taskDefinition`: ECS RegisterTaskDefinition fields with friendlier maps. */
import { z } from 'zod'
import { arn, logConfiguration, scalar, stringMap } from './common.js'
import { doc, ecs } from './doc.js'

/** Port-mapping names become Service Connect port names: ≤64 of lowercase letters, digits, `_`, `-`, no leading `-`. */
export const PORT_NAME = /^[a-z0-9_][a-z0-9_-]{0,63}$/

export const portMapping = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe(
      doc({
        text: 'Name of the port, used as serviceConnect.services[].portName: at most 64 lowercase letters, digits, "_" or "-", not starting with "-".',
        aws: ecs('PortMapping', 'name'),
      }),
    ),
  containerPort: z
    .int()
    .min(1)
    .max(65535)
    .describe(
      doc({
        text: 'Port the container listens on (in awsvpc mode also the host port).',
        aws: ecs('PortMapping', 'containerPort'),
      }),
    ),
  protocol: z
    .enum(['tcp', 'udp'])
    .optional()
    .describe(
      doc({
        text: 'Transport protocol. Immutable while the service uses Service Connect: a change replaces the service.',
        default: 'tcp',
        aws: ecs('PortMapping', 'protocol'),
      }),
    ),
  appProtocol: z
    .enum(['http', 'http2', 'grpc'])
    .optional()
    .describe(
      doc({
        text: 'Application protocol, for Service Connect metrics and timeouts; unset means plain TCP. Immutable while the service uses Service Connect.',
        aws: ecs('PortMapping', 'appProtocol'),
      }),
    ),
})

const healthCheck = z.strictObject({
  command: z
    .array(z.string())
    .min(1)
    .describe(
      doc({
        text: 'Command that checks the container, starting with CMD or CMD-SHELL; exit 0 means healthy.',
        example: '[CMD-SHELL, "curl -f http://localhost/ || exit 1"]',
        aws: ecs('HealthCheck', 'command'),
      }),
    ),
  interval: z
    .int()
    .min(5)
    .max(300)
    .optional()
    .describe(
      doc({ text: 'Seconds between checks, 5–300.', default: '30', aws: ecs('HealthCheck', 'interval') }),
    ),
  timeout: z
    .int()
    .min(2)
    .max(60)
    .optional()
    .describe(
      doc({
        text: 'Seconds a check may take before it counts as failed, 2–60.',
        default: '5',
        aws: ecs('HealthCheck', 'timeout'),
      }),
    ),
  retries: z
    .int()
    .min(1)
    .max(10)
    .optional()
    .describe(
      doc({
        text: 'Failed checks in a row before the container is unhealthy, 1–10.',
        default: '3',
        aws: ecs('HealthCheck', 'retries'),
      }),
    ),
  startPeriod: z
    .int()
    .min(0)
    .max(300)
    .optional()
    .describe(
      doc({
        text: 'Grace period in seconds after start during which failures do not count, 0–300.',
        default: '0',
        aws: ecs('HealthCheck', 'startPeriod'),
      }),
    ),
})

const containerDependency = z.strictObject({
  containerName: z.string().describe(
    doc({
      text: 'Name of the container this one waits for.',
      aws: ecs('ContainerDependency', 'containerName'),
    }),
  ),
  condition: z.enum(['START', 'COMPLETE', 'SUCCESS', 'HEALTHY']).describe(
    doc({
      text: 'What the other container must reach first: START, COMPLETE (exited), SUCCESS (exited 0) or HEALTHY.',
      aws: ecs('ContainerDependency', 'condition'),
    }),
  ),
})

export const container = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,255}$/, 'container names are 1–255 letters, digits, "_" or "-"')
    .describe(
      doc({
        text: 'Name of the container, unique in the task: 1–255 letters, digits, "_" or "-".',
        aws: ecs('ContainerDefinition', 'name'),
      }),
    ),
  image: z
    .string()
    .min(1)
    .describe(
      doc({
        text: 'Container image: repository and tag or digest.',
        example: 'public.ecr.aws/shop/orders:1.4.2',
        aws: ecs('ContainerDefinition', 'image'),
      }),
    ),
  essential: z
    .boolean()
    .optional()
    .describe(
      doc({
        text: 'Whether the task stops when this container stops; sidecars are usually false.',
        default: 'true',
        aws: ecs('ContainerDefinition', 'essential'),
      }),
    ),
  portMappings: z
    .array(portMapping)
    .optional()
    .describe(doc({ text: 'Ports the container exposes.', aws: ecs('ContainerDefinition', 'portMappings') })),
  environment: z
    .record(z.string(), scalar)
    .optional()
    .describe(
      doc({
        text: 'Environment variables as a map of name to value (numbers and booleans are sent as strings). Values never appear in any output.',
        aws: ecs('ContainerDefinition', 'environment'),
      }),
    ),
  secrets: z
    .record(z.string(), arn)
    .optional()
    .describe(
      doc({
        text: 'Environment variables filled from secrets: a map of name to Secrets Manager or SSM Parameter Store ARN. Values never appear in any output.',
        aws: ecs('ContainerDefinition', 'secrets'),
      }),
    ),
  command: z
    .array(z.string())
    .optional()
    .describe(
      doc({
        text: 'Command passed to the container, replacing the image CMD.',
        default: "the image's CMD",
        aws: ecs('ContainerDefinition', 'command'),
      }),
    ),
  entryPoint: z
    .array(z.string())
    .optional()
    .describe(
      doc({
        text: 'Entry point of the container, replacing the image ENTRYPOINT.',
        default: "the image's ENTRYPOINT",
        aws: ecs('ContainerDefinition', 'entryPoint'),
      }),
    ),
  healthCheck: healthCheck
    .optional()
    .describe(
      doc({ text: 'Container health check run by ECS.', aws: ecs('ContainerDefinition', 'healthCheck') }),
    ),
  logConfiguration: logConfiguration
    .optional()
    .describe(
      doc({ text: 'Where the container logs go.', aws: ecs('ContainerDefinition', 'logConfiguration') }),
    ),
  dependsOn: z
    .array(containerDependency)
    .optional()
    .describe(
      doc({
        text: 'Containers of the same task that must reach a condition before this one starts.',
        aws: ecs('ContainerDefinition', 'dependsOn'),
      }),
    ),
  cpu: z
    .int()
    .min(0)
    .optional()
    .describe(
      doc({
        text: 'CPU units reserved for the container (1024 = 1 vCPU); the sum over containers must fit the task cpu.',
        default: '0',
        aws: ecs('ContainerDefinition', 'cpu'),
      }),
    ),
  memory: z
    .int()
    .min(6)
    .optional()
    .describe(
      doc({
        text: 'Hard memory limit of the container in MiB; it is killed above it.',
        aws: ecs('ContainerDefinition', 'memory'),
      }),
    ),
  memoryReservation: z
    .int()
    .min(6)
    .optional()
    .describe(
      doc({
        text: 'Soft memory limit of the container in MiB.',
        aws: ecs('ContainerDefinition', 'memoryReservation'),
      }),
    ),
  readonlyRootFilesystem: z
    .boolean()
    .optional()
    .describe(
      doc({
        text: 'Mount the root file system read-only (not with ECS Exec).',
        default: 'false',
        aws: ecs('ContainerDefinition', 'readonlyRootFilesystem'),
      }),
    ),
  user: z
    .string()
    .optional()
    .describe(
      doc({
        text: 'User (and group) the container runs as, by name or id.',
        example: '"1000:1000"',
        aws: ecs('ContainerDefinition', 'user'),
      }),
    ),
  workingDirectory: z
    .string()
    .optional()
    .describe(
      doc({ text: 'Working directory of the command.', aws: ecs('ContainerDefinition', 'workingDirectory') }),
    ),
  startTimeout: z
    .int()
    .min(2)
    .max(120)
    .optional()
    .describe(
      doc({
        text: "Seconds to wait for the container's dependencies before giving up, 2–120 on Fargate.",
        aws: ecs('ContainerDefinition', 'startTimeout'),
      }),
    ),
  stopTimeout: z
    .int()
    .min(2)
    .max(120)
    .optional()
    .describe(
      doc({
        text: 'Seconds between SIGTERM and SIGKILL when the container stops, 2–120 on Fargate.',
        default: '30',
        aws: ecs('ContainerDefinition', 'stopTimeout'),
      }),
    ),
  dockerLabels: stringMap.optional().describe(
    doc({
      text: 'Docker labels on the container, as a map.',
      aws: ecs('ContainerDefinition', 'dockerLabels'),
    }),
  ),
})

const volume = z.strictObject({
  name: z
    .string()
    .min(1)
    .describe(
      doc({
        text: "Name of the volume, referenced by containers' mount points.",
        aws: ecs('Volume', 'name'),
      }),
    ),
  efsVolumeConfiguration: z
    .strictObject({
      fileSystemId: z.string().describe(
        doc({
          text: 'Id of the Amazon EFS file system.',
          example: 'fs-0123456789abcdef0',
          aws: ecs('EFSVolumeConfiguration', 'fileSystemId'),
        }),
      ),
      rootDirectory: z
        .string()
        .optional()
        .describe(
          doc({
            text: 'Directory of the file system mounted as the volume root.',
            default: '/',
            aws: ecs('EFSVolumeConfiguration', 'rootDirectory'),
          }),
        ),
      transitEncryption: z
        .enum(['ENABLED', 'DISABLED'])
        .optional()
        .describe(
          doc({
            text: 'Encrypt data in transit to EFS; required when IAM authorization is used.',
            default: 'DISABLED',
            aws: ecs('EFSVolumeConfiguration', 'transitEncryption'),
          }),
        ),
      authorizationConfig: z
        .strictObject({
          accessPointId: z
            .string()
            .optional()
            .describe(
              doc({
                text: 'EFS access point to mount through.',
                aws: ecs('EFSAuthorizationConfig', 'accessPointId'),
              }),
            ),
          iam: z
            .enum(['ENABLED', 'DISABLED'])
            .optional()
            .describe(
              doc({
                text: "Mount with the task role's IAM identity.",
                default: 'DISABLED',
                aws: ecs('EFSAuthorizationConfig', 'iam'),
              }),
            ),
        })
        .optional()
        .describe(
          doc({
            text: 'Access point and IAM authorization for the mount.',
            aws: ecs('EFSAuthorizationConfig'),
          }),
        ),
    })
    .optional()
    .describe(doc({ text: 'An Amazon EFS file system as the volume.', aws: ecs('EFSVolumeConfiguration') })),
})

/** cpu/memory are plain numbers (CPU units, MiB); ECS's "1 vCPU"/"2 GB" strings are accepted too. */
const sizeValue = z.union([
  z.int().positive(),
  z.string().regex(/^\s*\d+(\.\d+)?\s*(vcpu|gb)?\s*$/i, 'a number such as 512, or "1 vCPU" / "2 GB"'),
])

export const taskDefinitionSpec = z.strictObject({
  family: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,255}$/, 'families are 1–255 letters, digits, "_" or "-"')
    .optional()
    .describe(
      doc({
        text: 'Task-definition family; a new revision is registered only when the content changes.',
        default: 'the service name',
        aws: ecs('RegisterTaskDefinition', 'family'),
      }),
    ),
  cpu: sizeValue.describe(
    doc({
      text: 'Task CPU in units (1024 = 1 vCPU), or a string such as "1 vCPU"; with memory a valid Fargate pair.',
      example: '512',
      aws: ecs('RegisterTaskDefinition', 'cpu'),
    }),
  ),
  memory: sizeValue.describe(
    doc({
      text: 'Task memory in MiB, or a string such as "2 GB"; with cpu a valid Fargate pair.',
      example: '1024',
      aws: ecs('RegisterTaskDefinition', 'memory'),
    }),
  ),
  runtimePlatform: z
    .strictObject({
      cpuArchitecture: z
        .enum(['X86_64', 'ARM64'])
        .optional()
        .describe(
          doc({
            text: 'CPU architecture of the task; ARM64 only with Linux.',
            default: 'X86_64',
            aws: ecs('RuntimePlatform', 'cpuArchitecture'),
          }),
        ),
      operatingSystemFamily: z
        .enum([
          'LINUX',
          'WINDOWS_SERVER_2019_FULL',
          'WINDOWS_SERVER_2019_CORE',
          'WINDOWS_SERVER_2016_FULL',
          'WINDOWS_SERVER_2004_CORE',
          'WINDOWS_SERVER_2022_CORE',
          'WINDOWS_SERVER_2022_FULL',
          'WINDOWS_SERVER_2025_CORE',
          'WINDOWS_SERVER_2025_FULL',
          'WINDOWS_SERVER_20H2_CORE',
        ])
        .optional()
        .describe(
          doc({
            text: 'Operating system of the task.',
            default: 'LINUX',
            aws: ecs('RuntimePlatform', 'operatingSystemFamily'),
          }),
        ),
    })
    .optional()
    .describe(
      doc({ text: 'Operating system and CPU architecture of the task.', aws: ecs('RuntimePlatform') }),
    ),
  executionRoleArn: arn.optional().describe(
    doc({
      text: 'Role ECS uses to pull images, write logs and read secrets for the task.',
      aws: ecs('RegisterTaskDefinition', 'executionRoleArn'),
    }),
  ),
  taskRoleArn: arn.optional().describe(
    doc({
      text: 'Role the application in the task calls AWS with.',
      aws: ecs('RegisterTaskDefinition', 'taskRoleArn'),
    }),
  ),
  enableFaultInjection: z
    .boolean()
    .optional()
    .describe(
      doc({
        text: 'Allow fault injection into the task; needed by the FIS aws:ecs:task-* actions.',
        default: 'false',
        aws: ecs('RegisterTaskDefinition', 'enableFaultInjection'),
      }),
    ),
  pidMode: z
    .enum(['task', 'host'])
    .optional()
    .describe(
      doc({
        text: 'Process namespace shared by the containers; on Fargate only task. Needed by the FIS kill-process and network actions.',
        aws: ecs('RegisterTaskDefinition', 'pidMode'),
      }),
    ),
  ephemeralStorage: z
    .strictObject({
      sizeInGiB: z
        .int()
        .min(21)
        .max(200)
        .describe(
          doc({
            text: "Size of the task's ephemeral storage in GiB, 21–200.",
            aws: ecs('EphemeralStorage', 'sizeInGiB'),
          }),
        ),
    })
    .optional()
    .describe(
      doc({
        text: 'More ephemeral storage than Fargate gives by default.',
        default: '20 GiB',
        aws: ecs('EphemeralStorage'),
      }),
    ),
  volumes: z
    .array(volume)
    .optional()
    .describe(doc({ text: 'Volumes the containers can mount.', aws: ecs('Volume') })),
  containers: z
    .array(container)
    .min(1)
    .max(10)
    .describe(doc({ text: 'Containers of the task, 1–10.', aws: ecs('ContainerDefinition') })),
  tags: z
    .record(z.string(), z.string())
    .optional()
    .describe(
      doc({
        text: "Accepted but not applied yet: each revision is tagged with the service's tags (spec.tags) and ecs-reconciler's own, so set tags there.",
        aws: ecs('RegisterTaskDefinition', 'tags'),
      }),
    ),
})

export type TaskDefinitionSpec = z.infer<typeof taskDefinitionSpec>
export type ContainerSpec = z.infer<typeof container>
