/** @module Schema of `kind: Service`: task definition, ECS service, Service Connect, autoscaling. */
import { z } from 'zod'
import { capacityProviderStrategyItem } from './cluster.js'
import { arn, envelope, logConfiguration, tagMap } from './common.js'
import { autoScaling, doc, ecs } from './doc.js'
import { modelMember } from './from-model.js'
import { serviceApiMembers } from './service-members.js'
import { taskDefinitionSpec } from './task-definition.js'

const clientAlias = z.strictObject({
  port: z
    .int()
    .min(1)
    .max(65535)
    .describe(
      doc({
        text: 'Port the Service Connect proxy listens on in every client task of the namespace.',
        aws: ecs('ServiceConnectClientAlias', 'port'),
      }),
    ),
  dnsName: z
    .string()
    .min(1)
    .optional()
    .describe(
      doc({
        text: 'Name clients use to reach the endpoint.',
        default: 'the discoveryName',
        aws: ecs('ServiceConnectClientAlias', 'dnsName'),
      }),
    ),
})

export const serviceConnectService = z.strictObject({
  portName: z
    .string()
    .min(1)
    .describe(
      doc({
        text: "Name of a port mapping of one of the task's containers: the port this endpoint serves.",
        aws: ecs('ServiceConnectService', 'portName'),
      }),
    ),
  discoveryName: z
    .string()
    .min(1)
    .optional()
    .describe(
      doc({
        text: 'Name of the Cloud Map service ECS creates for the endpoint; unique within the namespace.',
        default: 'the portName',
        aws: ecs('ServiceConnectService', 'discoveryName'),
      }),
    ),
  clientAliases: z
    .array(clientAlias)
    .optional()
    .describe(
      doc({
        text: 'The name and port clients call the endpoint by.',
        default: 'one alias: dnsName = discoveryName, port = the containerPort of portName',
        aws: ecs('ServiceConnectService', 'clientAliases'),
      }),
    ),
  ingressPortOverride: z
    .int()
    .min(1)
    .max(65535)
    .optional()
    .describe(
      doc({
        text: 'Port the server-side proxy listens on.',
        default: 'the containerPort of portName',
        aws: ecs('ServiceConnectService', 'ingressPortOverride'),
      }),
    ),
  timeout: z
    .strictObject({
      idleTimeoutSeconds: z
        .int()
        .min(0)
        .optional()
        .describe(
          doc({
            text: 'Seconds a connection may stay idle; 0 disables the timeout.',
            default: '300 for http, http2 and grpc; 3600 for TCP',
            aws: ecs('TimeoutConfiguration', 'idleTimeoutSeconds'),
          }),
        ),
      perRequestTimeoutSeconds: z
        .int()
        .min(0)
        .optional()
        .describe(
          doc({
            text: 'Seconds a request may take; 0 disables it. Not allowed when the port has no appProtocol (TCP).',
            aws: ecs('TimeoutConfiguration', 'perRequestTimeoutSeconds'),
          }),
        ),
    })
    .optional()
    .describe(doc({ text: "Timeouts of the endpoint's proxy.", aws: ecs('TimeoutConfiguration') })),
  tls: z
    .strictObject({
      issuerCertificateAuthority: z
        .strictObject({
          awsPcaAuthorityArn: arn.describe(
            doc({
              text: "ARN of the AWS Private CA that issues the endpoint's certificates.",
              aws: ecs('ServiceConnectTlsCertificateAuthority', 'awsPcaAuthorityArn'),
            }),
          ),
        })
        .describe(
          doc({
            text: 'Certificate authority of the endpoint.',
            aws: ecs('ServiceConnectTlsConfiguration', 'issuerCertificateAuthority'),
          }),
        ),
      kmsKey: z
        .string()
        .optional()
        .describe(
          doc({
            text: 'KMS key that protects the private key.',
            default: 'an AWS-owned key',
            aws: ecs('ServiceConnectTlsConfiguration', 'kmsKey'),
          }),
        ),
      roleArn: arn.optional().describe(
        doc({
          text: 'Role ECS uses to get certificates from Private CA.',
          aws: ecs('ServiceConnectTlsConfiguration', 'roleArn'),
        }),
      ),
    })
    .optional()
    .describe(doc({ text: 'TLS between the proxies.', aws: ecs('ServiceConnectTlsConfiguration') })),
})

