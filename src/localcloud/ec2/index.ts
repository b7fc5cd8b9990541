/**
 * @module Amazon EC2 networking (ec2Query, version 2016-11-15): VPCs, subnets and security groups,
 * created and described (by id and by filter). Unknown ids are the `Invalid…ID.NotFound` errors.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpc.html
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSubnets.html
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
 */
import { regional, type SecurityGroup, type Subnet, type Vpc } from '../account/state.js'
import { ACCOUNT_ID, arn, type Handler, type HandlerContext } from '../context.js'
import { AwsError } from '../errors.js'
import {
  optionalParam,
  queryTags,
  requiredParam,
  scalarList,
  structList,
  type QueryParams,
} from '../protocols/query-params.js'
import { nextId, type Tags } from '../state.js'
import { text } from '../validate-input.js'
import { ensureDefaultVpc } from './default-vpc.js'

const missingParameter = (m: string) => new AwsError('MissingParameter', m)
const invalidParameter = (m: string) => new AwsError('InvalidParameterValue', m)

type Collection = 'vpcs' | 'subnets' | 'securityGroups'

/** The region's records of one kind (its default VPC exists from the first call). */
function inRegion<K extends Collection>(
  ctx: HandlerContext,
  kind: K,
): HandlerContext['world']['ec2'][K][string][] {
  ensureDefaultVpc(ctx.world, ctx.region)
  const records = Object.values(ctx.world.ec2[kind]) as HandlerContext['world']['ec2'][K][string][]
  return records.filter((r) => r.region === ctx.region)
}

/** Tags from TagSpecification.N (ResourceType, Tag.M.Key/Value) for this resource type. */
function specifiedTags(params: QueryParams, resourceType: string): Tags {
  const tags: Tags = {}
  for (const spec of structList(params, 'TagSpecification')) {
    if (spec['ResourceType'] !== resourceType) continue
    Object.assign(tags, queryTags(spec, 'Tag'))
  }
  return tags
}

const tagSet = (tags: Tags) => Object.entries(tags).map(([key, value]) => ({ key, value }))

interface Filter {
  readonly name: string
  readonly values: readonly string[]
}

function filters(params: QueryParams): Filter[] {
  return structList(params, 'Filter').map((f) => ({
    name: text(f['Name']),
    values: scalarList(f, 'Value'),
  }))
}

/** Every filter must hold; a filter holds when the field (or tag:Key) has one of its values. */
function matches(fields: Record<string, string>, tags: Tags, given: readonly Filter[]): boolean {
  return given.every((f) => {
    const value = f.name.startsWith('tag:') ? tags[f.name.slice(4)] : fields[f.name]
    if (f.name === 'tag-key') return f.values.some((v) => v in tags)
    return value !== undefined && f.values.includes(value)
  })
}

/** The records with the given ids (every id must exist: `notFound`), or all of them. */
function byIds<T extends { id: string }>(
  records: T[],
  ids: string[],
  notFound: (id: string) => AwsError,
): T[] {
  if (ids.length === 0) return records
  const missing = ids.find((id) => !records.some((r) => r.id === id))
  if (missing !== undefined) throw notFound(missing)
  return records.filter((r) => ids.includes(r.id))
}

