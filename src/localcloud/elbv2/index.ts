/**
 * @module Elastic Load Balancing v2 (awsQuery, version 2015-12-01): load balancers, target groups
 * and listeners, enough to say which load balancers send traffic to a target group
 * (DescribeTargetGroups' LoadBalancerArns).
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateListener.html
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTargetGroups.html
 */
import { regional, type LoadBalancer, type TargetGroup } from '../account/state.js'
import { arn, type Handler, type HandlerContext } from '../context.js'
import { ensureDefaultVpc } from '../ec2/default-vpc.js'
import { AwsError } from '../errors.js'
import {
  optionalIntParam,
  optionalParam,
  requiredParam,
  scalarList,
  structList,
  type QueryParams,
} from '../protocols/query-params.js'
import { isoTime } from '../protocols/xml.js'
import { nextId } from '../state.js'
import { paginate } from '../validate-input.js'

const validation = (m: string) => new AwsError('ValidationError', m)
const targetGroupNotFound = () => new AwsError('TargetGroupNotFound', 'One or more target groups not found')
const loadBalancerNotFound = () =>
  new AwsError('LoadBalancerNotFound', 'One or more load balancers not found')

/** Names: 1–32 alphanumerics and hyphens, not starting or ending with a hyphen. */
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/
const TARGET_TYPES = ['instance', 'ip', 'lambda', 'alb']

function name(params: QueryParams): string {
  const value = requiredParam(params, 'Name', validation)
  if (!NAME.test(value)) {
    throw validation(
      `The name '${value}' must be 1–32 alphanumeric characters or hyphens, not starting or ending with a hyphen.`,
    )
  }
  return value
}

const regionRecords = <T extends { region: string }>(ctx: HandlerContext, records: Record<string, T>): T[] =>
  Object.values(records).filter((r) => r.region === ctx.region)

function loadBalancerOutput(lb: LoadBalancer) {
  return {
    LoadBalancerArn: lb.arn,
    DNSName: `${lb.name}-${lb.arn.slice(-8)}.${lb.region}.elb.amazonaws.com`,
    CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
    CreatedTime: isoTime(lb.createdAt),
    LoadBalancerName: lb.name,
    Scheme: lb.scheme,
    VpcId: lb.vpcId,
    State: { Code: 'active' },
    Type: lb.type,
    AvailabilityZones: lb.subnets.map((SubnetId) => ({ SubnetId })),
    SecurityGroups: lb.securityGroups,
    IpAddressType: 'ipv4',
  }
}

/** Subnets must exist, in one VPC (SubnetNotFound / InvalidSubnet otherwise). */
function subnetsVpc(ctx: HandlerContext, subnetIds: string[]): string {
  ensureDefaultVpc(ctx.world, ctx.region)
  if (subnetIds.length === 0) throw validation('At least one subnet must be specified.')
  const subnets = subnetIds.map((id) => ctx.world.ec2.subnets[regional(ctx.region, id)])
  const missing = subnetIds.find((_, i) => !subnets[i])
  if (missing !== undefined) throw new AwsError('SubnetNotFound', `The subnet ID '${missing}' does not exist`)
  const vpcs = new Set(subnets.map((s) => s!.vpcId))
  if (vpcs.size > 1) throw new AwsError('InvalidSubnet', 'The subnets must all be in the same VPC.')
  return [...vpcs][0]!
}

const createLoadBalancer: Handler = (params, ctx) => {
  const lbName = name(params)
  const subnets = scalarList(params, 'Subnets.member')
  const vpcId = subnetsVpc(ctx, subnets)
  const type = optionalParam(params, 'Type') ?? 'application'
  const existing = regionRecords(ctx, ctx.world.elbv2.loadBalancers).find((lb) => lb.name === lbName)
  if (existing) {
    throw new AwsError(
      'DuplicateLoadBalancerName',
      `A load balancer with the name '${lbName}' already exists`,
    )
  }
  const lb: LoadBalancer = {
    region: ctx.region,
    arn: arn(
      ctx,
      'elasticloadbalancing',
      `loadbalancer/${type === 'network' ? 'net' : 'app'}/${lbName}/${nextId(ctx.world, 16)}`,
    ),
    name: lbName,
    type,
    scheme: optionalParam(params, 'Scheme') ?? 'internet-facing',
    vpcId,
    subnets,
    securityGroups: scalarList(params, 'SecurityGroups.member'),
    createdAt: ctx.now,
  }
  ctx.world.elbv2.loadBalancers[lb.arn] = lb
  return { LoadBalancers: [loadBalancerOutput(lb)] }
}

function targetGroupOutput(ctx: HandlerContext, tg: TargetGroup) {
  const loadBalancers = new Set(
    regionRecords(ctx, ctx.world.elbv2.listeners)
      .filter((l) => l.targetGroupArns.includes(tg.arn))
      .map((l) => l.loadBalancerArn),
  )
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol,
    Port: tg.port,
    VpcId: tg.vpcId,
    HealthCheckProtocol: tg.protocol,
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 30,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: 5,
    UnhealthyThresholdCount: 2,
    HealthCheckPath: tg.healthCheckPath ?? '/',
    Matcher: { HttpCode: '200' },
    LoadBalancerArns: [...loadBalancers],
    TargetType: tg.targetType,
    ProtocolVersion: 'HTTP1',
    IpAddressType: 'ipv4',
  }
}

