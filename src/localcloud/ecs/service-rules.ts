/** @module CreateService / UpdateService input rules taken from the ECS API reference: capacity and network ids. */
import { ecsErrors } from '../errors.js'
import { regional } from '../account/state.js'
import { ensureDefaultVpc } from '../ec2/default-vpc.js'
import type { EcsCluster, Json, World } from '../state.js'
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
 * docs are silent; real ECS uses the EC2 launch type, and so does this emulator (unverified, see
 * docs/aws-behaviour.md) — it runs no EC2 instances, so such a service only shows what ECS reports.
 */
export function capacityOf(input: Json, cluster: EcsCluster): Json {
  const strategy = input['capacityProviderStrategy']
  if (Array.isArray(strategy) && strategy.length > 0) return { capacityProviderStrategy: strategy }
  if (input['launchType'] !== undefined) return { launchType: input['launchType'] }
  if (cluster.defaultCapacityProviderStrategy.length > 0) {
    return { capacityProviderStrategy: cluster.defaultCapacityProviderStrategy }
  }
  return { launchType: 'EC2' }
}

/** EC2 resource ids are the prefix and hexadecimal digits (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html). */
const SUBNET_ID = /^subnet-[0-9a-f]+$/
const SECURITY_GROUP_ID = /^sg-[0-9a-f]+$/

/**
 * awsvpcConfiguration.subnets / securityGroups (AwsVpcConfiguration:
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AwsVpcConfiguration.html): at most 16
 * subnets and 5 security groups, each an id that exists in the region's EC2, security groups in
 * the subnets' VPC. ECS looks them up in EC2 and answers InvalidParameterException with EC2's
 * own error inside (CreateService errors: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html#API_CreateService_Errors).
 */
export function checkNetworkIds(network: unknown, world: World, region: string): void {
  const vpc = (network as { awsvpcConfiguration?: Json } | undefined)?.awsvpcConfiguration
  if (!vpc) return
  const subnets = vpc['subnets']
  if (!Array.isArray(subnets) || subnets.length === 0) throw ecsErrors.invalid('subnets can not be empty.')
  if (subnets.length > 16) throw ecsErrors.invalid('subnets can have at most 16 items.')
  const subnetIds = subnets.map((id) => text(id))
  for (const id of subnetIds) {
    if (!SUBNET_ID.test(id)) {
      throw ecsErrors.invalid(
        `Error retrieving subnet information for [${id}]: The subnet ID '${id}' is malformed.`,
      )
    }
  }
  const groups = vpc['securityGroups']
  if (groups !== undefined && groups !== null && !Array.isArray(groups)) {
    throw ecsErrors.invalid('securityGroups must be a list.')
  }
  const groupIds = (Array.isArray(groups) ? groups : []).map((id) => text(id))
  if (groupIds.length > 5) throw ecsErrors.invalid('securityGroups can have at most 5 items.')
  for (const id of groupIds) {
    if (!SECURITY_GROUP_ID.test(id)) {
      throw ecsErrors.invalid(
        `Error retrieving security group information for [${id}]: The security group ID '${id}' is malformed.`,
      )
    }
  }
  checkNetworkExists(world, region, subnetIds, groupIds)
}

/** The subnets and security groups exist, and each group is in the VPC of the subnets. */
function checkNetworkExists(world: World, region: string, subnetIds: string[], groupIds: string[]): void {
  ensureDefaultVpc(world, region)
  const subnets = subnetIds.map((id) => world.ec2.subnets[regional(region, id)])
  const missingSubnet = subnetIds.find((_, i) => !subnets[i])
  if (missingSubnet !== undefined) {
    throw ecsErrors.invalid(
      `Error retrieving subnet information for [${missingSubnet}]: The subnet ID '${missingSubnet}' does not exist (Service: AmazonEC2; Status Code: 400; Error Code: InvalidSubnetID.NotFound)`,
    )
  }
  const groups = groupIds.map((id) => world.ec2.securityGroups[regional(region, id)])
  const missingGroup = groupIds.find((_, i) => !groups[i])
  if (missingGroup !== undefined) {
    throw ecsErrors.invalid(
      `Error retrieving security group information for [${missingGroup}]: The security group '${missingGroup}' does not exist (Service: AmazonEC2; Status Code: 400; Error Code: InvalidGroup.NotFound)`,
    )
  }
  const subnet = subnets[0]!
  const strayGroup = groups.find((g) => g!.vpcId !== subnet.vpcId)
  if (strayGroup) {
    throw ecsErrors.invalid(
      `Security group ${strayGroup.id} and subnet ${subnet.id} belong to different networks.`,
    )
  }
}

