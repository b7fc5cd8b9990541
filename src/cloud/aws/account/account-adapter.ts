/** @module The AccountReader on the AWS SDK: what `verify` reads, one module per family of services. */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import type { EC2Client } from '@aws-sdk/client-ec2'
import type { ECRClient } from '@aws-sdk/client-ecr'
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import type { IAMClient } from '@aws-sdk/client-iam'
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { SSMClient } from '@aws-sdk/client-ssm'
import type { AccountReader } from '../../ports/index.js'
import { describeImages, pullThroughCachePrefixes } from './ecr.js'
import { getRoles } from './iam.js'
import { describeAlarms, describeLogGroups } from './monitoring.js'
import { describeSecurityGroups, describeSubnets, describeTargetGroups } from './network.js'
import { describeParameters, describeSecrets } from './secrets.js'

export interface AccountClients {
  readonly iam: IAMClient
  readonly ecr: ECRClient
  readonly secretsManager: SecretsManagerClient
  readonly ssm: SSMClient
  readonly logs: CloudWatchLogsClient
  readonly cloudWatch: CloudWatchClient
  readonly ec2: EC2Client
  readonly elbv2: ElasticLoadBalancingV2Client
}

export function createAccountReader(clients: AccountClients): AccountReader {
  return {
    getRoles: (names) => getRoles(clients.iam, names),
    describeImages: (images) => describeImages(clients.ecr, images),
    pullThroughCachePrefixes: (ids) => pullThroughCachePrefixes(clients.ecr, ids),
    describeSecrets: (arns) => describeSecrets(clients.secretsManager, arns),
    describeParameters: (names) => describeParameters(clients.ssm, names),
    describeLogGroups: (names) => describeLogGroups(clients.logs, names),
    describeSubnets: (ids) => describeSubnets(clients.ec2, ids),
    describeSecurityGroups: (ids) => describeSecurityGroups(clients.ec2, ids),
    describeTargetGroups: (arns) => describeTargetGroups(clients.elbv2, arns),
    describeAlarms: (names) => describeAlarms(clients.cloudWatch, names),
  }
}