const createTargetGroup: Handler = (params, ctx) => {
  const tgName = name(params)
  const targetType = optionalParam(params, 'TargetType') ?? 'instance'
  if (!TARGET_TYPES.includes(targetType)) {
    throw validation(`TargetType must be one of ${TARGET_TYPES.join(', ')}.`)
  }
  const vpcId = optionalParam(params, 'VpcId')
  const protocol = optionalParam(params, 'Protocol')
  const port = optionalIntParam(params, 'Port', validation, 1, 65535)
  if (targetType !== 'lambda' && (vpcId === undefined || protocol === undefined || port === undefined)) {
    throw validation(
      'A protocol, a port and a VPC ID must be specified for a target group whose target type is not lambda.',
    )
  }
  ensureDefaultVpc(ctx.world, ctx.region)
  if (vpcId !== undefined && !ctx.world.ec2.vpcs[regional(ctx.region, vpcId)]) {
    throw new AwsError('ValidationError', `The VPC ID '${vpcId}' is not found`)
  }
  const existing = regionRecords(ctx, ctx.world.elbv2.targetGroups).find((tg) => tg.name === tgName)
  if (existing) {
    // "If you attempt to create multiple target groups with the same settings, each call succeeds."
    if (
      existing.targetType === targetType &&
      existing.vpcId === vpcId &&
      existing.port === port &&
      existing.protocol === protocol
    ) {
      return { TargetGroups: [targetGroupOutput(ctx, existing)] }
    }
    throw new AwsError(
      'DuplicateTargetGroupName',
      `A target group with the same name '${tgName}' exists, but with different settings`,
    )
  }
  const healthCheckPath = optionalParam(params, 'HealthCheckPath')
  const tg: TargetGroup = {
    region: ctx.region,
    arn: arn(ctx, 'elasticloadbalancing', `targetgroup/${tgName}/${nextId(ctx.world, 16)}`),
    name: tgName,
    ...(protocol !== undefined ? { protocol } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(vpcId !== undefined ? { vpcId } : {}),
    targetType,
    ...(healthCheckPath !== undefined ? { healthCheckPath } : {}),
    createdAt: ctx.now,
  }
  ctx.world.elbv2.targetGroups[tg.arn] = tg
  return { TargetGroups: [targetGroupOutput(ctx, tg)] }
}

/** Default actions of type `forward` name the target groups the listener sends traffic to. */
const createListener: Handler = (params, ctx) => {
  const loadBalancerArn = requiredParam(params, 'LoadBalancerArn', validation)
  const lb = ctx.world.elbv2.loadBalancers[loadBalancerArn]
  if (!lb || lb.region !== ctx.region) throw loadBalancerNotFound()
  const actions = structList(params, 'DefaultActions.member')
  if (actions.length === 0) throw validation('At least one default action must be specified.')
  const targetGroupArns = actions.flatMap((a) =>
    typeof a['TargetGroupArn'] === 'string' ? [a['TargetGroupArn']] : [],
  )
  if (targetGroupArns.some((tgArn) => !ctx.world.elbv2.targetGroups[tgArn])) throw targetGroupNotFound()
  const port = optionalIntParam(params, 'Port', validation, 1, 65535)
  const protocol = optionalParam(params, 'Protocol')
  const listener = {
    region: ctx.region,
    arn: `${lb.arn.replace(':loadbalancer/', ':listener/')}/${nextId(ctx.world, 16)}`,
    loadBalancerArn,
    ...(port !== undefined ? { port } : {}),
    ...(protocol !== undefined ? { protocol } : {}),
    targetGroupArns,
  }
  ctx.world.elbv2.listeners[listener.arn] = listener
  return {
    Listeners: [
      {
        ListenerArn: listener.arn,
        LoadBalancerArn: loadBalancerArn,
        Port: port,
        Protocol: protocol,
        DefaultActions: targetGroupArns.map((TargetGroupArn) => ({ Type: 'forward', TargetGroupArn })),
      },
    ],
  }
}

/** By LoadBalancerArn, TargetGroupArns or Names (at most one of them); an unknown ARN or name is TargetGroupNotFound. */
const describeTargetGroups: Handler = (params, ctx) => {
  const arns = scalarList(params, 'TargetGroupArns.member')
  const names = scalarList(params, 'Names.member')
  const loadBalancerArn = optionalParam(params, 'LoadBalancerArn')
  if ([arns.length > 0, names.length > 0, loadBalancerArn !== undefined].filter(Boolean).length > 1) {
    throw validation('Only one of LoadBalancerArn, TargetGroupArns and Names can be specified.')
  }
  let groups = regionRecords(ctx, ctx.world.elbv2.targetGroups)
  if (arns.length > 0 || names.length > 0) {
    const wanted = arns.length > 0 ? arns : names
    const key = (tg: TargetGroup) => (arns.length > 0 ? tg.arn : tg.name)
    if (wanted.some((w) => !groups.some((tg) => key(tg) === w))) throw targetGroupNotFound()
    groups = groups.filter((tg) => wanted.includes(key(tg)))
  }
  let outputs = groups.map((tg) => targetGroupOutput(ctx, tg))
  if (loadBalancerArn !== undefined) {
    if (!ctx.world.elbv2.loadBalancers[loadBalancerArn]) throw loadBalancerNotFound()
    outputs = outputs.filter((o) => o.LoadBalancerArns.includes(loadBalancerArn))
  }
  const pageSize = optionalIntParam(params, 'PageSize', validation, 1, 400) ?? 400
  const { page, next } = paginate(outputs, pageSize, optionalParam(params, 'Marker'), validation)
  return { TargetGroups: page, ...(next ? { NextMarker: next } : {}) }
}

export const elbv2Handlers: Record<string, Handler> = {
  CreateLoadBalancer: createLoadBalancer,
  CreateTargetGroup: createTargetGroup,
  CreateListener: createListener,
  DescribeTargetGroups: describeTargetGroups,
}
