/** @module Schema of `kind: Service`: task definition, ECS service, Service Connect, autoscaling. */
import { z } from 'zod'
import { capacityProviderStrategyItem } from './cluster.js'
import { arn, envelope, logConfiguration, tagMap } from './common.js'
import { taskDefinitionSpec } from './task-definition.js'

const clientAlias = z.strictObject({
  port: z.int().min(1).max(65535),
  dnsName: z.string().min(1).optional(),
})

export const serviceConnectService = z.strictObject({
  portName: z.string().min(1),
  discoveryName: z.string().min(1).optional(),
  clientAliases: z.array(clientAlias).optional(),
  ingressPortOverride: z.int().min(1).max(65535).optional(),
  timeout: z
    .strictObject({
      idleTimeoutSeconds: z.int().min(0).optional(),
      perRequestTimeoutSeconds: z.int().min(0).optional(),
    })
    .optional(),
  tls: z
    .strictObject({
      issuerCertificateAuthority: z.strictObject({ awsPcaAuthorityArn: arn }),
      kmsKey: z.string().optional(),
      roleArn: arn.optional(),
    })
    .optional(),
})

const serviceConnect = z.strictObject({
  namespace: z.string().min(1).optional(),
  services: z.array(serviceConnectService).optional(),
  logConfiguration: logConfiguration.optional(),
})

const deployment = z.strictObject({
  strategy: z.enum(['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY']).optional(),
  bakeTimeInMinutes: z.int().min(0).max(1440).optional(),
  linearConfiguration: z
    .strictObject({ stepPercent: z.number().min(3).max(100), stepBakeTimeInMinutes: z.int().min(0).max(1440).optional() })
    .optional(),
  canaryConfiguration: z
    .strictObject({ canaryPercent: z.number().min(0.1).max(100), canaryBakeTimeInMinutes: z.int().min(0).max(1440).optional() })
    .optional(),
  lifecycleHooks: z
    .array(
      z.strictObject({
        hookTargetArn: arn,
        roleArn: arn,
        lifecycleStages: z
          .array(z.enum(['RECONCILE_SERVICE', 'PRE_SCALE_UP', 'POST_SCALE_UP', 'TEST_TRAFFIC_SHIFT', 'POST_TEST_TRAFFIC_SHIFT', 'PRODUCTION_TRAFFIC_SHIFT', 'POST_PRODUCTION_TRAFFIC_SHIFT']))
          .min(1),
      }),
    )
    .optional(),
  maximumPercent: z.int().min(100).max(2000).optional(),
  minimumHealthyPercent: z.int().min(0).max(100).optional(),
  circuitBreaker: z.strictObject({ enable: z.boolean(), rollback: z.boolean() }).optional(),
  alarms: z.strictObject({ alarmNames: z.array(z.string()).min(1), enable: z.boolean(), rollback: z.boolean() }).optional(),
})

const targetTracking = z.strictObject({
  metric: z.enum(['cpu', 'memory', 'albRequestCount']),
  target: z.number().positive(),
  resourceLabel: z.string().optional(),
  scaleInCooldown: z.int().min(0).optional(),
  scaleOutCooldown: z.int().min(0).optional(),
  disableScaleIn: z.boolean().optional(),
})

const scheduledScaling = z.strictObject({
  name: z.string().min(1).max(256),
  schedule: z.string().min(1),
  timezone: z.string().optional(),
  minCapacity: z.int().min(0).optional(),
  maxCapacity: z.int().min(0).optional(),
})

const autoscaling = z.strictObject({
  minCapacity: z.int().min(0),
  maxCapacity: z.int().min(0),
  targetTracking: z.array(targetTracking).optional(),
  scheduled: z.array(scheduledScaling).optional(),
})

export const serviceSpec = z.strictObject({
  cluster: z.string().min(1).optional(),
  desiredCount: z.int().min(0).optional(),
  taskDefinition: taskDefinitionSpec,
  capacityProviderStrategy: z.array(capacityProviderStrategyItem).max(20).optional(),
  launchType: z.literal('FARGATE').optional(),
  platformVersion: z.string().regex(/^(LATEST|\d+\.\d+\.\d+)$/, 'LATEST or a version such as 1.4.0').optional(),
  network: z
    .strictObject({
      subnets: z.array(z.string()).min(1).max(16),
      securityGroups: z.array(z.string()).max(5).optional(),
      assignPublicIp: z.boolean().optional(),
    })
    .optional(),
  loadBalancers: z
    .array(z.strictObject({ targetGroupArn: arn, containerName: z.string(), containerPort: z.int().min(1).max(65535) }))
    .optional(),
  healthCheckGracePeriodSeconds: z.int().min(0).max(2147483647).optional(),
  enableExecuteCommand: z.boolean().optional(),
  propagateTags: z.enum(['SERVICE', 'TASK_DEFINITION', 'NONE']).optional(),
  tags: tagMap.optional(),
  deployment: deployment.optional(),
  serviceConnect: serviceConnect.optional(),
  dependsOn: z.array(z.string()).optional(),
  drift: z.strictObject({ ignore: z.array(z.string()) }).optional(),
  autoscaling: autoscaling.optional(),
})

export const serviceDocument = envelope('Service', serviceSpec)
export type ServiceSpec = z.infer<typeof serviceSpec>
export type ServiceConnectServiceSpec = z.infer<typeof serviceConnectService>
