/**
 * @module The default VPC every region of an account starts with: 172.31.0.0/16, a default subnet
 * in each Availability Zone and a security group named `default`
 * (https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html). AWS picks random ids; here
 * they are fixed and documented (docs/local-cloud.md), the same in every region, so manifests
 * written for the local cloud, such as the example shop, can name them. EC2 records are therefore
 * keyed by region and id. A second security group, `default-web`, stands for the
 * one a web tier would have.
 */
import { regional, type SecurityGroup, type Subnet, type Vpc } from '../account/state.js'
import type { World } from '../state.js'

export const DEFAULT_VPC_ID = 'vpc-0a1b2c3d4e5f60000'
export const DEFAULT_SUBNET_IDS = [
  'subnet-0a1b2c3d4e5f60001',
  'subnet-0a1b2c3d4e5f60002',
  'subnet-0a1b2c3d4e5f60003',
]
export const DEFAULT_SECURITY_GROUP_IDS = {
  default: 'sg-0123456789abcdef0',
  'default-web': 'sg-0123456789abcdef1',
}

/** Creates the region's default VPC once. */
export function ensureDefaultVpc(world: World, region: string): void {
  const ec2 = world.ec2
  ec2.defaultVpcRegions ??= []
  if (ec2.defaultVpcRegions.includes(region)) return
  ec2.defaultVpcRegions.push(region)
  const vpcId = DEFAULT_VPC_ID
  const vpc: Vpc = { region, id: vpcId, cidrBlock: '172.31.0.0/16', isDefault: true, tags: {} }
  ec2.vpcs[regional(region, vpcId)] = vpc
  DEFAULT_SUBNET_IDS.forEach((id, i) => {
    const subnet: Subnet = {
      region,
      id,
      vpcId,
      cidrBlock: `172.31.${i * 16}.0/20`,
      availabilityZone: `${region}${'abc'[i] ?? 'a'}`,
      defaultForAz: true,
      tags: {},
    }
    ec2.subnets[regional(region, id)] = subnet
  })
  for (const [name, id] of Object.entries(DEFAULT_SECURITY_GROUP_IDS)) {
    const group: SecurityGroup = {
      region,
      id,
      name,
      description: name === 'default' ? 'default VPC security group' : 'web tier of the default VPC',
      vpcId,
      tags: {},
    }
    ec2.securityGroups[regional(region, id)] = group
  }
}
