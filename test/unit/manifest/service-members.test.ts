/**
 * Service manifests take the CreateService/UpdateService members a Fargate service can use under the
 * API's names, validated from AWS's service model (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html),
 * and refuse what Fargate or the product refuses, saying why.
 */
import { describe, expect, it } from 'vitest'
import { validateFiles } from '../../../src/manifest/validate.js'
import { desiredServiceSettings } from '../../../src/reconciler/kinds/service/desired.js'
import { serviceManifest, validationErrors } from '../../support/manifests.js'

/** A Service with `service` (YAML) in its spec and `task` (YAML) in its task definition; its container has port http. */
const manifest = (service: string, task = '') =>
  serviceManifest({ container: 'portMappings: [{name: http, containerPort: 80}]', task, service })
const check = (text: string) => validateFiles([{ file: 'svc.yaml', text }])
const errors = validationErrors

const EBS_VOLUME = 'volumes: [{name: data, configuredAtLaunch: true}]'
const ROLE = 'arn:aws:iam::123456789012:role/ecsInfrastructureRole'
const MEMBERS = `serviceRegistries:
  - registryArn: arn:aws:servicediscovery:us-east-1:123456789012:service/srv-abcdef
    containerName: app
    containerPort: 80
volumeConfigurations:
  - name: data
    managedEBSVolume: {roleArn: "${ROLE}", sizeInGiB: 30, volumeType: gp3, encrypted: true}
vpcLatticeConfigurations:
  - roleArn: "${ROLE}"
    targetGroupArn: arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-0123456789abcdef0
    portName: http
availabilityZoneRebalancing: DISABLED
enableECSManagedTags: true
deploymentController: {type: ECS}
schedulingStrategy: REPLICA`

describe('CreateService members from the model', () => {
  it('accepts service registries, EBS volumes, VPC Lattice, AZ rebalancing, managed tags and the ECS controller', () => {
    expect(errors(manifest(MEMBERS, EBS_VOLUME))).toEqual([])
  })

  it('passes them to CreateService/UpdateService under their API names', () => {
    const result = check(manifest(MEMBERS, EBS_VOLUME))
    const settings = desiredServiceSettings(result.set.byKind.Service[0]!, undefined)
    expect(settings).toMatchObject({
      serviceRegistries: [
        {
          registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-abcdef',
          containerName: 'app',
          containerPort: 80,
        },
      ],
      volumeConfigurations: [
        {
          name: 'data',
          managedEBSVolume: { roleArn: ROLE, sizeInGiB: 30, volumeType: 'gp3', encrypted: true },
        },
      ],
      vpcLatticeConfigurations: [{ roleArn: ROLE, portName: 'http' }],
      availabilityZoneRebalancing: 'DISABLED',
      enableECSManagedTags: true,
      deploymentController: { type: 'ECS' },
    })
    // REPLICA is the only strategy, and ECS's default: nothing to send.
    expect(settings).not.toHaveProperty('schedulingStrategy')
  })

  it('says nothing of the members the manifest leaves out', () => {
    const settings = desiredServiceSettings(check(manifest('')).set.byKind.Service[0]!, undefined)
    for (const member of ['serviceRegistries', 'volumeConfigurations', 'availabilityZoneRebalancing']) {
      expect(settings).not.toHaveProperty(member)
    }
  })

  it('takes the deployment members the model adds: early success criteria and lifecycle hook targets', () => {
    const text = manifest(
      `deployment:
  strategy: BLUE_GREEN
  lifecycleHooks:
    - hookTargetArn: arn:aws:lambda:us-east-1:123456789012:function:check
      roleArn: "${ROLE}"
      lifecycleStages: [POST_TEST_TRAFFIC_SHIFT]
      targetType: AWS_LAMBDA
      timeoutConfiguration: {timeoutInMinutes: 30, action: CONTINUE}
      hookDetails: {threshold: 3}
  earlySuccessCriteria: {enable: true, healthyPercent: 100}`,
    )
    expect(errors(text)).toEqual([])
    const d = desiredServiceSettings(check(text).set.byKind.Service[0]!, undefined).deploymentConfiguration
    expect(d?.lifecycleHooks?.[0]).toMatchObject({
      targetType: 'AWS_LAMBDA',
      timeoutConfiguration: { timeoutInMinutes: 30, action: 'CONTINUE' },
      hookDetails: { threshold: 3 },
    })
    expect(d?.earlySuccessCriteria).toEqual({ enable: true, healthyPercent: 100 })
  })
})

