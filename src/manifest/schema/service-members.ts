/**
 * @module Members of CreateService/UpdateService that `Service.spec` takes as the API spells them, made
 * from AWS's ECS model (src/aws-model), and the members it refuses with the reason: placement on
 * Fargate, the DAEMON strategy, controllers other than ECS, and request fields that are not desired state.
 */
import { z } from 'zod'
import { doc, ecs } from './doc.js'
import { modelMember, modelShape, refusedField, type FieldOverrides } from './from-model.js'

const API = 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/'
const GUIDE = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/'

/**
 * Members passed through to CreateService/UpdateService as written, read back and compared as ECS means
 * them. `service`: DescribeServices reports it on the service; `deployment`: on the PRIMARY deployment
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html); `revision`: only on
 * the service revision, read with DescribeServiceRevisions
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceRevision.html).
 */
export const PASSED_SERVICE_MEMBERS = {
  serviceRegistries: 'service',
  availabilityZoneRebalancing: 'service',
  enableECSManagedTags: 'service',
  deploymentController: 'service',
  volumeConfigurations: 'deployment',
  vpcLatticeConfigurations: 'deployment',
  monitoring: 'revision',
} as const

export type PassedServiceMember = keyof typeof PASSED_SERVICE_MEMBERS

/** "Each service may be associated with one service registry" (CreateService, serviceRegistries). */
const SERVICE_REGISTRIES_MAX = 1

/**
 * "The supported metric names are CPUUtilization and MemoryUtilization"; "The valid values are 20 and
 * 60" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_MetricConfiguration.html). The
 * model allows any name of 1 to 255 characters and any resolution from 20 to 60.
 */
export const MONITORED_METRICS = ['CPUUtilization', 'MemoryUtilization'] as const
export const METRIC_RESOLUTIONS = [20, 60] as const

const METRIC_CONFIGURATION_OVERRIDES: FieldOverrides = {
  'MetricConfiguration.metricNames': modelShape('MetricNamesList').refine(
    (names) => (names as string[]).every((n) => (MONITORED_METRICS as readonly string[]).includes(n)),
    `the supported metric names are ${MONITORED_METRICS.join(' and ')} (${API}API_MetricConfiguration.html)`,
  ),
  'MetricConfiguration.resolutionSeconds': modelShape('MetricResolutionSeconds').refine(
    (s) => (METRIC_RESOLUTIONS as readonly number[]).includes(s as number),
    `the valid resolutions are ${METRIC_RESOLUTIONS.join(' and ')} seconds (${API}API_MetricConfiguration.html)`,
  ),
}

/** Each metric's names across the configurations: a name given twice would ask for two resolutions. */
const noMetricTwice = (configs: unknown): boolean => {
  const names = (configs as { metricNames: string[] }[]).flatMap((c) => c.metricNames)
  return new Set(names).size === names.length
}

const OVERRIDES: FieldOverrides = {
  'MonitoringConfiguration.metricConfigurations': modelShape(
    'MetricConfigurationList',
    METRIC_CONFIGURATION_OVERRIDES,
  ).refine(
    noMetricTwice,
    'a metric is named in more than one metric configuration: give each metric one resolution',
  ),
  'CreateServiceRequest.serviceRegistries': z
    .array(modelShape('ServiceRegistry'))
    .max(SERVICE_REGISTRIES_MAX, `a service has at most one service registry (${API}API_CreateService.html)`),
  // The model's documentation: "The magnetic volume type is not supported on Fargate."
  'ServiceManagedEBSVolumeConfiguration.volumeType': z
    .string()
    .refine(
      (t) => t !== 'standard',
      `the magnetic volume type (standard) is not supported on Fargate (${API}API_ServiceManagedEBSVolumeConfiguration.html)`,
    ),
  'CreateServiceRequest.deploymentController': z.strictObject({
    type: z
      .string()
      .refine(
        (t) => t === 'ECS',
        `ecs-reconciler deploys through the ECS deployment controller only; CODE_DEPLOY and EXTERNAL deployments are driven outside ECS (${GUIDE}deployment-types.html)`,
      )
      .describe(doc({ text: 'Always ECS.', default: 'ECS', aws: ecs('DeploymentController', 'type') })),
  }),
}

const passed = Object.fromEntries(
  Object.keys(PASSED_SERVICE_MEMBERS).map((m) => [m, modelMember('CreateServiceRequest', m, OVERRIDES)]),
) as Record<PassedServiceMember, z.ZodType>

const refused = (member: string, reason: string): z.ZodType =>
  refusedField(`${member}: ${reason}`).describe(doc({ text: `Not accepted: ${reason}.` }))

/** CreateService/UpdateService members a Service manifest does not take, each with the reason. */
const REFUSED_SERVICE_MEMBERS = {
  placementConstraints: refused(
    'placementConstraints',
    `task placement constraints are not supported on Fargate (${GUIDE}task-placement.html)`,
  ),
  placementStrategy: refused(
    'placementStrategy',
    `task placement strategies are not supported on Fargate (${GUIDE}task-placement.html)`,
  ),
  serviceName: refused('serviceName', 'the service is named by metadata.name'),
  clientToken: refused(
    'clientToken',
    'not desired state: ecs-reconciler derives the idempotency token of each CreateService itself',
  ),
  forceNewDeployment: refused(
    'forceNewDeployment',
    'not desired state: a one-off request to redeploy, not a setting',
  ),
  role: refused(
    'role',
    `not used with the awsvpc network mode, where ECS uses its service-linked role (${API}API_CreateService.html)`,
  ),
  gatewayConnectors: refused(
    'gatewayConnectors',
    'not supported: the AWS SDK for JavaScript line ecs-reconciler pins (the last to run on Node 20) does not send it, so CreateService/UpdateService would drop it silently',
  ),
}

const schedulingStrategy = z
  .string()
  .refine(
    (s) => s === 'REPLICA',
    `Fargate tasks do not support the DAEMON scheduling strategy; REPLICA is the only one (${API}API_CreateService.html)`,
  )
  .optional()
  .describe(
    doc({
      text: 'Always REPLICA: Fargate does not support DAEMON.',
      default: 'REPLICA',
      aws: ecs('CreateService', 'schedulingStrategy'),
    }),
  )

/** The members spread into `Service.spec`. */
export const serviceApiMembers = { ...passed, ...REFUSED_SERVICE_MEMBERS, schedulingStrategy }
