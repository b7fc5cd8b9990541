/**
 * EC2 networking and ELBv2 target groups as the EC2 and Elastic Load Balancing API references
 * document them, on the target of this run.
 */
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2'
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTarget, rejectionOf, uniqueName, type Target } from './target.js'

let t: Target
beforeAll(async () => {
  t = await openTarget()
})
afterAll(async () => {
  await t?.close()
})

let octet = 0
/** A VPC with two subnets in two zones and a security group. */
async function network() {
  octet += 1
  const base = `10.${100 + octet}`
  const vpc = await t.account.ec2.send(new CreateVpcCommand({ CidrBlock: `${base}.0.0/16` }))
  const vpcId = vpc.Vpc!.VpcId!
  const subnets: string[] = []
  for (const [i, zone] of ['a', 'b'].entries()) {
    const s = await t.account.ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        CidrBlock: `${base}.${i}.0/24`,
        AvailabilityZone: `${t.region}${zone}`,
      }),
    )
    subnets.push(s.Subnet!.SubnetId!)
  }
  const sg = await t.account.ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: uniqueName('conf-sg'),
      Description: 'conformance',
      VpcId: vpcId,
    }),
  )
  return { vpcId, subnets, securityGroup: sg.GroupId! }
}

describe('EC2 networking', () => {
  // API_CreateVpc.html, API_CreateSubnet.html, API_DescribeSubnets.html (SubnetId list): each subnet names its VPC and zone.
  it('subnets are described by id with their VPC and zone', async () => {
    const net = await network()
    expect(net.vpcId).toMatch(/^vpc-[0-9a-f]+$/)
    const out = await t.account.ec2.send(new DescribeSubnetsCommand({ SubnetIds: net.subnets }))
    expect(out.Subnets?.map((s) => [s.SubnetId, s.VpcId, s.AvailabilityZone]).sort()).toEqual(
      [
        [net.subnets[0], net.vpcId, `${t.region}a`],
        [net.subnets[1], net.vpcId, `${t.region}b`],
      ].sort(),
    )
    const vpcs = await t.account.ec2.send(new DescribeVpcsCommand({ VpcIds: [net.vpcId] }))
    expect(vpcs.Vpcs?.map((v) => v.VpcId)).toEqual([net.vpcId])
  })

  // errors-overview.html: a subnet id that does not exist is InvalidSubnetID.NotFound.
  it('an unknown subnet id is InvalidSubnetID.NotFound', async () => {
    const net = await network()
    const err = await rejectionOf(
      t.account.ec2.send(
        new DescribeSubnetsCommand({ SubnetIds: [net.subnets[0]!, 'subnet-0000000000000dead'] }),
      ),
    )
    expect(err.name).toBe('InvalidSubnetID.NotFound')
  })

  // API_DescribeSubnets.html: the vpc-id filter.
  it('subnets are filtered by vpc-id', async () => {
    const net = await network()
    const out = await t.account.ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [net.vpcId] }] }),
    )
    expect(out.Subnets?.map((s) => s.SubnetId).sort()).toEqual([...net.subnets].sort())
  })

  // API_DescribeSecurityGroups.html by GroupIds; errors-overview.html: an unknown group is InvalidGroup.NotFound.
  it('security groups are described by id with their VPC; an unknown one is InvalidGroup.NotFound', async () => {
    const net = await network()
    const out = await t.account.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [net.securityGroup] }))
    expect(out.SecurityGroups?.map((g) => [g.GroupId, g.VpcId])).toEqual([[net.securityGroup, net.vpcId]])
    const err = await rejectionOf(
      t.account.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0000000000000dead'] })),
    )
    expect(err.name).toBe('InvalidGroup.NotFound')
  })

  // errors-overview.html: a VPC that does not exist is InvalidVpcID.NotFound.
  it('an unknown VPC id is InvalidVpcID.NotFound', async () => {
    const err = await rejectionOf(
      t.account.ec2.send(new DescribeVpcsCommand({ VpcIds: ['vpc-0000000000000dead'] })),
    )
    expect(err.name).toBe('InvalidVpcID.NotFound')
  })
})

describe('ELBv2 target groups', () => {
  // API_CreateTargetGroup.html (TargetType ip), API_CreateListener.html (forward), API_DescribeTargetGroups.html:
  // the target group lists the load balancers that route to it, and is found by LoadBalancerArn.
  it('a target group behind a listener lists its load balancer', async () => {
    const net = await network()
    const lb = await t.account.elbv2.send(
      new CreateLoadBalancerCommand({
        Name: uniqueName('conf-lb'),
        Subnets: net.subnets,
        SecurityGroups: [net.securityGroup],
      }),
    )
    const lbArn = lb.LoadBalancers![0]!.LoadBalancerArn!
    const tg = await t.account.elbv2.send(
      new CreateTargetGroupCommand({
        Name: uniqueName('conf-tg'),
        Protocol: 'HTTP',
        Port: 80,
        VpcId: net.vpcId,
        TargetType: 'ip',
      }),
    )
    const tgArn = tg.TargetGroups![0]!.TargetGroupArn!
    expect(tg.TargetGroups?.[0]).toMatchObject({ TargetType: 'ip', VpcId: net.vpcId, Port: 80 })
    await t.account.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: lbArn,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
      }),
    )
    const byArn = await t.account.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [tgArn] }))
    expect(byArn.TargetGroups?.[0]).toMatchObject({
      TargetGroupArn: tgArn,
      TargetType: 'ip',
      LoadBalancerArns: [lbArn],
    })
    const byLb = await t.account.elbv2.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: lbArn }))
    expect(byLb.TargetGroups?.map((g) => g.TargetGroupArn)).toEqual([tgArn])
  })

  // API_CreateTargetGroup.html: TargetType defaults to instance; a group no listener uses has no load balancers.
  it('a target group without a listener has no load balancers and the default target type', async () => {
    const net = await network()
    const tg = await t.account.elbv2.send(
      new CreateTargetGroupCommand({
        Name: uniqueName('conf-tg'),
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: net.vpcId,
      }),
    )
    const out = await t.account.elbv2.send(
      new DescribeTargetGroupsCommand({ TargetGroupArns: [tg.TargetGroups![0]!.TargetGroupArn!] }),
    )
    expect(out.TargetGroups?.[0]?.TargetType).toBe('instance')
    expect(out.TargetGroups?.[0]?.LoadBalancerArns ?? []).toEqual([])
  })

  // API_DescribeTargetGroups.html: an unknown target group is TargetGroupNotFound.
  it('an unknown target group is TargetGroupNotFound', async () => {
    const err = await rejectionOf(
      t.account.elbv2.send(
        new DescribeTargetGroupsCommand({
          TargetGroupArns: [
            `arn:aws:elasticloadbalancing:${t.region}:123456789012:targetgroup/none/0123456789abcdef`,
          ],
        }),
      ),
    )
    expect(err.name).toBe('TargetGroupNotFoundException')
  })
})
