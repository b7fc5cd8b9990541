/** A small system built straight through the cloud writers, as the console or Terraform would: no ecs-reconciler tags. */
import type { Cloud } from '../../../src/cloud/ports/index.js'

const ACCOUNT_ROLE = 'arn:aws:iam::123456789012:role/legacy-exec'

async function waitFor(cloud: Cloud, operationId: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const op = await cloud.readers.cloudMap.getOperation(operationId)
    if (op.status === 'SUCCESS') return
    if (op.status === 'FAIL') throw new Error(op.errorMessage ?? 'namespace creation failed')
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error('namespace creation did not finish')
}

/** A cluster with a default namespace, a Service Connect server `api` and an autoscaled client `web`. */
export async function createUnmanagedSystem(cloud: Cloud, cluster: string, namespace: string): Promise<void> {
  const w = cloud.writers!
  await waitFor(
    cloud,
    (await w.cloudMap.createHttpNamespace(namespace, 'made by hand', { owner: 'legacy' })).operationId,
  )
  await w.ecs.createCluster({
    name: cluster,
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
    serviceConnectDefaultsNamespace: namespace,
    tags: { owner: 'legacy' },
  })
  const network = {
    awsvpcConfiguration: {
      subnets: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
      securityGroups: ['sg-0123456789abcdef0'],
      assignPublicIp: 'DISABLED' as const,
    },
  }
  const api = await w.ecs.registerTaskDefinition(
    {
      family: 'legacy-api',
      cpu: '256',
      memory: '512',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      executionRoleArn: ACCOUNT_ROLE,
      containerDefinitions: [
        {
          name: 'app',
          image: 'public.ecr.aws/legacy/api:3',
          portMappings: [{ name: 'http', containerPort: 8080, appProtocol: 'http' }],
          environment: [{ name: 'MODE', value: 'prod' }],
          secrets: [
            { name: 'TOKEN', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/legacy/token' },
          ],
          healthCheck: { command: ['CMD-SHELL', 'true'], interval: 15 },
        },
      ],
    },
    {},
  )
  await w.ecs.createService({
    cluster,
    serviceName: 'api',
    taskDefinition: api.arn,
    desiredCount: 2,
    launchType: 'FARGATE',
    networkConfiguration: network,
    deploymentConfiguration: {
      maximumPercent: 150,
      minimumHealthyPercent: 50,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    },
    serviceConnectConfiguration: {
      enabled: true,
      namespace,
      services: [
        { portName: 'http', discoveryName: 'api', clientAliases: [{ port: 80, dnsName: 'api.internal' }] },
      ],
    },
    tags: { team: 'legacy' },
  })
  const web = await w.ecs.registerTaskDefinition(
    {
      family: 'web',
      cpu: '512',
      memory: '1024',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      containerDefinitions: [
        { name: 'web', image: 'public.ecr.aws/legacy/web:7', portMappings: [{ containerPort: 3000 }] },
      ],
    },
    {},
  )
  await w.ecs.createService({
    cluster,
    serviceName: 'web',
    taskDefinition: web.arn,
    desiredCount: 2,
    capacityProviderStrategy: [
      { capacityProvider: 'FARGATE_SPOT', weight: 2 },
      { capacityProvider: 'FARGATE', weight: 1, base: 1 },
    ],
    networkConfiguration: network,
    enableExecuteCommand: true,
    serviceConnectConfiguration: { enabled: true, namespace },
    tags: {},
  })
  const resourceId = `service/${cluster}/web`
  await w.scaling.registerScalableTarget({ resourceId, minCapacity: 2, maxCapacity: 6 }, {})
  await w.scaling.putTargetTrackingPolicy(resourceId, {
    policyName: 'web-memory',
    targetValue: 70,
    predefinedMetricType: 'ECSServiceAverageMemoryUtilization',
    scaleOutCooldown: 60,
  })
  await w.scaling.putScheduledAction(resourceId, {
    name: 'night',
    schedule: 'cron(0 22 * * ? *)',
    timezone: 'Europe/Paris',
    minCapacity: 1,
    maxCapacity: 2,
  })
}
