/** @module CreateService / UpdateService input rules taken from the ECS API reference: capacity and network ids. */
import { ecsErrors } from '../errors.js'
import type { EcsCluster, Json } from '../state.js'
import { text } from '../validate-input.js'

/**
 * "A capacity provider must be associated with the cluster to be used in a capacity provider
 * strategy" (CreateService / UpdateService, capacityProviderStrategy: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html).
 * ECS answers InvalidParameterException; the message is the one ECS gives for it.
 */
export function checkStrategyProviders(strategy: unknown, cluster: EcsCluster): void {
  if (!Array.isArray(strategy)) return
  for (const item of strategy as Json[]) {
    const name = text(item['capacityProvider'])
    if (!cluster.capacityProviders.includes(name)) {
      throw ecsErrors.invalid(
        `The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again. (${name})`,
      )
    }
  }
}

/**
 * The capacity a new service runs on. "If no capacityProviderStrategy or launchType is specified,
 * the defaultCapacityProviderStrategy for the cluster is used" (CreateService, capacityProviderStrategy:
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html); DescribeServices then reports that strategy and no launchType (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html,
 * "exactly one of launchType / capacityProviderStrategy present"). With no cluster default either, the
 * docs say nothing; real ECS falls back to the EC2 launch type, which this Fargate-only emulator does
 * not model: it reports FARGATE (unverified, see docs/aws-behaviour.md).
 */
export function capacityOf(input: Json, cluster: EcsCluster): Json {
  const strategy = input['capacityProviderStrategy']
  if (Array.isArray(strategy) && strategy.length > 0) return { capacityProviderStrategy: strategy }
  if (input['launchType'] !== undefined) return { launchType: input['launchType'] }
  if (cluster.defaultCapacityProviderStrategy.length > 0) {
    return { capacityProviderStrategy: cluster.defaultCapacityProviderStrategy }
  }
  return { launchType: 'FARGATE' }
}

/** EC2 resource ids are the prefix and hexadecimal digits (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html). */
const SUBNET_ID = /^subnet-[0-9a-f]+$/
const SECURITY_GROUP_ID = /^sg-[0-9a-f]+$/

/**
 * awsvpcConfiguration.subnets / securityGroups (AwsVpcConfiguration:
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AwsVpcConfiguration.html): at most 16
 * subnets and 5 security groups, and each must be an id. The local cloud has no VPCs, so only the id
 * *format* is checked here; real ECS also refuses ids that do not exist (InvalidParameterException).
 */
export function checkNetworkIds(network: unknown): void {
  const vpc = (network as { awsvpcConfiguration?: Json } | undefined)?.awsvpcConfiguration
  if (!vpc) return
  const subnets = vpc['subnets']
  if (!Array.isArray(subnets) || subnets.length === 0) throw ecsErrors.invalid('subnets can not be empty.')
  if (subnets.length > 16) throw ecsErrors.invalid('subnets can have at most 16 items.')
  for (const id of subnets) {
    if (!SUBNET_ID.test(text(id))) {
      throw ecsErrors.invalid(
        `Error retrieving subnet information for [${text(id)}]: The subnet ID '${text(id)}' is malformed.`,
      )
    }
  }
  const groups = vpc['securityGroups']
  if (groups === undefined || groups === null) return
  if (!Array.isArray(groups)) throw ecsErrors.invalid('securityGroups must be a list.')
  if (groups.length > 5) throw ecsErrors.invalid('securityGroups can have at most 5 items.')
  for (const id of groups) {
    if (!SECURITY_GROUP_ID.test(text(id))) {
      throw ecsErrors.invalid(
        `Error retrieving security group information for [${text(id)}]: The security group ID '${text(id)}' is malformed.`,
      )
    }
  }
}