const vpcNotFound = (id: string) => new AwsError('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`)
const subnetNotFound = (id: string) =>
  new AwsError('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`)
const groupNotFound = (id: string) =>
  new AwsError('InvalidGroup.NotFound', `The security group '${id}' does not exist`)

const newId = (ctx: HandlerContext, prefix: string): string => `${prefix}-${nextId(ctx.world, 17)}`

function vpcOutput(v: Vpc) {
  return {
    vpcId: v.id,
    ownerId: ACCOUNT_ID,
    state: 'available',
    cidrBlock: v.cidrBlock,
    instanceTenancy: 'default',
    isDefault: v.isDefault,
    tagSet: tagSet(v.tags),
  }
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/

function cidrBlock(params: QueryParams, min: number, max: number): string {
  const cidr = requiredParam(params, 'CidrBlock', missingParameter)
  const m = CIDR.exec(cidr)
  const prefix = Number(m?.[5])
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || prefix < min || prefix > max) {
    throw new AwsError(
      'InvalidParameterValue',
      `Value (${cidr}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`,
    )
  }
  return cidr
}

const createVpc: Handler = (params, ctx) => {
  const vpc: Vpc = {
    region: ctx.region,
    id: newId(ctx, 'vpc'),
    cidrBlock: cidrBlock(params, 16, 28),
    isDefault: false,
    tags: specifiedTags(params, 'vpc'),
  }
  ensureDefaultVpc(ctx.world, ctx.region)
  ctx.world.ec2.vpcs[regional(ctx.region, vpc.id)] = vpc
  return { vpc: vpcOutput(vpc) }
}

const describeVpcs: Handler = (params, ctx) => {
  const given = filters(params)
  const vpcs = byIds(inRegion(ctx, 'vpcs'), scalarList(params, 'VpcId'), vpcNotFound).filter((v) =>
    matches(
      {
        'vpc-id': v.id,
        'cidr-block': v.cidrBlock,
        cidr: v.cidrBlock,
        'is-default': String(v.isDefault),
        state: 'available',
      },
      v.tags,
      given,
    ),
  )
  return { vpcSet: vpcs.map(vpcOutput) }
}

function subnetOutput(ctx: HandlerContext, s: Subnet) {
  return {
    subnetId: s.id,
    subnetArn: arn(ctx, 'ec2', `subnet/${s.id}`),
    state: 'available',
    vpcId: s.vpcId,
    cidrBlock: s.cidrBlock,
    availableIpAddressCount: 251,
    availabilityZone: s.availabilityZone,
    defaultForAz: s.defaultForAz,
    mapPublicIpOnLaunch: s.defaultForAz,
    ownerId: ACCOUNT_ID,
    tagSet: tagSet(s.tags),
  }
}

const createSubnet: Handler = (params, ctx) => {
  const vpcId = requiredParam(params, 'VpcId', missingParameter)
  if (!inRegion(ctx, 'vpcs').some((v) => v.id === vpcId)) throw vpcNotFound(vpcId)
  const subnet: Subnet = {
    region: ctx.region,
    id: newId(ctx, 'subnet'),
    vpcId,
    cidrBlock: cidrBlock(params, 16, 28),
    availabilityZone: optionalParam(params, 'AvailabilityZone') ?? `${ctx.region}a`,
    defaultForAz: false,
    tags: specifiedTags(params, 'subnet'),
  }
  if (!subnet.availabilityZone.startsWith(ctx.region)) {
    throw invalidParameter(
      `Value (${subnet.availabilityZone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${ctx.region}a, ${ctx.region}b, ${ctx.region}c.`,
    )
  }
  ctx.world.ec2.subnets[regional(ctx.region, subnet.id)] = subnet
  return { subnet: subnetOutput(ctx, subnet) }
}

const describeSubnets: Handler = (params, ctx) => {
  const given = filters(params)
  const subnets = byIds(inRegion(ctx, 'subnets'), scalarList(params, 'SubnetId'), subnetNotFound).filter(
    (s) =>
      matches(
        {
          'subnet-id': s.id,
          'vpc-id': s.vpcId,
          'availability-zone': s.availabilityZone,
          'cidr-block': s.cidrBlock,
          'default-for-az': String(s.defaultForAz),
          state: 'available',
        },
        s.tags,
        given,
      ),
  )
  return { subnetSet: subnets.map((s) => subnetOutput(ctx, s)) }
}

const deleteSubnet: Handler = (params, ctx) => {
  const id = requiredParam(params, 'SubnetId', missingParameter)
  if (!inRegion(ctx, 'subnets').some((s) => s.id === id)) throw subnetNotFound(id)
  delete ctx.world.ec2.subnets[regional(ctx.region, id)]
  return { return: true }
}

function groupOutput(ctx: HandlerContext, g: SecurityGroup) {
  return {
    ownerId: ACCOUNT_ID,
    groupId: g.id,
    groupName: g.name,
    groupDescription: g.description,
    vpcId: g.vpcId,
    securityGroupArn: arn(ctx, 'ec2', `security-group/${g.id}`),
    ipPermissions: [],
    ipPermissionsEgress: [],
    tagSet: tagSet(g.tags),
  }
}

const createSecurityGroup: Handler = (params, ctx) => {
  const name = requiredParam(params, 'GroupName', missingParameter)
  const description = requiredParam(params, 'GroupDescription', missingParameter)
  const vpcId = optionalParam(params, 'VpcId') ?? inRegion(ctx, 'vpcs').find((v) => v.isDefault)?.id ?? ''
  if (!inRegion(ctx, 'vpcs').some((v) => v.id === vpcId)) throw vpcNotFound(vpcId)
  if (inRegion(ctx, 'securityGroups').some((g) => g.vpcId === vpcId && g.name === name)) {
    throw new AwsError(
      'InvalidGroup.Duplicate',
      `The security group '${name}' already exists for VPC '${vpcId}'`,
    )
  }
  const group: SecurityGroup = {
    region: ctx.region,
    id: newId(ctx, 'sg'),
    name,
    description,
    vpcId,
    tags: specifiedTags(params, 'security-group'),
  }
  ctx.world.ec2.securityGroups[regional(ctx.region, group.id)] = group
  return {
    return: true,
    groupId: group.id,
    securityGroupArn: arn(ctx, 'ec2', `security-group/${group.id}`),
    tagSet: tagSet(group.tags),
  }
}

const describeSecurityGroups: Handler = (params, ctx) => {
  const given = filters(params)
  const names = scalarList(params, 'GroupName')
  const groups = byIds(inRegion(ctx, 'securityGroups'), scalarList(params, 'GroupId'), groupNotFound)
  const missingName = names.find((n) => !groups.some((g) => g.name === n))
  if (missingName !== undefined) {
    throw new AwsError(
      'InvalidGroup.NotFound',
      `The security group '${missingName}' does not exist in default VPC`,
    )
  }
  const selected = groups
    .filter((g) => names.length === 0 || names.includes(g.name))
    .filter((g) =>
      matches(
        { 'group-id': g.id, 'group-name': g.name, 'vpc-id': g.vpcId, description: g.description },
        g.tags,
        given,
      ),
    )
  return { securityGroupInfo: selected.map((g) => groupOutput(ctx, g)) }
}

export const ec2Handlers: Record<string, Handler> = {
  CreateVpc: createVpc,
  DescribeVpcs: describeVpcs,
  CreateSubnet: createSubnet,
  DescribeSubnets: describeSubnets,
  DeleteSubnet: deleteSubnet,
  CreateSecurityGroup: createSecurityGroup,
  DescribeSecurityGroups: describeSecurityGroups,
}
