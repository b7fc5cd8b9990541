/** @module Schema of `Service.spec.taskDefinition`: ECS RegisterTaskDefinition fields with friendlier maps. */
import { z } from 'zod'
import {
  FARGATE_ADDABLE_CAPABILITIES,
  FARGATE_REFUSED_RESOURCE_TYPES,
  FARGATE_TASK_DEFINITION_PAGE,
} from '../../aws-model/fargate.js'
import { FARGATE_MEMORY } from '../facts/fargate.js'
import { arn, logConfiguration, scalar, stringMap } from './common.js'
import { doc, ecs } from './doc.js'
import { modelMembers, modelShape, type FieldOverrides } from './from-model.js'

/** Port-mapping names become Service Connect port names: ≤64 of lowercase letters, digits, `_`, `-`, no leading `-`. */
export const PORT_NAME = /^[a-z0-9_][a-z0-9_-]{0,63}$/

/** An IAM role name: up to 64 of letters, digits and + = , . @ _ - (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). */
const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/

/** `FIRST-LAST`, each a port number without leading zeros. */
const PORT_RANGE = /^([1-9]\d{0,4})-([1-9]\d{0,4})$/

/** The ports of a `FIRST-LAST` range, or undefined when it is not one (1 ≤ FIRST < LAST ≤ 65535). */
export function portRange(text: string): { first: number; last: number } | undefined {
  const m = PORT_RANGE.exec(text)
  if (!m) return undefined
  const first = Number(m[1])
  const last = Number(m[2])
  return first < last && last <= 65535 ? { first, last } : undefined
}

const isOrderedRange = (text: string): boolean => !PORT_RANGE.test(text) || portRange(text) !== undefined

/** AWS: "You can specify a maximum of 100 port ranges per container" (API_PortMapping). */
export const MAX_PORT_RANGES = 100

