/**
 * The SDK clients for what an account holds besides ECS: roles, images, secrets, parameters, log
 * groups, alarms, the network, load balancing and the caller's identity. Built from one client
 * config, so a test reaches the local cloud or moto the same way.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { EC2Client } from '@aws-sdk/client-ec2'
import { ECRClient } from '@aws-sdk/client-ecr'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { IAMClient } from '@aws-sdk/client-iam'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SSMClient } from '@aws-sdk/client-ssm'
import { STSClient } from '@aws-sdk/client-sts'

export interface AccountClients {
  readonly iam: IAMClient
  readonly ecr: ECRClient
  readonly secrets: SecretsManagerClient
  readonly ssm: SSMClient
  readonly logs: CloudWatchLogsClient
  readonly cloudwatch: CloudWatchClient
  readonly ec2: EC2Client
  readonly elbv2: ElasticLoadBalancingV2Client
  readonly sts: STSClient
  destroy(): void
}

export function accountClients(config: Record<string, unknown>): AccountClients {
  const clients = {
    iam: new IAMClient(config),
    ecr: new ECRClient(config),
    secrets: new SecretsManagerClient(config),
    ssm: new SSMClient(config),
    logs: new CloudWatchLogsClient(config),
    cloudwatch: new CloudWatchClient(config),
    ec2: new EC2Client(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    sts: new STSClient(config),
  }
  return {
    ...clients,
    destroy: () => {
      for (const client of Object.values(clients)) client.destroy()
    },
  }
}
