/**
 * What `import` cannot write is never dropped silently: it becomes a comment in the
 * service's file and an entry in the list the command prints. Values equal to the normaliser's
 * defaults are left out.
 */
import { parseDocument } from 'yaml'
import { describe, expect, it } from 'vitest'
import type { ActualService, ActualTaskDefinition, ScalingState } from '../../../src/cloud/ports/index.js'
import type { LiveSystem } from '../../../src/import/live.js'
import { renderImport } from '../../../src/import/render-import.js'
import { validateFiles } from '../../../src/manifest/validate.js'

const CLUSTER_ARN = 'arn:aws:ecs:us-east-1:123456789012:cluster/c1'

function taskDefinition(overrides: Partial<ActualTaskDefinition> = {}): ActualTaskDefinition {
  return {
    arn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:3',
    revision: 3,
    status: 'ACTIVE',
    tags: {},
    family: 'api',
    cpu: '256',
    memory: '512',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    containerDefinitions: [
      {
        name: 'app',
        image: 'nginx:1',
        essential: true,
        cpu: 0,
        portMappings: [{ name: 'http', containerPort: 80, hostPort: 80, protocol: 'tcp' }],
        healthCheck: { command: ['CMD', 'true'], interval: 30, timeout: 5, retries: 3, startPeriod: 0 },
      },
    ],
    ...overrides,
  }
}

function service(overrides: Partial<ActualService> = {}): ActualService {
  return {
    arn: `arn:aws:ecs:us-east-1:123456789012:service/c1/api`,
    name: 'api',
    clusterArn: CLUSTER_ARN,
    status: 'ACTIVE',
    taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:3',
    desiredCount: 1,
    runningCount: 1,
    pendingCount: 0,
    launchType: 'FARGATE',
    platformVersion: 'LATEST',
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'], assignPublicIp: 'DISABLED' } },
    healthCheckGracePeriodSeconds: 0,
    enableExecuteCommand: false,
    propagateTags: 'NONE',
    deploymentConfiguration: {
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      deploymentCircuitBreaker: { enable: false, rollback: false },
    },
    deployments: [
      {
        id: 'd1',
        status: 'PRIMARY',
        taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:3',
        desiredCount: 1,
        runningCount: 1,
        pendingCount: 0,
        failedTasks: 0,
      },
    ],
    tags: { 'ecs-reconciler:managed-by': 'someone', team: 'a' },
    ...overrides,
  }
}

function system(s: ActualService, td: ActualTaskDefinition, scaling?: ScalingState): LiveSystem {
  return {
    clusters: [
      {
        arn: CLUSTER_ARN,
        name: 'c1',
        status: 'ACTIVE',
        capacityProviders: [],
        defaultCapacityProviderStrategy: [],
        activeServicesCount: 1,
        tags: {},
      },
    ],
    namespaces: [],
    experimentTemplates: [],
    services: [{ service: s, taskDefinition: td, scaling }],
  }
}

const serviceFile = (files: { path: string; text: string }[]) =>
  files.find((f) => f.path === 'api.yaml')?.text ?? ''