const serviceConnect = z.strictObject({
  namespace: z
    .string()
    .min(1)
    .optional()
    .describe(
      doc({
        text: 'Namespace of the service: a declared Namespace name or a Cloud Map namespace ARN.',
        default: "the cluster's serviceConnectDefaults.namespace",
        aws: ecs('ServiceConnectConfiguration', 'namespace'),
      }),
    ),
  services: z
    .array(serviceConnectService)
    .optional()
    .describe(
      doc({
        text: 'Endpoints the service offers. With any, the service is client-server (discoverable); without, a client that only calls others.',
        aws: ecs('ServiceConnectConfiguration', 'services'),
      }),
    ),
  logConfiguration: logConfiguration.optional().describe(
    doc({
      text: 'Where the Service Connect proxy container logs go.',
      aws: ecs('ServiceConnectConfiguration', 'logConfiguration'),
    }),
  ),
})

const lifecycleStage = z.enum([
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
])

const deployment = z.strictObject({
  strategy: z
    .enum(['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY'])
    .optional()
    .describe(
      doc({
        text: 'How ECS replaces tasks; the deployment controller is always ECS.',
        default: 'ROLLING',
        aws: ecs('DeploymentConfiguration', 'strategy'),
      }),
    ),
  bakeTimeInMinutes: z
    .int()
    .min(0)
    .max(1440)
    .optional()
    .describe(
      doc({
        text: 'Minutes both revisions run after traffic moved, before the old one stops (BLUE_GREEN, LINEAR, CANARY), 0–1440.',
        aws: ecs('DeploymentConfiguration', 'bakeTimeInMinutes'),
      }),
    ),
  linearConfiguration: z
    .strictObject({
      stepPercent: z
        .number()
        .min(3)
        .max(100)
        .describe(
          doc({
            text: 'Percent of production traffic moved per step, 3–100.',
            aws: ecs('LinearConfiguration', 'stepPercent'),
          }),
        ),
      stepBakeTimeInMinutes: z
        .int()
        .min(0)
        .max(1440)
        .optional()
        .describe(
          doc({
            text: 'Minutes between steps, 0–1440.',
            default: '6',
            aws: ecs('LinearConfiguration', 'stepBakeTimeInMinutes'),
          }),
        ),
    })
    .optional()
    .describe(doc({ text: 'Steps of a LINEAR deployment.', aws: ecs('LinearConfiguration') })),
  canaryConfiguration: z
    .strictObject({
      canaryPercent: z
        .number()
        .min(0.1)
        .max(100)
        .describe(
          doc({
            text: 'Percent of production traffic sent to the new revision first, 0.1–100.',
            aws: ecs('CanaryConfiguration', 'canaryPercent'),
          }),
        ),
      canaryBakeTimeInMinutes: z
        .int()
        .min(0)
        .max(1440)
        .optional()
        .describe(
          doc({
            text: 'Minutes the canary runs before all traffic moves, 0–1440.',
            aws: ecs('CanaryConfiguration', 'canaryBakeTimeInMinutes'),
          }),
        ),
    })
    .optional()
    .describe(doc({ text: 'The canary step of a CANARY deployment.', aws: ecs('CanaryConfiguration') })),
  lifecycleHooks: z
    .array(
      z.strictObject({
        hookTargetArn: arn.describe(
          doc({
            text: 'ARN of the Lambda function ECS calls at the stages.',
            aws: ecs('DeploymentLifecycleHook', 'hookTargetArn'),
          }),
        ),
        roleArn: arn.describe(
          doc({
            text: 'Role ECS uses to call the function.',
            aws: ecs('DeploymentLifecycleHook', 'roleArn'),
          }),
        ),
        lifecycleStages: z
          .array(lifecycleStage)
          .min(1)
          .describe(
            doc({
              text: 'Deployment stages at which the hook runs.',
              aws: ecs('DeploymentLifecycleHook', 'lifecycleStages'),
            }),
          ),
        targetType: modelMember('DeploymentLifecycleHook', 'targetType'),
        timeoutConfiguration: modelMember('DeploymentLifecycleHook', 'timeoutConfiguration'),
        // A free-form JSON document in the model, passed to the function as is.
        hookDetails: z
          .unknown()
          .optional()
          .describe(
            doc({
              text: 'JSON passed to the hook target as is.',
              aws: ecs('DeploymentLifecycleHook', 'hookDetails'),
            }),
          ),
      }),
    )
    .optional()
    .describe(
      doc({
        text: 'Lambda functions ECS calls at stages of a deployment, which can stop it.',
        aws: ecs('DeploymentLifecycleHook'),
      }),
    ),
  maximumPercent: z
    .int()
    .min(100)
    .max(2000)
    .optional()
    .describe(
      doc({
        text: 'Most running plus pending tasks during a deployment, as a percent of desired (rounded down).',
        default: '200',
        aws: ecs('DeploymentConfiguration', 'maximumPercent'),
      }),
    ),
  minimumHealthyPercent: z
    .int()
    .min(0)
    .max(100)
    .optional()
    .describe(
      doc({
        text: 'Fewest running healthy tasks during a deployment, as a percent of desired (rounded up).',
        default: '100',
        aws: ecs('DeploymentConfiguration', 'minimumHealthyPercent'),
      }),
    ),
  circuitBreaker: z
    .strictObject({
      enable: z.boolean().describe(
        doc({
          text: 'Mark a deployment FAILED when its tasks keep failing to start.',
          aws: ecs('DeploymentCircuitBreaker', 'enable'),
        }),
      ),
      rollback: z.boolean().describe(
        doc({
          text: 'Roll a failed deployment back to the last completed one.',
          aws: ecs('DeploymentCircuitBreaker', 'rollback'),
        }),
      ),
    })
    .optional()
    .describe(
      doc({
        text: 'Deployment circuit breaker (ROLLING only). A rollback is reported as a failed apply.',
        default: '{enable: false, rollback: false}',
        aws: ecs('DeploymentCircuitBreaker'),
      }),
    ),
  alarms: z
    .strictObject({
      alarmNames: z
        .array(z.string())
        .min(1)
        .describe(
          doc({
            text: 'Names of the CloudWatch alarms watched during a deployment.',
            aws: ecs('DeploymentAlarms', 'alarmNames'),
          }),
        ),
      enable: z.boolean().describe(
        doc({
          text: 'Fail the deployment when an alarm goes into ALARM.',
          aws: ecs('DeploymentAlarms', 'enable'),
        }),
      ),
      rollback: z.boolean().describe(
        doc({
          text: 'Roll a deployment failed by an alarm back.',
          aws: ecs('DeploymentAlarms', 'rollback'),
        }),
      ),
    })
    .optional()
    .describe(doc({ text: 'CloudWatch alarms that fail a deployment.', aws: ecs('DeploymentAlarms') })),
  earlySuccessCriteria: modelMember('DeploymentConfiguration', 'earlySuccessCriteria'),
})

