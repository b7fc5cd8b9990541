/** Starts the local cloud for a test and builds real SDK clients pointed at it. */
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling'
import { ECSClient } from '@aws-sdk/client-ecs'
import { FisClient } from '@aws-sdk/client-fis'
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery'
import { accountClients, type AccountClients } from './account-clients.js'
import { lagFromEnvironment } from '../../src/localcloud/consistency.js'
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../src/localcloud/index.js'

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true'

export interface Clients {
  readonly cloud: LocalCloud
  readonly ecs: ECSClient
  readonly sd: ServiceDiscoveryClient
  readonly aas: ApplicationAutoScalingClient
  readonly fis: FisClient
  /** IAM, ECR, Secrets Manager, SSM, Logs, CloudWatch, EC2, ELBv2 and STS. */
  readonly account: AccountClients
  close(): Promise<void>
}

export function clientConfig(endpoint: string, extra: Record<string, unknown> = {}) {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    ...extra,
  }
}

export async function startWithClients(
  options: LocalCloudOptions = {},
  clientExtra: Record<string, unknown> = {},
): Promise<Clients> {
  const cloud = await startLocalCloud({
    clock: 'manual',
    timing: { taskStartSeconds: 10, drainSeconds: 30, namespaceCreateSeconds: 5 },
    ...options,
  })
  const config = clientConfig(cloud.endpoint, clientExtra)
  const ecs = new ECSClient(config)
  const sd = new ServiceDiscoveryClient(config)
  const aas = new ApplicationAutoScalingClient(config)
  const fis = new FisClient(config)
  const account = accountClients(config)
  return {
    cloud,
    ecs,
    sd,
    aas,
    fis,
    account,
    close: async () => {
      for (const c of [ecs, sd, aas, fis]) c.destroy()
      account.destroy()
      await cloud.close()
    },
  }
}

/** The error an SDK call rejects with (fails the test when it resolves). */
export async function errorOf(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise
  } catch (err) {
    return err as { name: string; message: string }
  }
  throw new Error('expected the call to fail')
}

export const FARGATE_TASK = {
  family: 'web',
  networkMode: 'awsvpc' as const,
  requiresCompatibilities: ['FARGATE' as const],
  cpu: '256',
  memory: '512',
  containerDefinitions: [
    {
      name: 'app',
      image: 'public.ecr.aws/nginx/nginx:1.27',
      portMappings: [{ name: 'http', containerPort: 80, appProtocol: 'http' as const }],
    },
  ],
}

/**
 * Waits out the local cloud's consistency lag (ECS_RECONCILER_CONSISTENCY_LAG, set for the whole
 * suite): after a test changes the world behind the reconciler's back, as a person would have done
 * some time before, the next read sees it.
 */
export async function settleConsistency(): Promise<void> {
  const lag = lagFromEnvironment()
  if (lag > 0) await new Promise((resolve) => setTimeout(resolve, lag + 50))
}
