/**
 * The service normaliser on its own, as a table: each row is a pair of states that must compare
 * equal (what ECS fills in or reorders, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html) or differ (a real change).
 */
import { describe, expect, it } from 'vitest'
import type {
  ContainerDefinition,
  ServiceSettings,
  TaskDefinitionContent,
} from '../../../src/cloud/ports/index.js'
import {
  serviceView,
  type NormaliseContext,
  type ServiceState,
} from '../../../src/reconciler/kinds/service/normalise.js'

const NAMESPACE_ARN = 'arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-shop'
const CTX: NormaliseContext = {
  namespaceName: (ref) => (ref === NAMESPACE_ARN ? 'shop' : ref),
  autoscaled: false,
}

const app: ContainerDefinition = { name: 'app', image: 'public.ecr.aws/shop/api:1.0.0' }
const td = (over: Partial<TaskDefinitionContent> = {}, container: Partial<ContainerDefinition> = {}) => ({
  family: 'api',
  cpu: '512',
  memory: '1024',
  containerDefinitions: [{ ...app, ...container }],
  ...over,
})
const state = (settings: ServiceSettings = {}, taskDefinition = td(), tags = {}): ServiceState => ({
  taskDefinition,
  settings: { desiredCount: 2, ...settings },
  tags,
  scaling: undefined,
})
const subnets = (ids: string[]) => ({ awsvpcConfiguration: { subnets: ids } })

const EQUAL: readonly [string, ServiceState, ServiceState, Partial<NormaliseContext>?][] = [
  [
    '"1 vCPU" / "2 GB" and integer strings',
    state({}, td({ cpu: '1 vCPU', memory: '2 GB' })),
    state({}, td({ cpu: '1024', memory: '2048' })),
  ],
  ['container essential and cpu left to ECS', state(), state({}, td({}, { essential: true, cpu: 0 }))],
  [
    'hostPort and protocol filled in for awsvpc',
    state({}, td({}, { portMappings: [{ name: 'http', containerPort: 8080 }] })),
    state(
      {},
      td({}, { portMappings: [{ name: 'http', containerPort: 8080, hostPort: 8080, protocol: 'tcp' }] }),
    ),
  ],
  [
    'protocol filled in for a port range, and a hostPort ECS may report for it',
    state({}, td({}, { portMappings: [{ containerPortRange: '8000-8010' }] })),
    state(
      {},
      td({}, { portMappings: [{ containerPortRange: '8000-8010', hostPort: 8000, protocol: 'tcp' }] }),
    ),
  ],
  [
    'environment in another order',
    state(
      {},
      td(
        {},
        {
          environment: [
            { name: 'A', value: '1' },
            { name: 'B', value: '2' },
          ],
        },
      ),
    ),
    state(
      {},
      td(
        {},
        {
          environment: [
            { name: 'B', value: '2' },
            { name: 'A', value: '1' },
          ],
        },
      ),
    ),
  ],
  ['empty lists and unset lists', state({}, td({}, { command: [], environment: [] })), state()],
  [
    'subnets in another order',
    state({ networkConfiguration: subnets(['subnet-b', 'subnet-a']) }),
    state({ networkConfiguration: subnets(['subnet-a', 'subnet-b']) }),
  ],
  [
    'deployment defaults filled in',
    state(),
    state({
      platformVersion: 'LATEST',
      launchType: 'FARGATE',
      propagateTags: 'NONE',
      enableExecuteCommand: false,
      healthCheckGracePeriodSeconds: 0,
      deploymentConfiguration: {
        maximumPercent: 200,
        minimumHealthyPercent: 100,
        deploymentCircuitBreaker: { enable: false, rollback: false },
      },
    }),
  ],
  [
    'namespace by name and by ARN',
    state({
      serviceConnectConfiguration: { enabled: true, namespace: 'shop', services: [{ portName: 'http' }] },
    }),
    state({
      serviceConnectConfiguration: {
        enabled: true,
        namespace: NAMESPACE_ARN,
        services: [{ portName: 'http', discoveryName: 'http' }],
      },
    }),
  ],
  [
    'desiredCount under autoscaling belongs to the scaler',
    state({ desiredCount: 2 }),
    state({ desiredCount: 7 }),
    { autoscaled: true },
  ],
]

const DIFFERENT: readonly [string, ServiceState, ServiceState][] = [
  [
    'another port range',
    state({}, td({}, { portMappings: [{ containerPortRange: '8000-8010' }] })),
    state({}, td({}, { portMappings: [{ containerPortRange: '8000-8020' }] })),
  ],
  [
    'a range instead of its first port',
    state({}, td({}, { portMappings: [{ containerPort: 8000 }] })),
    state({}, td({}, { portMappings: [{ containerPortRange: '8000-8010' }] })),
  ],
  ['another image', state(), state({}, td({}, { image: 'public.ecr.aws/shop/api:1.0.1' }))],
  ['another task size', state(), state({}, td({ cpu: '1024', memory: '2048' }))],
  [
    'another environment value',
    state({}, td({}, { environment: [{ name: 'A', value: '1' }] })),
    state({}, td({}, { environment: [{ name: 'A', value: '2' }] })),
  ],
  ['another desired count', state({ desiredCount: 2 }), state({ desiredCount: 3 })],
  [
    'another subnet',
    state({ networkConfiguration: subnets(['subnet-a']) }),
    state({ networkConfiguration: subnets(['subnet-c']) }),
  ],
  [
    'circuit breaker turned on',
    state(),
    state({ deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } }),
  ],
  ['a tag', state(), state({}, td(), { team: 'shop' })],
]

describe('service normaliser', () => {
  it.each(EQUAL)('equal: %s', (_name, a, b, ctx) => {
    expect(serviceView(a, { ...CTX, ...ctx })).toEqual(serviceView(b, { ...CTX, ...ctx }))
  })
  it.each(DIFFERENT)('different: %s', (_name, a, b) => {
    expect(serviceView(a, CTX)).not.toEqual(serviceView(b, CTX))
  })
})