describe('members refused, with the reason', () => {
  it.each([
    ['placementConstraints: [{type: distinctInstance}]', 'not supported on Fargate', 'task-placement.html'],
    [
      'placementStrategy: [{type: spread, field: "attribute:ecs.availability-zone"}]',
      'not supported on Fargate',
      'task-placement.html',
    ],
    ['schedulingStrategy: DAEMON', 'DAEMON', 'API_CreateService.html'],
    ['deploymentController: {type: CODE_DEPLOY}', 'ECS deployment controller only', 'deployment-types.html'],
    ['clientToken: abc', 'not desired state', ''],
    ['serviceName: other', 'metadata.name', ''],
    [
      'gatewayConnectors: [{gatewayArn: arn:aws:x}]',
      'AWS SDK for JavaScript line ecs-reconciler pins',
      'drop it silently',
    ],
  ])('%s', (member, says, page) => {
    const found = errors(manifest(member))
    expect(found).toHaveLength(1)
    expect(found[0]?.line).toBe(14)
    expect(found[0]?.message).toContain(says)
    expect(found[0]?.message).toContain(page)
  })

  it('refuses a second service registry: a service has at most one', () => {
    const registry = '{registryArn: "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-a"}'
    const [issue] = errors(manifest(`serviceRegistries: [${registry}, ${registry}]`))
    expect(issue?.message).toContain('at most one service registry')
  })

  it('refuses the magnetic EBS volume type, which Fargate does not support', () => {
    const [issue] = errors(
      manifest(
        `volumeConfigurations: [{name: data, managedEBSVolume: {roleArn: "${ROLE}", volumeType: standard}}]`,
        EBS_VOLUME,
      ),
    )
    expect(issue?.message).toContain('not supported on Fargate')
  })

  it('refuses an EBS volume without the infrastructure role the model requires', () => {
    const [issue] = errors(
      manifest('volumeConfigurations: [{name: data, managedEBSVolume: {sizeInGiB: 30}}]', EBS_VOLUME),
    )
    expect(issue?.message).toContain('roleArn')
  })
})

describe('service/volume-configurations', () => {
  const ebs = (name: string) =>
    `volumeConfigurations: [{name: ${name}, managedEBSVolume: {roleArn: "${ROLE}", sizeInGiB: 30}}]`

  it('names the volume configured at launch when the name matches none', () => {
    const [issue] = errors(manifest(ebs('logs'), EBS_VOLUME))
    expect(issue).toMatchObject({ rule: 'service/volume-configurations', line: 14 })
    expect(issue?.message).toContain('no task-definition volume is named "logs"')
    expect(issue?.hint).toContain('data')
  })

  it('refuses a volume of the task definition that is not configured at launch', () => {
    const [issue] = errors(manifest(ebs('data'), 'volumes: [{name: data}]'))
    expect(issue?.message).toContain('not configured at launch')
    expect(issue?.hint).toContain('configuredAtLaunch: true')
  })
})

describe('monitoring', () => {
  const MONITORING = `monitoring:
  metricConfigurations:
    - {metricNames: [CPUUtilization, MemoryUtilization], resolutionSeconds: 20}`

  it('is accepted under its API name and passed to CreateService/UpdateService as written', () => {
    expect(errors(manifest(MONITORING))).toEqual([])
    const settings = desiredServiceSettings(check(manifest(MONITORING)).set.byKind.Service[0]!, undefined)
    expect(settings.monitoring).toEqual({
      metricConfigurations: [{ metricNames: ['CPUUtilization', 'MemoryUtilization'], resolutionSeconds: 20 }],
    })
  })

  it('takes an empty configuration: ECS then uses its 60-second default (API_MonitoringConfiguration)', () => {
    expect(errors(manifest('monitoring: {}'))).toEqual([])
    expect(errors(manifest('monitoring: {metricConfigurations: []}'))).toEqual([])
  })

  it.each([
    // "The supported metric names are CPUUtilization and MemoryUtilization" (API_MetricConfiguration).
    [
      '[{metricNames: [NetworkIn], resolutionSeconds: 20}]',
      'supported metric names are CPUUtilization and MemoryUtilization',
    ],
    // "The valid values are 20 and 60" (API_MetricConfiguration); the model alone allows 20 to 60.
    ['[{metricNames: [CPUUtilization], resolutionSeconds: 30}]', 'valid resolutions are 20 and 60 seconds'],
    ['[{metricNames: [CPUUtilization], resolutionSeconds: 10}]', ''],
    // The model: metricNames has 1 to 5 items, resolutionSeconds is required.
    ['[{metricNames: [], resolutionSeconds: 20}]', ''],
    ['[{metricNames: [CPUUtilization]}]', 'resolutionSeconds'],
    [
      '[{metricNames: [CPUUtilization], resolutionSeconds: 20}, {metricNames: [CPUUtilization], resolutionSeconds: 60}]',
      'more than one metric configuration',
    ],
  ])('refuses metricConfigurations %s', (configs, says) => {
    const found = errors(manifest(`monitoring: {metricConfigurations: ${configs}}`))
    expect(found.length).toBeGreaterThan(0)
    expect(found[0]?.message).toContain(says)
  })

  it('refuses more than five metric configurations (the model allows 0 to 5)', () => {
    const one = '{metricNames: [CPUUtilization], resolutionSeconds: 60}'
    const found = errors(manifest(`monitoring: {metricConfigurations: [${Array(6).fill(one).join(', ')}]}`))
    expect(found).toHaveLength(1)
    expect(found[0]?.message).toContain('<=5 items')
  })
})
