/** @module Schema of `Service.spec.taskDefinition`: ECS RegisterTaskDefinition fields with friendlier maps. */
import { z } from 'zod'
import { arn, logConfiguration, scalar, stringMap } from './common.js'

/** Port-mapping names become Service Connect port names: ≤64 of lowercase letters, digits, `_`, `-`, no leading `-`. */
export const PORT_NAME = /^[a-z0-9_][a-z0-9_-]{0,63}$/

export const portMapping = z.strictObject({
  name: z.string().min(1).max(64).optional(),
  containerPort: z.int().min(1).max(65535),
  protocol: z.enum(['tcp', 'udp']).optional(),
  appProtocol: z.enum(['http', 'http2', 'grpc']).optional(),
})

const healthCheck = z.strictObject({
  command: z.array(z.string()).min(1),
  interval: z.int().min(5).max(300).optional(),
  timeout: z.int().min(2).max(60).optional(),
  retries: z.int().min(1).max(10).optional(),
  startPeriod: z.int().min(0).max(300).optional(),
})

const containerDependency = z.strictObject({
  containerName: z.string(),
  condition: z.enum(['START', 'COMPLETE', 'SUCCESS', 'HEALTHY']),
})

export const container = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, 'container names are 1–255 letters, digits, "_" or "-"'),
  image: z.string().min(1),
  essential: z.boolean().optional(),
  portMappings: z.array(portMapping).optional(),
  environment: z.record(z.string(), scalar).optional(),
  secrets: z.record(z.string(), arn).optional(),
  command: z.array(z.string()).optional(),
  entryPoint: z.array(z.string()).optional(),
  healthCheck: healthCheck.optional(),
  logConfiguration: logConfiguration.optional(),
  dependsOn: z.array(containerDependency).optional(),
  cpu: z.int().min(0).optional(),
  memory: z.int().min(6).optional(),
  memoryReservation: z.int().min(6).optional(),
  readonlyRootFilesystem: z.boolean().optional(),
  user: z.string().optional(),
  workingDirectory: z.string().optional(),
  startTimeout: z.int().min(2).max(120).optional(),
  stopTimeout: z.int().min(2).max(120).optional(),
  dockerLabels: stringMap.optional(),
})

const volume = z.strictObject({
  name: z.string().min(1),
  efsVolumeConfiguration: z
    .strictObject({
      fileSystemId: z.string(),
      rootDirectory: z.string().optional(),
      transitEncryption: z.enum(['ENABLED', 'DISABLED']).optional(),
      authorizationConfig: z
        .strictObject({ accessPointId: z.string().optional(), iam: z.enum(['ENABLED', 'DISABLED']).optional() })
        .optional(),
    })
    .optional(),
})

/** cpu/memory are plain numbers (CPU units, MiB); ECS's "1 vCPU"/"2 GB" strings are accepted too. */
const sizeValue = z.union([z.int().positive(), z.string().regex(/^\s*\d+(\.\d+)?\s*(vcpu|gb)?\s*$/i, 'a number such as 512, or "1 vCPU" / "2 GB"')])

export const taskDefinitionSpec = z.strictObject({
  family: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, 'families are 1–255 letters, digits, "_" or "-"').optional(),
  cpu: sizeValue,
  memory: sizeValue,
  runtimePlatform: z
    .strictObject({
      cpuArchitecture: z.enum(['X86_64', 'ARM64']).optional(),
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
        .optional(),
    })
    .optional(),
  executionRoleArn: arn.optional(),
  taskRoleArn: arn.optional(),
  enableFaultInjection: z.boolean().optional(),
  pidMode: z.enum(['task', 'host']).optional(),
  ephemeralStorage: z.strictObject({ sizeInGiB: z.int().min(21).max(200) }).optional(),
  volumes: z.array(volume).optional(),
  containers: z.array(container).min(1).max(10),
  tags: z.record(z.string(), z.string()).optional(),
})

export type TaskDefinitionSpec = z.infer<typeof taskDefinitionSpec>
export type ContainerSpec = z.infer<typeof container>