const targetTracking = z.strictObject({
  metric: z.enum(['cpu', 'memory', 'albRequestCount']).describe(
    doc({
      text: 'Metric to track: cpu (ECSServiceAverageCPUUtilization), memory (ECSServiceAverageMemoryUtilization) or albRequestCount (ALBRequestCountPerTarget).',
      aws: autoScaling('PredefinedMetricSpecification', 'PredefinedMetricType'),
    }),
  ),
  target: z
    .number()
    .positive()
    .describe(
      doc({
        text: 'Value of the metric to hold: percent for cpu and memory, requests per target per minute for albRequestCount.',
        aws: autoScaling('TargetTrackingScalingPolicyConfiguration', 'TargetValue'),
      }),
    ),
  resourceLabel: z
    .string()
    .optional()
    .describe(
      doc({
        text: 'Load balancer and target group of albRequestCount.',
        example: 'app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>',
        aws: autoScaling('PredefinedMetricSpecification', 'ResourceLabel'),
      }),
    ),
  scaleInCooldown: z
    .int()
    .min(0)
    .optional()
    .describe(
      doc({
        text: 'Seconds after a scale-in before the next one.',
        default: '300',
        aws: autoScaling('TargetTrackingScalingPolicyConfiguration', 'ScaleInCooldown'),
      }),
    ),
  scaleOutCooldown: z
    .int()
    .min(0)
    .optional()
    .describe(
      doc({
        text: 'Seconds after a scale-out before the next one.',
        default: '300',
        aws: autoScaling('TargetTrackingScalingPolicyConfiguration', 'ScaleOutCooldown'),
      }),
    ),
  disableScaleIn: z
    .boolean()
    .optional()
    .describe(
      doc({
        text: 'Let this policy only scale out.',
        default: 'false',
        aws: autoScaling('TargetTrackingScalingPolicyConfiguration', 'DisableScaleIn'),
      }),
    ),
})