/**
 * Combinations CreateService refuses: a launch type together with a capacity provider strategy
 * (CreateService, launchType), and Service Connect under a controller other than ECS
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html).
 */
export function checkCreateCombinations(input: Json): void {
  const strategy = input['capacityProviderStrategy']
  if (input['launchType'] !== undefined && Array.isArray(strategy) && strategy.length > 0) {
    throw ecsErrors.invalid('Specifying both a launch type and capacity provider strategy is not supported.')
  }
  checkServiceRegistries(input['serviceRegistries'])
  const controller = (input['deploymentController'] as Json | undefined)?.['type'] ?? 'ECS'
  if (controller !== 'ECS' && input['serviceConnectConfiguration']) {
    throw ecsErrors.invalid('Service Connect is only supported with the ECS deployment controller.')
  }
}

/**
 * volumeConfigurations: "The name of the volume must match the name from the task definition", of a
 * volume `configuredAtLaunch` (UpdateService / CreateService, volumeConfigurations:
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceVolumeConfiguration.html).
 */
export function checkVolumeConfigurations(configurations: unknown, taskDefinition: Json | undefined): void {
  if (!Array.isArray(configurations)) return
  const volumes = (taskDefinition?.['volumes'] as Json[] | undefined) ?? []
  const atLaunch = new Set(
    volumes.filter((v) => v['configuredAtLaunch'] === true).map((v) => text(v['name'])),
  )
  for (const c of configurations as Json[]) {
    const name = text(c['name'])
    if (!atLaunch.has(name)) {
      throw ecsErrors.invalid(
        `The volume ${name} in volumeConfigurations does not match a volume configured at launch (configuredAtLaunch) in the task definition.`,
      )
    }
  }
}

/**
 * "Each service may be associated with one service registry. Multiple service registries for each
 * service isn't supported" (CreateService / UpdateService, serviceRegistries:
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html).
 */
export function checkServiceRegistries(registries: unknown): void {
  if (Array.isArray(registries) && registries.length > 1) {
    throw ecsErrors.invalid('Multiple service registries for each service are not supported.')
  }
}

/**
 * monitoring.metricConfigurations (MetricConfiguration: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_MetricConfiguration.html):
 * "The supported metric names are CPUUtilization and MemoryUtilization", and "The valid values are 20
 * and 60" for resolutionSeconds. The model checks only lengths and the 20–60 range; the message is ours.
 */
export function checkMonitoring(monitoring: unknown): void {
  const configs = (monitoring as { metricConfigurations?: Json[] } | undefined)?.metricConfigurations ?? []
  for (const config of configs) {
    for (const name of (config['metricNames'] as unknown[] | undefined) ?? []) {
      if (name !== 'CPUUtilization' && name !== 'MemoryUtilization') {
        throw ecsErrors.invalid(
          `Metric name ${text(name)} is not supported. The supported metric names are CPUUtilization and MemoryUtilization.`,
        )
      }
    }
    const seconds = config['resolutionSeconds']
    if (seconds !== 20 && seconds !== 60) {
      throw ecsErrors.invalid(
        `resolutionSeconds ${String(seconds)} is not valid. The valid values are 20 and 60.`,
      )
    }
  }
}