export const portMapping = z
  .strictObject({
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
      .optional()
      .describe(
        doc({
          text: 'Port the container listens on (in awsvpc mode also the host port). Give this or containerPortRange.',
          aws: ecs('PortMapping', 'containerPort'),
        }),
      ),
    containerPortRange: z
      .string()
      .regex(
        PORT_RANGE,
        'containerPortRange is FIRST-LAST, two ports from 1 to 65535 with FIRST < LAST: "8000-8010"',
      )
      .refine(
        isOrderedRange,
        'containerPortRange: the first port must be less than the last (1–65535): "8000-8010"',
      )
      .optional()
      .describe(
        doc({
          text: 'A range of ports the container listens on, "FIRST-LAST" ("8000-8010"); in awsvpc mode the host ports are the same. Give this or containerPort, without hostPort; at most 100 ranges a container, none overlapping another mapping.',
          aws: ecs('PortMapping', 'containerPortRange'),
        }),
      ),
    hostPort: z
      .int()
      .min(0)
      .max(65535)
      .optional()
      .describe(
        doc({
          text: 'Accepted as the API writes it, but in the awsvpc network mode Fargate uses, the host port is the container port: leave it out or give the same number.',
          default: 'the containerPort',
          aws: ecs('PortMapping', 'hostPort'),
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
  .refine((p) => (p.containerPort === undefined) !== (p.containerPortRange === undefined), {
    message:
      'a port mapping gives either containerPort or containerPortRange, not both and not neither (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html)',
    path: ['containerPort'],
  })
  .refine((p) => p.containerPortRange === undefined || p.hostPort === undefined, {
    message:
      'leave hostPort out with containerPortRange: ECS sets the host ports (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html)',
    path: ['hostPort'],
  })
  .refine(
    (p) => p.hostPort === undefined || p.containerPort === undefined || p.hostPort === p.containerPort,
    {
      message:
        'hostPort must equal containerPort: in the awsvpc network mode the host port is the container port (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html)',
      path: ['hostPort'],
    },
  )

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

type PortMappingSpec = z.infer<typeof portMapping>

/** The ports a mapping covers, as a closed interval. */
function portsOf(p: PortMappingSpec): { first: number; last: number } | undefined {
  if (p.containerPort !== undefined) return { first: p.containerPort, last: p.containerPort }
  return p.containerPortRange === undefined ? undefined : portRange(p.containerPortRange)
}

/**
 * A port belongs to one mapping of a container, whatever the protocols ("You can't expose the same
 * container port for multiple protocols"), port ranges may not overlap, and a container has at most
 * 100 ranges (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html).
 */
function checkPortsApart(mappings: PortMappingSpec[], ctx: z.RefinementCtx): void {
  const ranges = mappings.filter((p) => p.containerPortRange !== undefined).length
  if (ranges > MAX_PORT_RANGES) {
    ctx.addIssue({
      code: 'custom',
      message: `${ranges} port ranges: a container may have at most ${MAX_PORT_RANGES}`,
    })
  }
  const spans = mappings.map(portsOf)
  spans.forEach((mine, i) => {
    const earlier = spans.findIndex(
      (theirs, j) => j < i && theirs && mine && mine.first <= theirs.last && theirs.first <= mine.last,
    )
    if (!mine || earlier < 0) return
    const what = (p: PortMappingSpec) =>
      p.containerPortRange !== undefined
        ? `containerPortRange ${p.containerPortRange}`
        : `containerPort ${String(p.containerPort)}`
    const p = mappings[i]!
    ctx.addIssue({
      code: 'custom',
      path: [i, p.containerPortRange !== undefined ? 'containerPortRange' : 'containerPort'],
      message: `${what(p)} overlaps ${what(mappings[earlier]!)} (portMappings[${earlier}]): a container port belongs to one mapping, whatever its protocol`,
    })
  })
}

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

/** ECS takes a secret from an ARN, or from an SSM parameter in the same Region by its name (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html). */
export const secretSource = z.union([
  arn,
  z
    .string()
    .regex(
      /^[A-Za-z0-9_.\-/]{1,2048}$/,
      'must be an ARN, or an SSM parameter name (letters, digits, _ . - /)',
    ),
])

const nameValue = z.strictObject({
  name: z
    .string()
    .min(1)
    .describe(doc({ text: 'Name of the variable.', aws: ecs('KeyValuePair', 'name') })),
  value: scalar.describe(doc({ text: 'Value of the variable.', aws: ecs('KeyValuePair', 'value') })),
})

const secretEntry = z.strictObject({
  name: z
    .string()
    .min(1)
    .describe(doc({ text: 'Name of the variable.', aws: ecs('Secret', 'name') })),
  valueFrom: secretSource.describe(
    doc({ text: 'Secrets Manager ARN, or SSM parameter ARN or name.', aws: ecs('Secret', 'valueFrom') }),
  ),
})

/** Container members written by hand below (friendlier forms, richer help); the model gives every other one. */
export const HANDWRITTEN_CONTAINER_MEMBERS = [
  'name',
  'image',
  'essential',
  'portMappings',
  'environment',
  'secrets',
  'command',
  'entryPoint',
  'healthCheck',
  'logConfiguration',
  'dependsOn',
  'cpu',
  'memory',
  'memoryReservation',
  'readonlyRootFilesystem',
  'user',
  'workingDirectory',
  'startTimeout',
  'stopTimeout',
  'dockerLabels',
] as const

const notOnFargate = (what: string): string =>
  `${what} is not supported on Fargate (${FARGATE_TASK_DEFINITION_PAGE})`

/** Values of model members that Fargate refuses (the members it refuses whole are in src/aws-model/fargate.ts). */
const FARGATE_VALUE_RULES: FieldOverrides = {
  'KernelCapabilities.add': z
    .array(z.string())
    .refine(
      (caps) => caps.every((c) => FARGATE_ADDABLE_CAPABILITIES.includes(c)),
      notOnFargate('adding a Linux capability other than SYS_PTRACE'),
    ),
  'ContainerDefinition.resourceRequirements': z
    .array(modelShape('ResourceRequirement'))
    .refine(
      (list) =>
        !list.some((r) => FARGATE_REFUSED_RESOURCE_TYPES.includes(String((r as { type?: unknown }).type))),
      notOnFargate('a GPU resource requirement'),
    ),
}

export const container = z.strictObject({
  ...modelMembers('ContainerDefinition', HANDWRITTEN_CONTAINER_MEMBERS, FARGATE_VALUE_RULES),
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
    .superRefine(checkPortsApart)
    .optional()
    .describe(doc({ text: 'Ports the container exposes.', aws: ecs('ContainerDefinition', 'portMappings') })),
  environment: z
    .union([z.record(z.string(), scalar), z.array(nameValue)])
    .optional()
    .describe(
      doc({
        text: "Environment variables as a map of name to value (numbers and booleans are sent as strings), or as the API's list of {name, value}. Values never appear in any output.",
        aws: ecs('ContainerDefinition', 'environment'),
      }),
    ),
  secrets: z
    .union([z.record(z.string(), secretSource), z.array(secretEntry)])
    .optional()
    .describe(
      doc({
        text: "Environment variables filled from secrets: a map of name to a Secrets Manager ARN, or an SSM Parameter Store ARN or parameter name; or the API's list of {name, valueFrom}. Values never appear in any output.",
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

/** cpu/memory are plain numbers (CPU units, MiB); ECS's "1 vCPU"/"2 GB" strings are accepted too. */
const SIZE = /^\s*(\d+(\.\d*)?|\.\d+)\s*(vcpu|gb)?\s*$/i
const CPU_VALUES = Object.keys(FARGATE_MEMORY)
  .map((units) => `${units} ("${Number(units) / 1024} vCPU")`)
  .join(', ')
const cpuValue = z.union([
  z.int().positive(),
  z.string().regex(SIZE, `must be Fargate CPU units: one of ${CPU_VALUES}`),
])
const memoryValue = z.union([
  z.int().positive(),
  z.string().regex(SIZE, 'must be MiB such as 2048, or GB such as "2 GB"'),
])

/** Task members written by hand (or managed: family, tags); the model gives every other one. */
const HANDWRITTEN_TASK_MEMBERS = [
  'family',
  'cpu',
  'memory',
  'runtimePlatform',
  'executionRoleArn',
  'taskRoleArn',
  'enableFaultInjection',
  'pidMode',
  'ephemeralStorage',
  'volumes',
  'containerDefinitions',
  'tags',
  'networkMode',
  'requiresCompatibilities',
]

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
  cpu: cpuValue.describe(
    doc({
      text: 'Task CPU in units (1024 = 1 vCPU), or a string such as "1 vCPU"; with memory a valid Fargate pair.',
      example: '512',
      aws: ecs('RegisterTaskDefinition', 'cpu'),
    }),
  ),
  memory: memoryValue.describe(
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
  taskRoleArn: z
    .string()
    .refine((role) => arn.safeParse(role).success || IAM_ROLE_NAME.test(role), {
      message: 'must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME) or a role name',
    })
    .optional()
    .describe(
      doc({
        text: 'Role the application in the task calls AWS with: its ARN, or its name (ECS takes "the short name or full ARN").',
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
    .array(modelShape('Volume') as z.ZodType<Record<string, unknown>>)
    .optional()
    .describe(
      doc({
        text: 'Volumes the containers can mount: bind mounts, Amazon EFS, and (with configuredAtLaunch) Amazon EBS volumes the service attaches.',
        aws: ecs('Volume'),
      }),
    ),
  networkMode: z
    .literal('awsvpc')
    .optional()
    .describe(
      doc({
        text: 'Network mode of the task: Fargate runs only awsvpc, which is always registered.',
        default: 'awsvpc',
        aws: ecs('RegisterTaskDefinition', 'networkMode'),
      }),
    ),
  requiresCompatibilities: z
    .array(z.enum(['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES']))
    .refine(
      (list) => list.includes('FARGATE'),
      'must include FARGATE: ecs-reconciler runs services on Fargate',
    )
    .optional()
    .describe(
      doc({
        text: 'Launch types the task definition is validated for; always includes FARGATE.',
        default: '[FARGATE]',
        aws: ecs('RegisterTaskDefinition', 'requiresCompatibilities'),
      }),
    ),
  ...modelMembers('RegisterTaskDefinitionRequest', HANDWRITTEN_TASK_MEMBERS),
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
