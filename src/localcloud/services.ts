/**
 * @module Every service the emulator serves, by how its wire protocol names it: awsJson services by
 * their X-Amz-Target prefix, awsQuery and ec2Query services by the API version in the form body.
 * Each prefix, version and namespace is the one the pinned `@aws-sdk/client-*` sends.
 */
import { autoScalingHandlers } from './autoscaling/index.js'
import { cloudFormationHandlers } from './cloudformation/index.js'
import { cloudWatchHandlers } from './cloudwatch/index.js'
import type { Handler } from './context.js'
import { ec2Handlers } from './ec2/index.js'
import { ecrHandlers } from './ecr/index.js'
import { elbv2Handlers } from './elbv2/index.js'
import { ecsHandlers } from './ecs/index.js'
import { iamHandlers } from './iam/index.js'
import { logsHandlers } from './logs/index.js'
import { secretsManagerHandlers } from './secretsmanager/index.js'
import { serviceDiscoveryHandlers } from './servicediscovery/index.js'
import { ssmHandlers } from './ssm/index.js'
import { stsHandlers } from './sts/index.js'
import { taggingHandlers } from './tagging/index.js'

export interface JsonService {
  readonly label: string
  readonly handlers: Record<string, Handler>
  /** awsJson1_0 or awsJson1_1: the content type names it. */
  readonly jsonVersion: '1.0' | '1.1'
  /** `awsQueryCompatible`: errors also carry the Query error code in `x-amzn-query-error`. */
  readonly queryCompatible?: boolean
}

export interface QueryService {
  readonly label: string
  readonly handlers: Record<string, Handler>
  readonly xmlns: string
  /** awsQuery wraps output in `<ActionResult>` and lists in `<member>`; ec2Query in neither and `<item>`. */
  readonly style: 'query' | 'ec2'
  readonly itemTag: 'member' | 'item'
}

const json = (label: string, handlers: Record<string, Handler>, jsonVersion: '1.0' | '1.1' = '1.1') => ({
  label,
  handlers,
  jsonVersion,
})

export const JSON_SERVICES: Record<string, JsonService> = {
  AmazonEC2ContainerServiceV20141113: json('ECS', ecsHandlers),
  Route53AutoNaming_v20170314: json('ServiceDiscovery', serviceDiscoveryHandlers),
  AnyScaleFrontendService: json('ApplicationAutoScaling', autoScalingHandlers),
  ResourceGroupsTaggingAPI_20170126: json('ResourceGroupsTaggingAPI', taggingHandlers),
  AmazonEC2ContainerRegistry_V20150921: json('ECR', ecrHandlers),
  secretsmanager: json('SecretsManager', secretsManagerHandlers),
  AmazonSSM: json('SSM', ssmHandlers),
  Logs_20140328: json('CloudWatchLogs', logsHandlers),
  GraniteServiceVersion20100801: { ...json('CloudWatch', cloudWatchHandlers, '1.0'), queryCompatible: true },
}

const query = (label: string, handlers: Record<string, Handler>, xmlns: string): QueryService => ({
  label,
  handlers,
  xmlns,
  style: 'query',
  itemTag: 'member',
})

const ec2Query = (label: string, handlers: Record<string, Handler>, xmlns: string): QueryService => ({
  label,
  handlers,
  xmlns,
  style: 'ec2',
  itemTag: 'item',
})

export const QUERY_SERVICES: Record<string, QueryService> = {
  '2010-05-08': query('IAM', iamHandlers, 'https://iam.amazonaws.com/doc/2010-05-08/'),
  '2011-06-15': query('STS', stsHandlers, 'https://sts.amazonaws.com/doc/2011-06-15/'),
  '2015-12-01': query('ELBv2', elbv2Handlers, 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/'),
  '2010-05-15': query(
    'CloudFormation',
    cloudFormationHandlers,
    'http://cloudformation.amazonaws.com/doc/2010-05-15/',
  ),
  '2016-11-15': ec2Query('EC2', ec2Handlers, 'http://ec2.amazonaws.com/doc/2016-11-15/'),
}
