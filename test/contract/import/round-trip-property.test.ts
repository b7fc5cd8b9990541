/**
 * Property: any live service within what the manifests can express, created outside the tool, imports
 * into manifests that validate and plan with nothing but `adopt` (ownership tags) — no setting shows as
 * a change, whatever mix of defaults, maps, Service Connect roles, capacity and scaling it has.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { Cloud, ContainerDefinition, CreateServiceInput } from '../../../src/cloud/ports/index.js'
import { readLiveSystem } from '../../../src/import/live.js'
import { renderImport } from '../../../src/import/render-import.js'
import { validateFiles } from '../../../src/manifest/validate.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { planPass } from '../../../src/reconciler/pass.js'
import { until } from '../../support/poll.js'

const NAMESPACE = 'prop-ns'
const OPTIONS = {
  instance: 'ecs-reconciler',
  revision: 'r1',
  prune: false,
  adopt: true,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}

let server: LocalCloud
let cloud: Cloud

beforeAll(async () => {
  // Consistent reads: each run builds a service and imports it at once; what is checked is the
  // rendering round trip, not eventual consistency (round-trip.test.ts runs with the suite's lag).
  server = await startLocalCloud({
    timing: { taskStartSeconds: 0.05, drainSeconds: 0.05, namespaceCreateSeconds: 0 },
    consistencyLagMs: 0,
  })
  cloud = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
  const { operationId } = await cloud.writers!.cloudMap.createHttpNamespace(NAMESPACE, undefined, {})
  await until('the namespace to be created', async () =>
    (await cloud.readers.cloudMap.getOperation(operationId)).status === 'SUCCESS' ? true : undefined,
  )
})

afterAll(async () => {
  cloud.close()
  await server.close()
})

const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined })
const envName = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,7}$/)
const tagText = fc.stringMatching(/^[a-z0-9 ._-]{0,10}$/)

const sizes = fc.constantFrom(['256', '512'], ['512', '1024'], ['1024', '2048'], ['2048', '4096'])

const liveService = fc.record({
  size: sizes,
  image: fc.constantFrom('public.ecr.aws/x/app:1', 'nginx:1.27', 'ghcr.io/x/y@sha256:abc'),
  essential: opt(fc.boolean()),
  port: opt(
    fc.record({
      containerPort: fc.integer({ min: 1024, max: 9000 }),
      appProtocol: opt(fc.constantFrom('http' as const, 'http2' as const, 'grpc' as const)),
    }),
  ),
  environment: fc.dictionary(envName, fc.string({ maxLength: 12 }), { maxKeys: 4 }),
  secrets: fc.dictionary(
    envName,
    fc.constantFrom(
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:a-AbC',
      'arn:aws:ssm:us-east-1:123456789012:parameter/p',
    ),
    { maxKeys: 2 },
  ),
  command: opt(fc.array(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 })),
  healthInterval: opt(fc.integer({ min: 5, max: 300 })),
  readonlyRoot: opt(fc.boolean()),
  arm: opt(fc.constantFrom('ARM64', 'X86_64')),
  desiredCount: fc.integer({ min: 0, max: 5 }),
  capacity: fc.oneof(
    fc.constant(undefined),
    fc.constant('FARGATE' as const),
    fc.record({
      fargate: fc.integer({ min: 0, max: 3 }),
      spot: fc.integer({ min: 1, max: 3 }),
      base: fc.integer({ min: 0, max: 2 }),
    }),
  ),
  platformVersion: opt(fc.constantFrom('LATEST', '1.4.0')),
  publicIp: opt(fc.boolean()),
  securityGroups: opt(
    fc.constantFrom(['sg-0123456789abcdef0'], ['sg-0123456789abcdef1', 'sg-0123456789abcdef0']),
  ),
  grace: opt(fc.integer({ min: 0, max: 120 })),
  exec: opt(fc.boolean()),
  propagateTags: opt(fc.constantFrom('SERVICE', 'NONE', 'TASK_DEFINITION')),
  maximumPercent: opt(fc.integer({ min: 150, max: 200 })),
  minimumHealthyPercent: opt(fc.integer({ min: 0, max: 100 })),
  breaker: opt(fc.boolean()),
  serviceConnect: fc.constantFrom('none', 'client', 'server'),
  discoveryName: opt(fc.constantFrom('alpha', 'beta')),
  alias: opt(
    fc.record({
      port: fc.integer({ min: 1, max: 9000 }),
      dnsName: opt(fc.constantFrom('svc.internal', 'other')),
    }),
  ),
  scaling: opt(
    fc.record({
      min: fc.integer({ min: 0, max: 2 }),
      extra: fc.integer({ min: 0, max: 8 }),
      metric: opt(
        fc.constantFrom(
          ['cpu', 'ECSServiceAverageCPUUtilization'] as const,
          ['memory', 'ECSServiceAverageMemoryUtilization'] as const,
        ),
      ),
      target: fc.integer({ min: 10, max: 90 }),
      scaleInCooldown: opt(fc.integer({ min: 0, max: 600 })),
      scheduled: opt(fc.constantFrom('UTC', 'Asia/Seoul')),
    }),
  ),
  tags: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,9}$/), tagText, { maxKeys: 3 }),
})

type LiveSpec = typeof liveService extends fc.Arbitrary<infer T> ? T : never

let run = 0

async function create(spec: LiveSpec, cluster: string): Promise<void> {
  const w = cloud.writers!
  // A service that states no capacity runs on the cluster's default strategy (with none, ECS would use EC2).
  await w.ecs.createCluster({
    name: cluster,
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    ...(spec.capacity === undefined
      ? { defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] }
      : {}),
  })
  // A server always has a client alias here: a manifest cannot say "none" (it renders the default alias),
  // and import reports a live server without one as left out.
  // Every run shares one namespace, where discovery names are unique: the port name (the default discovery name) carries the run.
  const server = spec.serviceConnect === 'server' && spec.port !== undefined
  const container: ContainerDefinition = {
    name: 'app',
    image: spec.image,
    ...(spec.essential !== undefined ? { essential: spec.essential || true } : {}),
    ...(spec.port
      ? {
          portMappings: [
            {
              name: `http${run}`,
              containerPort: spec.port.containerPort,
              ...(spec.port.appProtocol ? { appProtocol: spec.port.appProtocol } : {}),
            },
          ],
        }
      : {}),
    environment: Object.entries(spec.environment).map(([name, value]) => ({ name, value })),
    secrets: Object.entries(spec.secrets).map(([name, valueFrom]) => ({ name, valueFrom })),
    ...(spec.command ? { command: spec.command } : {}),
    ...(spec.healthInterval
      ? { healthCheck: { command: ['CMD-SHELL', 'true'], interval: spec.healthInterval } }
      : {}),
    ...(spec.readonlyRoot !== undefined ? { readonlyRootFilesystem: spec.readonlyRoot } : {}),
  }
  const td = await w.ecs.registerTaskDefinition(
    {
      family: `svc-${run}`,
      cpu: spec.size[0],
      memory: spec.size[1],
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      ...(spec.arm ? { runtimePlatform: { cpuArchitecture: spec.arm, operatingSystemFamily: 'LINUX' } } : {}),
      containerDefinitions: [container],
    },
    {},
  )
  const capacity: Partial<CreateServiceInput> =
    spec.capacity === undefined
      ? {}
      : spec.capacity === 'FARGATE'
        ? { launchType: 'FARGATE' }
        : {
            capacityProviderStrategy: [
              { capacityProvider: 'FARGATE', weight: spec.capacity.fargate, base: spec.capacity.base },
              { capacityProvider: 'FARGATE_SPOT', weight: spec.capacity.spot },
            ],
          }
  const input: CreateServiceInput = {
    cluster,
    serviceName: 'svc',
    taskDefinition: td.arn,
    desiredCount: spec.desiredCount,
    ...capacity,
    ...(spec.platformVersion ? { platformVersion: spec.platformVersion } : {}),
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: ['subnet-0a1b2c3d4e5f60001'],
        ...(spec.securityGroups ? { securityGroups: [...spec.securityGroups] } : {}),
        ...(spec.publicIp !== undefined ? { assignPublicIp: spec.publicIp ? 'ENABLED' : 'DISABLED' } : {}),
      },
    },
    ...(spec.grace !== undefined ? { healthCheckGracePeriodSeconds: spec.grace } : {}),
    ...(spec.exec !== undefined ? { enableExecuteCommand: spec.exec } : {}),
    ...(spec.propagateTags ? { propagateTags: spec.propagateTags } : {}),
    deploymentConfiguration: {
      ...(spec.maximumPercent !== undefined ? { maximumPercent: spec.maximumPercent } : {}),
      ...(spec.minimumHealthyPercent !== undefined
        ? { minimumHealthyPercent: spec.minimumHealthyPercent }
        : {}),
      ...(spec.breaker !== undefined
        ? { deploymentCircuitBreaker: { enable: spec.breaker, rollback: spec.breaker } }
        : {}),
    },
    ...(spec.serviceConnect === 'none'
      ? {}
      : {
          serviceConnectConfiguration: {
            enabled: true,
            namespace: NAMESPACE,
            ...(server
              ? {
                  services: [
                    {
                      portName: `http${run}`,
                      ...(spec.discoveryName ? { discoveryName: `${spec.discoveryName}${run}` } : {}),
                      clientAliases: [
                        spec.alias
                          ? {
                              port: spec.alias.port,
                              ...(spec.alias.dnsName ? { dnsName: `${spec.alias.dnsName}${run}` } : {}),
                            }
                          : { port: spec.port!.containerPort },
                      ],
                    },
                  ],
                }
              : {}),
          },
        }),
    tags: spec.tags,
  }
  await w.ecs.createService(input)
  if (spec.scaling) {
    const resourceId = `service/${cluster}/svc`
    await w.scaling.registerScalableTarget(
      { resourceId, minCapacity: spec.scaling.min, maxCapacity: spec.scaling.min + spec.scaling.extra },
      {},
    )
    if (spec.scaling.metric) {
      await w.scaling.putTargetTrackingPolicy(resourceId, {
        policyName: `svc-${spec.scaling.metric[0]}`,
        targetValue: spec.scaling.target,
        predefinedMetricType: spec.scaling.metric[1],
        ...(spec.scaling.scaleInCooldown !== undefined
          ? { scaleInCooldown: spec.scaling.scaleInCooldown }
          : {}),
      })
    }
    if (spec.scaling.scheduled) {
      await w.scaling.putScheduledAction(resourceId, {
        name: 'peak',
        schedule: 'cron(0 8 * * ? *)',
        timezone: spec.scaling.scheduled,
        minCapacity: spec.scaling.min + 1,
      })
    }
  }
}

describe('import round trip, property', () => {
  it('a random unmanaged service imports into manifests that plan with only adopt actions', async () => {
    await fc.assert(
      fc.asyncProperty(liveService, async (spec) => {
        run += 1
        const cluster = `prop-${run}`
        await create(spec, cluster)
        const live = await readLiveSystem(cloud.readers, { clusters: [cluster], includeChaos: false })
        const imported = renderImport(live, { namespaces: [], includeChaos: false, source: 'test' })
        expect(imported.leftOut).toEqual([])
        const result = validateFiles(imported.files.map((f) => ({ file: f.path, text: f.text })))
        expect(
          result.issues.filter((i) => i.severity === 'error'),
          imported.files.map((f) => f.text).join('\n---\n'),
        ).toEqual([])
        const { plan } = await planPass(result.set, result.graph, cloud.readers, OPTIONS)
        const notAdopt = plan.actions.filter((a) => a.action !== 'adopt' && a.action !== 'noop')
        expect(
          notAdopt.map((a) => `${a.action} ${a.id}: ${JSON.stringify(a.diff)}`),
          imported.files.map((f) => f.text).join('\n---\n'),
        ).toEqual([])
        expect(plan.actions.find((a) => a.id === `Service/${cluster}/svc`)?.action).toBe('adopt')
      }),
      { numRuns: 20 },
    )
  }, 120_000)
})