describe('import rendering', () => {
  it('a service at every default renders as the few lines a person would write', () => {
    const result = renderImport(system(service(), taskDefinition()), {
      namespaces: [],
      includeChaos: false,
      source: 'test',
    })
    const spec = parseDocument(serviceFile(result.files)).toJS().spec
    expect(spec).toEqual({
      cluster: 'c1',
      desiredCount: 1,
      taskDefinition: {
        cpu: 256,
        memory: 512,
        containers: [
          {
            name: 'app',
            image: 'nginx:1',
            portMappings: [{ name: 'http', containerPort: 80 }],
            healthCheck: { command: ['CMD', 'true'] },
          },
        ],
      },
      launchType: 'FARGATE',
      network: { subnets: ['subnet-1'] },
      tags: { team: 'a' },
    })
    expect(result.leftOut).toEqual([])
  })

  it('the family is left out when it is the service name', () => {
    const result = renderImport(system(service(), taskDefinition({ family: 'api-x' })), {
      namespaces: [],
      includeChaos: false,
      source: 'test',
    })
    expect(parseDocument(serviceFile(result.files)).toJS().spec.taskDefinition.family).toBe('api-x')
    const same = renderImport(system(service({ name: 'api' }), taskDefinition({ family: 'api' })), {
      namespaces: [],
      includeChaos: false,
      source: 'test',
    })
    expect(same.files.map((f) => f.text).join()).not.toContain('family:')
  })

  it('writes a port range as the manifests spell it, without the host port ECS fills in, and it validates', () => {
    const td = taskDefinition({
      containerDefinitions: [
        {
          name: 'app',
          image: 'nginx:1',
          portMappings: [
            { containerPortRange: '8000-8010', hostPort: 8000, protocol: 'tcp' },
            { name: 'http', containerPort: 80, hostPort: 80, protocol: 'tcp' },
          ],
        },
      ],
    })
    const result = renderImport(system(service(), td), {
      namespaces: [],
      includeChaos: false,
      source: 'test',
    })
    expect(result.leftOut).toEqual([])
    const text = serviceFile(result.files)
    const spec = (
      parseDocument(text).toJS() as { spec: { taskDefinition: { containers: { portMappings: unknown }[] } } }
    ).spec
    expect(spec.taskDefinition.containers[0]?.portMappings).toEqual([
      { containerPortRange: '8000-8010' },
      { name: 'http', containerPort: 80 },
    ])
    expect(validateFiles([{ file: 'api.yaml', text }]).issues.filter((i) => i.severity === 'error')).toEqual(
      [],
    )
  })

  it('what the manifests cannot say is a comment in the file and an entry in the list, never dropped silently', () => {
    const td = taskDefinition({
      containerDefinitions: [
        {
          name: 'app',
          image: 'nginx:1',
          portMappings: [{ containerPort: 80, hostPort: 8080 }],
          links: ['db'],
          logConfiguration: { logDriver: 'json-file', options: { 'max-size': '10m' } },
        },
      ],
    })
    const scaling: ScalingState = {
      target: { resourceId: 'service/c1/api', minCapacity: 1, maxCapacity: 4 },
      policies: [
        {
          policyName: 'cpu-scaling',
          targetValue: 50,
          predefinedMetricType: 'ECSServiceAverageCPUUtilization',
        },
      ],
      scheduledActions: [],
    }
    const result = renderImport(system(service(), td, scaling), {
      namespaces: [],
      includeChaos: false,
      source: 'test',
    })
    expect(result.leftOut.map((l) => `${l.resource} ${l.field}`)).toEqual([
      'Service c1/api containers.app.portMappings.80.hostPort',
      'Service c1/api taskDefinition.containers[0].links',
      'Service c1/api taskDefinition.containers[0].logConfiguration',
      'Service c1/api scalingPolicies.cpu-scaling.policyName',
    ])
    const text = serviceFile(result.files)
    expect(text).toMatch(/^# Left out/m)
    expect(text).toMatch(/^# {3}taskDefinition\.containers\[0\]\.links: not supported on Fargate/m)
    expect(text).toMatch(
      /^# {3}taskDefinition\.containers\[0\]\.logConfiguration: log driver json-file: Fargate supports/m,
    )
    expect(validateFiles([{ file: 'api.yaml', text }]).ok).toBe(true)
  })

  it('renders every member the live task definition has, leaving out what ECS echoes by default', () => {
    const td = taskDefinition({
      volumes: [
        { name: 'scratch', host: {} },
        {
          name: 'data',
          efsVolumeConfiguration: {
            fileSystemId: 'fs-1',
            rootDirectory: '/',
            transitEncryption: 'ENABLED',
            transitEncryptionPort: 2999,
          },
        },
      ],
      proxyConfiguration: { type: 'APPMESH', containerName: 'app', properties: [] },
      containerDefinitions: [
        {
          name: 'app',
          image: 'nginx:1',
          portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp', appProtocol: '' }],
          secrets: [{ name: 'TOKEN', valueFrom: '/prod/token' }],
          mountPoints: [{ sourceVolume: 'data', containerPath: '/data', readOnly: false }],
          volumesFrom: [],
          ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 2048 }],
          linuxParameters: { initProcessEnabled: true, capabilities: { add: [], drop: [] } },
          firelensConfiguration: { type: 'fluentbit', options: { 'enable-ecs-log-metadata': 'true' } },
          systemControls: [],
        },
      ],
    })
    const result = renderImport(system(service(), td), {
      namespaces: [],
      includeChaos: false,
      source: 'test',
    })
    expect(result.leftOut).toEqual([])
    const text = serviceFile(result.files)
    const spec = (parseDocument(text).toJS() as { spec: { taskDefinition: Record<string, unknown> } }).spec
    expect(spec.taskDefinition['volumes']).toEqual([
      { name: 'scratch' },
      {
        name: 'data',
        efsVolumeConfiguration: {
          fileSystemId: 'fs-1',
          transitEncryption: 'ENABLED',
          transitEncryptionPort: 2999,
        },
      },
    ])
    expect(spec.taskDefinition['proxyConfiguration']).toEqual({ type: 'APPMESH', containerName: 'app' })
    expect(spec.taskDefinition['containers']).toEqual([
      {
        name: 'app',
        image: 'nginx:1',
        portMappings: [{ containerPort: 80 }],
        secrets: { TOKEN: '/prod/token' },
        mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }],
        ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 2048 }],
        linuxParameters: { initProcessEnabled: true },
        firelensConfiguration: { type: 'fluentbit', options: { 'enable-ecs-log-metadata': 'true' } },
      },
    ])
    expect(validateFiles([{ file: 'api.yaml', text }]).ok).toBe(true)
  })

  it('a service that is not a Fargate one keeps its capacity out and says so', () => {
    const result = renderImport(system(service({ launchType: 'EC2' }), taskDefinition()), {
      namespaces: [],
      includeChaos: false,
      source: 'test',
    })
    expect(result.leftOut.map((l) => l.field)).toEqual(['launchType'])
    expect(serviceFile(result.files)).not.toMatch(/^\s+launchType:/m)
  })

  it('a name that is not a DNS label is not imported, and the reason is given', () => {
    const result = renderImport(system(service({ name: 'My_Service' }), taskDefinition()), {
      namespaces: [],
      includeChaos: false,
      source: 'test',
    })
    expect(result.files.filter((f) => f.path !== 'cluster.yaml')).toEqual([])
    expect(result.skipped).toEqual([
      { resource: 'Service c1/My_Service', why: expect.stringContaining('DNS label') as string },
    ])
  })

  it('an unknown --namespace is an error', () => {
    expect(() =>
      renderImport(system(service(), taskDefinition()), {
        namespaces: ['nope'],
        includeChaos: false,
        source: 'test',
      }),
    ).toThrow(/no Cloud Map HTTP namespace named "nope"/)
  })
})
