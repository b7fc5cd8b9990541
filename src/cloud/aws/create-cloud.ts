/** @module Builds the Cloud: the SDK clients with the guard and counting middleware, and their adapters. */
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling'
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { EC2Client } from '@aws-sdk/client-ec2'
import { ECRClient } from '@aws-sdk/client-ecr'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { IAMClient } from '@aws-sdk/client-iam'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SSMClient } from '@aws-sdk/client-ssm'
import { CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { S3Client } from '@aws-sdk/client-s3'
import { ECSClient } from '@aws-sdk/client-ecs'
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery'
import { STSClient } from '@aws-sdk/client-sts'
import type { Cloud } from '../ports/index.js'
import { createAccountReader, type AccountClients } from './account/account-adapter.js'
import { CallCounter, type CallListener } from './call-stats.js'
import { CloudMapAdapter } from './cloudmap-adapter.js'
import { EcsAdapter } from './ecs-adapter.js'
import { createFisClient, FisAdapter } from './fis-adapter.js'
import { Semaphore } from '../../shared/concurrency.js'
import { installMiddleware } from './middleware.js'
import { SharedClientConfig, type SdkClientConfig } from './client-config.js'
import { ScalingAdapter } from './scaling-adapter.js'
import { TaggingAdapter } from './tagging-adapter.js'
import { IdentityAdapter, TaskAdapter } from './task-adapter.js'
import { createLookupReader, type LookupClients } from './lookups/lookup-adapter.js'

export interface AwsCloudOptions {
  readonly readOnly: boolean
  /** Already resolved (see region.ts): every client uses this one, never a default of its own. */
  readonly region: string
  readonly profile?: string
  /** An explicit endpoint (the local cloud); otherwise the SDK's own configuration chain, AWS_ENDPOINT_URL* included. */
  readonly endpoint?: string
  readonly credentials?: { accessKeyId: string; secretAccessKey: string }
  /** `--max-attempts`; otherwise AWS_MAX_ATTEMPTS, the profile's max_attempts, or 8. */
  readonly maxAttempts?: number | undefined
  readonly requestTimeoutMs?: number
  /** Calls in flight at once across the clients of this Cloud (default 24). */
  readonly maxInFlight?: number
  readonly onCall?: CallListener
}

/**
 * Enough for the executor's --concurrency writes and the batched steady-state polls to run side by
 * side, few enough that one pass never has hundreds of requests waiting on the wire.
 */
const DEFAULT_CALLS_IN_FLIGHT = 24

/** The reconciler's own SDK clients, each under the name its calls are counted under. */
function coreClients(shared: SharedClientConfig) {
  return {
    ECS: new ECSClient(shared.forClient()),
    ServiceDiscovery: new ServiceDiscoveryClient(shared.forClient()),
    ApplicationAutoScaling: new ApplicationAutoScalingClient(shared.forClient()),
    FIS: createFisClient(shared.forClient()),
    ResourceGroupsTaggingAPI: new ResourceGroupsTaggingAPIClient(shared.forClient()),
    STS: new STSClient(shared.forClient()),
  }
}

export function createAwsCloud(options: AwsCloudOptions): Cloud {
  const region = options.region
  const counter = new CallCounter()
  // One configuration for every client, whatever its SDK generation (client-config.ts).
  const shared = new SharedClientConfig(options)
  const clients = coreClients(shared)
  const guard = {
    readOnly: options.readOnly,
    counter,
    onCall: options.onCall,
    inFlight: new Semaphore(options.maxInFlight ?? DEFAULT_CALLS_IN_FLIGHT),
  }
  for (const [service, client] of Object.entries(clients)) installMiddleware(client, service, guard)
  const account = accountClients(() => shared.forClient())
  for (const [service, client] of Object.entries(ACCOUNT_SERVICE_NAMES)) {
    installMiddleware(account[service as keyof AccountClients], client, guard)
  }
  const lookups = lookupClients(shared, account.ssm, options.endpoint !== undefined)
  installMiddleware(lookups.cloudFormation, 'CloudFormation', guard)
  installMiddleware(lookups.s3, 'S3', guard)
  const ecsAdapter = new EcsAdapter(clients.ECS)
  const cloudMap = new CloudMapAdapter(clients.ServiceDiscovery)
  const scalingAdapter = new ScalingAdapter(clients.ApplicationAutoScaling)
  const fisAdapter = new FisAdapter(clients.FIS)
  const tasks = new TaskAdapter(clients.ECS)
  const readers = {
    ecs: ecsAdapter,
    cloudMap,
    scaling: scalingAdapter,
    fis: fisAdapter,
    tagging: new TaggingAdapter(clients.ResourceGroupsTaggingAPI),
    tasks,
  }
  return {
    readers,
    // Read-only runs get no writer half at all; the middleware is the second fence.
    writers: options.readOnly
      ? undefined
      : { ecs: ecsAdapter, cloudMap, scaling: scalingAdapter, fis: fisAdapter, tasks },
    account: createAccountReader(account),
    lookups: createLookupReader(lookups),
    identity: new IdentityAdapter(clients.STS),
    stats: counter,
    region,
    close: () => {
      for (const client of Object.values(account) as { destroy(): void }[]) client.destroy()
      lookups.cloudFormation.destroy()
      lookups.s3.destroy()
      for (const client of Object.values(clients) as { destroy(): void }[]) client.destroy()
    },
  }
}

/** The name each verify client's calls are counted under (`IAM.GetRole`), as in the IAM policy test. */
const ACCOUNT_SERVICE_NAMES: Record<keyof AccountClients, string> = {
  iam: 'IAM',
  ecr: 'ECR',
  secretsManager: 'SecretsManager',
  ssm: 'SSM',
  logs: 'CloudWatchLogs',
  cloudWatch: 'CloudWatch',
  ec2: 'EC2',
  elbv2: 'ElasticLoadBalancingV2',
}

/** The clients verify reads through, each with the run's shared configuration (and its own retry quota). */
function accountClients(config: () => SdkClientConfig): AccountClients {
  return {
    iam: new IAMClient(config()),
    ecr: new ECRClient(config()),
    secretsManager: new SecretsManagerClient(config()),
    ssm: new SSMClient(config()),
    logs: new CloudWatchLogsClient(config()),
    cloudWatch: new CloudWatchClient(config()),
    ec2: new EC2Client(config()),
    elbv2: new ElasticLoadBalancingV2Client(config()),
  }
}

/**
 * The clients references read through. SSM is verify's client (one count, one retry quota); S3
 * follows a bucket's region on a redirect, and goes path-style under an endpoint override (the local
 * cloud, an emulator), where virtual-hosted bucket names do not resolve.
 */
function lookupClients(shared: SharedClientConfig, ssm: SSMClient, endpointOverride: boolean): LookupClients {
  return {
    ssm,
    cloudFormation: new CloudFormationClient(shared.forClient()),
    s3: new S3Client({
      ...shared.forClient(),
      followRegionRedirects: true,
      forcePathStyle: endpointOverride,
    }),
  }
}