const scheduledScaling = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(256)
    .describe(
      doc({
        text: 'Name of the scheduled action, unique per service, 1–256 characters.',
        aws: autoScaling('PutScheduledAction', 'ScheduledActionName'),
      }),
    ),
  schedule: z
    .string()
    .min(1)
    .describe(
      doc({
        text: 'When the action runs: cron(...) with 6 fields, at(...) or rate(...).',
        example: 'cron(0 6 27 11 ? 2026), at(2026-11-27T06:00:00)',
        aws: autoScaling('PutScheduledAction', 'Schedule'),
      }),
    ),
  timezone: z
    .string()
    .optional()
    .describe(
      doc({
        text: 'IANA time zone of the schedule.',
        default: 'UTC',
        aws: autoScaling('PutScheduledAction', 'Timezone'),
      }),
    ),
  minCapacity: z
    .int()
    .min(0)
    .optional()
    .describe(
      doc({
        text: 'New lower bound of the task count from then on.',
        aws: autoScaling('ScalableTargetAction', 'MinCapacity'),
      }),
    ),
  maxCapacity: z
    .int()
    .min(0)
    .optional()
    .describe(
      doc({
        text: 'New upper bound of the task count from then on.',
        aws: autoScaling('ScalableTargetAction', 'MaxCapacity'),
      }),
    ),
})

const autoscaling = z.strictObject({
  minCapacity: z
    .int()
    .min(0)
    .describe(
      doc({
        text: 'Fewest tasks the scaler may set.',
        aws: autoScaling('RegisterScalableTarget', 'MinCapacity'),
      }),
    ),
  maxCapacity: z
    .int()
    .min(0)
    .describe(
      doc({
        text: 'Most tasks the scaler may set.',
        aws: autoScaling('RegisterScalableTarget', 'MaxCapacity'),
      }),
    ),
  targetTracking: z
    .array(targetTracking)
    .optional()
    .describe(
      doc({
        text: 'Target-tracking policies; with several, the one asking for the most tasks wins.',
        aws: autoScaling('TargetTrackingScalingPolicyConfiguration'),
      }),
    ),
  scheduled: z
    .array(scheduledScaling)
    .optional()
    .describe(
      doc({
        text: 'Scheduled changes of the bounds, e.g. to pre-scale for a known peak.',
        aws: autoScaling('PutScheduledAction'),
      }),
    ),
})

