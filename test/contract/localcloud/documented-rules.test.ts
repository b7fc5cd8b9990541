/**
 * Local cloud rules taken from the AWS documentation, each test citing its page: the
 * cluster's default capacity provider strategy, capacity providers associated with the cluster,
 * subnet / security-group ids (format and existence), FIS stop conditions and action target keys.
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs'
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSubnetCommand,
} from '@aws-sdk/client-ec2'
import { CreateExperimentTemplateCommand } from '@aws-sdk/client-fis'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { errorOf, FARGATE_TASK, startWithClients, type Clients } from '../../support/local-cloud.js'

let c: Clients
beforeEach(async () => {
  c = await startWithClients()
  await c.ecs.send(new RegisterTaskDefinitionCommand(FARGATE_TASK))
})
afterEach(async () => c.close())

const network = {
  awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'], securityGroups: ['sg-0123456789abcdef0'] },
}
const service = (cluster: string, serviceName: string, extra: Record<string, unknown> = {}) =>
  new CreateServiceCommand({
    cluster,
    serviceName,
    taskDefinition: 'web:1',
    desiredCount: 1,
    networkConfiguration: network,
    ...extra,
  })
const describeOne = async (cluster: string, name: string) =>
  (await c.ecs.send(new DescribeServicesCommand({ cluster, services: [name] }))).services?.[0]

describe('capacity (CreateService API reference, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html)', () => {
  it('neither launchType nor strategy: the cluster default strategy is used, reported as capacityProviderStrategy without launchType', async () => {
    // capacityProviderStrategy: "If no capacityProviderStrategy or launchType is specified, the defaultCapacityProviderStrategy for the cluster is used."
    await c.ecs.send(
      new CreateClusterCommand({
        clusterName: 'spot',
        capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
        defaultCapacityProviderStrategy: [
          { capacityProvider: 'FARGATE_SPOT', weight: 3 },
          { capacityProvider: 'FARGATE', base: 1, weight: 1 },
        ],
      }),
    )
    await c.ecs.send(service('spot', 'web'))
    const live = await describeOne('spot', 'web')
    expect(live?.capacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 },
      { capacityProvider: 'FARGATE', weight: 1, base: 1 },
    ])
    expect(live?.launchType).toBeUndefined()
  })

  it('an explicit launchType is kept even when the cluster has a default strategy', async () => {
    // launchType: "If a launchType is specified, the capacityProviderStrategy parameter must be omitted."
    await c.ecs.send(
      new CreateClusterCommand({
        clusterName: 'spot',
        capacityProviders: ['FARGATE_SPOT'],
        defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      }),
    )
    await c.ecs.send(service('spot', 'web', { launchType: 'FARGATE' }))
    const live = await describeOne('spot', 'web')
    expect(live?.launchType).toBe('FARGATE')
    expect(live?.capacityProviderStrategy ?? []).toEqual([])
  })

  it('no default strategy on the cluster: the EC2 launch type, as real ECS does (unverified — the docs are silent; see docs/aws-behaviour.md)', async () => {
    await c.ecs.send(new CreateClusterCommand({ clusterName: 'plain' }))
    await c.ecs.send(service('plain', 'web'))
    const live = await describeOne('plain', 'web')
    expect(live?.launchType).toBe('EC2')
    expect(live?.capacityProviderStrategy ?? []).toEqual([])
  })

  it('FARGATE_SPOT on a cluster that has no such provider associated is InvalidParameterException, on create and on update', async () => {
    // capacityProviderStrategy: "A capacity provider must be associated with the cluster to be used in a capacity provider strategy."
    await c.ecs.send(new CreateClusterCommand({ clusterName: 'od', capacityProviders: ['FARGATE'] }))
    const created = await errorOf(
      c.ecs.send(
        service('od', 'web', { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] }),
      ),
    )
    expect(created.name).toBe('InvalidParameterException')
    expect(created.message).toMatch(/not associated with the cluster/)
    await c.ecs.send(new CreateClusterCommand({ clusterName: 'bare' }))
    expect(
      (
        await errorOf(
          c.ecs.send(
            service('bare', 'web', {
              capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
            }),
          ),
        )
      ).name,
    ).toBe('InvalidParameterException')
    await c.ecs.send(
      service('od', 'web', { capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }] }),
    )
    const updated = await errorOf(
      c.ecs.send(
        new UpdateServiceCommand({
          cluster: 'od',
          service: 'web',
          capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
        }),
      ),
    )
    expect(updated.name).toBe('InvalidParameterException')
  })
})

describe('network ids (AwsVpcConfiguration, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AwsVpcConfiguration.html)', () => {
  // Ids have the EC2 format (subnet-/sg- and hex digits,
  // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html) and must exist in EC2
  // (CreateService errors, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html#API_CreateService_Errors).
  beforeEach(async () => {
    await c.ecs.send(new CreateClusterCommand({ clusterName: 'shop', capacityProviders: ['FARGATE'] }))
  })
  it.each([
    ['a subnet name', { subnets: ['private-a'] }],
    ['a subnet id with non-hex digits', { subnets: ['subnet-xyz'] }],
    ['a security group name', { subnets: ['subnet-0a1b2c3d4e5f60001'], securityGroups: ['default'] }],
    [
      'a security group id with upper case',
      { subnets: ['subnet-0a1b2c3d4e5f60001'], securityGroups: ['sg-0ABC'] },
    ],
    ['no subnet', { subnets: [] }],
    ['a subnet that does not exist', { subnets: ['subnet-0000000000000dead'] }],
    [
      'a security group that does not exist',
      { subnets: ['subnet-0a1b2c3d4e5f60001'], securityGroups: ['sg-0000000000000dead'] },
    ],
  ])('%s is InvalidParameterException', async (_, awsvpcConfiguration) => {
    const err = await errorOf(
      c.ecs.send(service('shop', 'web', { networkConfiguration: { awsvpcConfiguration } })),
    )
    expect(err.name).toBe('InvalidParameterException')
  })
  it("a subnet that does not exist is named in the error, as ECS reports EC2's InvalidSubnetID.NotFound", async () => {
    const err = await errorOf(
      c.ecs.send(
        service('shop', 'web', {
          networkConfiguration: {
            awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001', 'subnet-0000000000000dead'] },
          },
        }),
      ),
    )
    expect(err.name).toBe('InvalidParameterException')
    expect(err.message).toContain("The subnet ID 'subnet-0000000000000dead' does not exist")
  })

  it('a subnet created through EC2 is accepted; a security group of another VPC is refused', async () => {
    const vpc = await c.account.ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))
    const vpcId = vpc.Vpc!.VpcId!
    const subnet = await c.account.ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.9.1.0/24' }),
    )
    const group = await c.account.ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'app', Description: 'app', VpcId: vpcId }),
    )
    const own = { subnets: [subnet.Subnet!.SubnetId!], securityGroups: [group.GroupId!] }
    await c.ecs.send(service('shop', 'own', { networkConfiguration: { awsvpcConfiguration: own } }))
    const mixed = { subnets: [subnet.Subnet!.SubnetId!], securityGroups: ['sg-0123456789abcdef0'] }
    const err = await errorOf(
      c.ecs.send(service('shop', 'mixed', { networkConfiguration: { awsvpcConfiguration: mixed } })),
    )
    expect(err.name).toBe('InvalidParameterException')
    expect(err.message).toContain('belong to different networks')
  })

  it('a subnet deleted after the service was created is refused on update', async () => {
    const vpc = await c.account.ec2.send(new CreateVpcCommand({ CidrBlock: '10.8.0.0/16' }))
    const subnet = await c.account.ec2.send(
      new CreateSubnetCommand({ VpcId: vpc.Vpc!.VpcId!, CidrBlock: '10.8.1.0/24' }),
    )
    const awsvpcConfiguration = { subnets: [subnet.Subnet!.SubnetId!] }
    await c.ecs.send(service('shop', 'web', { networkConfiguration: { awsvpcConfiguration } }))
    await c.account.ec2.send(new DeleteSubnetCommand({ SubnetId: subnet.Subnet!.SubnetId! }))
    const err = await errorOf(
      c.ecs.send(
        new UpdateServiceCommand({
          cluster: 'shop',
          service: 'web',
          networkConfiguration: { awsvpcConfiguration },
        }),
      ),
    )
    expect(err.name).toBe('InvalidParameterException')
  })

  it('well-formed ids are accepted on create; a malformed one is refused on update', async () => {
    await c.ecs.send(service('shop', 'web'))
    const err = await errorOf(
      c.ecs.send(
        new UpdateServiceCommand({
          cluster: 'shop',
          service: 'web',
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['my-sg'] } },
        }),
      ),
    )
    expect(err.name).toBe('InvalidParameterException')
  })
})

describe('FIS experiment templates (https://docs.aws.amazon.com/fis/latest/APIReference/API_CreateExperimentTemplate.html; https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#ecs-actions-reference)', () => {
  const template = (overrides: Record<string, unknown>) => ({
    clientToken: crypto.randomUUID(),
    description: 'stop a web task',
    roleArn: 'arn:aws:iam::123456789012:role/fis',
    stopConditions: [{ source: 'none' }],
    targets: {
      tasks: {
        resourceType: 'aws:ecs:task',
        selectionMode: 'COUNT(1)',
        parameters: { cluster: 'shop', service: 'web' },
      },
    },
    actions: { stop: { actionId: 'aws:ecs:stop-task', targets: { Tasks: 'tasks' } } },
    ...overrides,
  })

  it('aws:ecs:stop-task takes target key Tasks: Clusters is a ValidationException', async () => {
    // FIS actions reference, aws:ecs:stop-task: resource type aws:ecs:task, target key Tasks
    // (https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#ecs-actions-reference).
    const err = await errorOf(
      c.fis.send(
        new CreateExperimentTemplateCommand(
          template({ actions: { stop: { actionId: 'aws:ecs:stop-task', targets: { Clusters: 'tasks' } } } }),
        ),
      ),
    )
    expect(err.name).toBe('ValidationException')
    expect(err.message).toMatch(/target key Clusters.*Tasks/)
  })

  it('an ECS task action aimed at a target of another resource type is a ValidationException', async () => {
    const targets = {
      cluster: {
        resourceType: 'aws:ecs:cluster',
        selectionMode: 'ALL',
        resourceArns: ['arn:aws:ecs:us-east-1:123456789012:cluster/shop'],
      },
    }
    const err = await errorOf(
      c.fis.send(
        new CreateExperimentTemplateCommand(
          template({
            targets,
            actions: { stop: { actionId: 'aws:ecs:stop-task', targets: { Tasks: 'cluster' } } },
          }),
        ),
      ),
    )
    expect(err.name).toBe('ValidationException')
  })

  it('an empty stopConditions list is a ValidationException; {source: "none"} is the explicit "no stop condition"', async () => {
    // stopConditions is required (request syntax); https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html
    const err = await errorOf(
      c.fis.send(new CreateExperimentTemplateCommand(template({ stopConditions: [] }))),
    )
    expect(err.name).toBe('ValidationException')
    const ok = await c.fis.send(new CreateExperimentTemplateCommand(template({})))
    expect(ok.experimentTemplate?.stopConditions).toEqual([{ source: 'none' }])
  })
})