/** Not an ECS field: a one-off task ecs-reconciler runs itself (RunTask) before a new revision rolls out. */
const preDeployHook = z.strictObject({
  command: z
    .array(z.string())
    .min(1)
    .describe(
      doc({
        text: 'Command the hook task runs in place of the container command; exit 0 lets the rollout start.',
        example: '[./migrate, --up]',
        aws: ecs('ContainerOverride', 'command'),
      }),
    ),
  container: z
    .string()
    .min(1)
    .optional()
    .describe(
      doc({
        text: 'Container of the new revision that runs the command; its exit code decides.',
        default: 'the first essential container',
        aws: ecs('ContainerOverride', 'name'),
      }),
    ),
  timeout: z
    .string()
    .regex(/^\d+(ms|s|m|h)$/, 'a duration such as 90s, 10m or 1h')
    .optional()
    .describe(
      doc({
        text: 'How long the hook task may run; after that it is stopped and the rollout fails. No AWS counterpart.',
        default: '10m',
        example: '15m',
      }),
    ),
})

export const serviceSpec = z.strictObject({
  ...serviceApiMembers,
  cluster: z
    .string()
    .min(1)
    .optional()
    .describe(
      doc({
        text: 'Cluster the service runs in; it need not be declared, but must then exist.',
        default: 'the --cluster option (default "default")',
        aws: ecs('CreateService', 'cluster'),
      }),
    ),
  desiredCount: z
    .int()
    .min(0)
    .optional()
    .describe(
      doc({
        text: 'Number of tasks to keep running. Once autoscaling is set, it is only the starting count and never reverted.',
        default: '1',
        aws: ecs('CreateService', 'desiredCount'),
      }),
    ),
  taskDefinition: taskDefinitionSpec.describe(
    doc({
      text: "Content of the service's task definition; a new revision is registered only when it changes.",
      aws: ecs('RegisterTaskDefinition'),
    }),
  ),
  capacityProviderStrategy: z
    .array(capacityProviderStrategyItem)
    .max(20)
    .optional()
    .describe(
      doc({
        text: 'How tasks are spread over FARGATE and FARGATE_SPOT; not together with launchType.',
        default: "the cluster's defaultCapacityProviderStrategy",
        aws: ecs('CreateService', 'capacityProviderStrategy'),
      }),
    ),
  launchType: z
    .literal('FARGATE')
    .optional()
    .describe(
      doc({
        text: 'FARGATE, instead of a capacity-provider strategy.',
        aws: ecs('CreateService', 'launchType'),
      }),
    ),
  platformVersion: z
    .string()
    .regex(/^(LATEST|\d+\.\d+\.\d+)$/, 'LATEST or a version such as 1.4.0')
    .optional()
    .describe(
      doc({
        text: 'Fargate platform version: LATEST or a version; Service Connect needs 1.4.0 or newer.',
        default: 'LATEST',
        example: '1.4.0',
        aws: ecs('CreateService', 'platformVersion'),
      }),
    ),
  network: z
    .strictObject({
      subnets: z
        .array(z.string())
        .min(1)
        .max(16)
        .describe(doc({ text: 'Subnets of the tasks, 1–16.', aws: ecs('AwsVpcConfiguration', 'subnets') })),
      securityGroups: z
        .array(z.string())
        .max(5)
        .optional()
        .describe(
          doc({
            text: 'Security groups of the tasks, at most 5.',
            default: "the VPC's default security group",
            aws: ecs('AwsVpcConfiguration', 'securityGroups'),
          }),
        ),
      assignPublicIp: z
        .boolean()
        .optional()
        .describe(
          doc({
            text: 'Give each task a public IP (ENABLED/DISABLED in the API).',
            default: 'false',
            aws: ecs('AwsVpcConfiguration', 'assignPublicIp'),
          }),
        ),
    })
    .optional()
    .describe(
      doc({ text: 'The awsvpc network configuration of the tasks.', aws: ecs('AwsVpcConfiguration') }),
    ),
  loadBalancers: z
    .array(
      z.strictObject({
        targetGroupArn: arn.describe(
          doc({
            text: 'ARN of the target group the tasks register in.',
            aws: ecs('LoadBalancer', 'targetGroupArn'),
          }),
        ),
        containerName: z
          .string()
          .describe(
            doc({ text: 'Container that receives the traffic.', aws: ecs('LoadBalancer', 'containerName') }),
          ),
        containerPort: z
          .int()
          .min(1)
          .max(65535)
          .describe(doc({ text: 'Port of that container.', aws: ecs('LoadBalancer', 'containerPort') })),
      }),
    )
    .optional()
    .describe(doc({ text: "Target groups the service's tasks register in.", aws: ecs('LoadBalancer') })),
  healthCheckGracePeriodSeconds: z
    .int()
    .min(0)
    .max(2147483647)
    .optional()
    .describe(
      doc({
        text: 'Seconds after a task starts during which failed load-balancer health checks are ignored.',
        default: '0',
        aws: ecs('CreateService', 'healthCheckGracePeriodSeconds'),
      }),
    ),
  enableExecuteCommand: z
    .boolean()
    .optional()
    .describe(
      doc({
        text: 'Allow ECS Exec into the tasks; must be off for the FIS aws:ecs:task-* actions.',
        default: 'false',
        aws: ecs('CreateService', 'enableExecuteCommand'),
      }),
    ),
  propagateTags: z
    .enum(['SERVICE', 'TASK_DEFINITION', 'NONE'])
    .optional()
    .describe(
      doc({
        text: 'Copy tags from the service or the task definition to the tasks.',
        default: 'NONE',
        aws: ecs('CreateService', 'propagateTags'),
      }),
    ),
  tags: tagMap.optional().describe(
    doc({
      text: 'Tags on the service, as a map; ecs-reconciler adds its ownership tags.',
      aws: ecs('CreateService', 'tags'),
    }),
  ),
  deployment: deployment
    .optional()
    .describe(doc({ text: 'How a change rolls out.', aws: ecs('DeploymentConfiguration') })),
  serviceConnect: serviceConnect.optional().describe(
    doc({
      text: 'Service Connect: the namespace and the endpoints the service offers. Removing it turns Service Connect off.',
      aws: ecs('ServiceConnectConfiguration'),
    }),
  ),
  dependsOn: z
    .array(z.string())
    .optional()
    .describe(
      doc({
        text: 'Names of services that must be steady before this one changes. A Service Connect client already depends on every server of its namespace; listing some narrows that. No AWS counterpart.',
      }),
    ),
  drift: z
    .strictObject({
      ignore: z.array(z.string()).describe(
        doc({
          text: 'Field paths another owner manages: never reverted, shown as ignored in the plan.',
          example: '[tags.cost-center]',
        }),
      ),
    })
    .optional()
    .describe(doc({ text: 'How drift from the manifest is handled. No AWS counterpart.' })),
  hooks: z
    .strictObject({
      preDeploy: preDeployHook.optional().describe(
        doc({
          text: 'A one-off task of the NEW revision (a database migration, say) run once per revision before it rolls out; if it fails the running revision keeps serving. No AWS counterpart.',
        }),
      ),
    })
    .optional()
    .describe(doc({ text: 'Tasks ecs-reconciler runs around a rollout. No AWS counterpart.' })),
  autoscaling: autoscaling.optional().describe(
    doc({
      text: 'Application Auto Scaling of the desired count: a scalable target, target-tracking policies and scheduled actions.',
      aws: autoScaling('RegisterScalableTarget'),
    }),
  ),
})

export const serviceDocument = envelope('Service', serviceSpec, {
  text: 'One ECS service on Fargate and its task-definition family, with optional Service Connect and Application Auto Scaling.',
  aws: ecs('CreateService'),
})
export type ServiceSpec = z.infer<typeof serviceSpec>
export type ServiceConnectServiceSpec = z.infer<typeof serviceConnectService>
