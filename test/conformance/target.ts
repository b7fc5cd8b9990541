/**
 * The emulator a conformance test runs against: the local cloud started in-process (the default,
 * part of `npm test`), or moto at ECS_RECONCILER_MOTO_ENDPOINT (`npm run test:moto`). Tests reach it
 * through our adapters (createAwsCloud) and, where an adapter hides the wire detail AWS documents
 * (failures[], error codes, pages), through the SDK clients themselves.
 */
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling'
import { ECSClient } from '@aws-sdk/client-ecs'
import { FisClient } from '@aws-sdk/client-fis'
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery'
import { randomBytes } from 'node:crypto'
import { inject, it } from 'vitest'
import { createAwsCloud } from '../../src/cloud/aws/create-cloud.js'
import type { Cloud } from '../../src/cloud/ports/index.js'
import { startLocalCloud } from '../../src/localcloud/index.js'
import { accountClients, type AccountClients } from '../support/account-clients.js'
import { clientConfig } from '../support/local-cloud.js'
import { createMotoNetwork, MOTO_ENDPOINT_ENV, motoAnswers } from '../support/moto.js'

export type TargetName = 'local' | 'moto'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by test/conformance/moto-setup.ts when the run targets moto. */
    motoEndpoint: string
  }
}

/** The target of this run: moto when the moto config provided an endpoint, else the local cloud. */
export function targetName(): TargetName {
  return motoEndpointOrUndefined() ? 'moto' : 'local'
}

function motoEndpointOrUndefined(): string | undefined {
  let provided: string | undefined
  try {
    provided = inject('motoEndpoint')
  } catch {
    provided = undefined
  }
  return provided || undefined
}

export interface Target {
  readonly name: TargetName
  readonly endpoint: string
  readonly region: string
  /** Our adapters, as the reconciler uses them. */
  readonly cloud: Cloud
  /** The SDK clients, for what the adapters do not expose. */
  readonly ecs: ECSClient
  readonly sd: ServiceDiscoveryClient
  readonly aas: ApplicationAutoScalingClient
  readonly fis: FisClient
  /** IAM, ECR, Secrets Manager, SSM, Logs, CloudWatch, EC2, ELBv2 and STS clients. */
  readonly account: AccountClients
  /** Subnets and security groups an awsvpc service may name on this target. */
  network(): Promise<{ subnets: string[]; securityGroups: string[] }>
  /** Lets asynchronous work (Cloud Map operations) move on: the local cloud's manual clock advances. */
  settle(): void
  close(): Promise<void>
}

/** Names unique to one test file's run: moto is shared by every file and keeps state between runs. */
export function uniqueName(base: string): string {
  return `${base}-${randomBytes(3).toString('hex')}`
}

export async function openTarget(): Promise<Target> {
  const region = 'us-east-1'
  const motoEndpoint = motoEndpointOrUndefined()
  let endpoint: string
  let stop: () => Promise<void>
  let settle: () => void
  let network: () => Promise<{ subnets: string[]; securityGroups: string[] }>
  if (motoEndpoint) {
    if (!(await motoAnswers(motoEndpoint))) {
      throw new Error(`moto does not answer at ${motoEndpoint} (${MOTO_ENDPOINT_ENV})`)
    }
    endpoint = motoEndpoint
    stop = () => Promise.resolve()
    settle = () => {}
    let made: Promise<{ subnets: string[]; securityGroups: string[] }> | undefined
    // moto's ECS checks awsvpc subnets and security groups against its EC2 (moto/ecs/models.py, Service._validate_network).
    network = () => (made ??= createMotoNetwork(endpoint))
  } else {
    const local = await startLocalCloud({
      clock: 'manual',
      region,
      timing: { taskStartSeconds: 5, drainSeconds: 5, namespaceCreateSeconds: 1 },
    })
    endpoint = local.endpoint
    stop = () => local.close()
    settle = () => local.advance(60)
    network = () =>
      Promise.resolve({
        subnets: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
        securityGroups: ['sg-0123456789abcdef0'],
      })
  }
  const cloud = createAwsCloud({
    endpoint,
    region,
    readOnly: false,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  })
  const config = clientConfig(endpoint, { region })
  const ecs = new ECSClient(config)
  const sd = new ServiceDiscoveryClient(config)
  const aas = new ApplicationAutoScalingClient(config)
  const fis = new FisClient(config)
  const account = accountClients(config)
  return {
    name: motoEndpoint ? 'moto' : 'local',
    endpoint,
    region,
    cloud,
    ecs,
    sd,
    aas,
    fis,
    account,
    network,
    settle,
    close: async () => {
      cloud.close()
      for (const c of [ecs, sd, aas, fis]) c.destroy()
      account.destroy()
      await stop()
    },
  }
}

/** Set to run the gap tests on moto too, to see whether a newer moto still has each gap. */
export const RUN_GAPS_ENV = 'ECS_RECONCILER_CONFORMANCE_RUN_GAPS'

/**
 * A test of documented AWS behaviour that moto does not implement: skipped on moto with the
 * reason and where moto shows it (its source file or release notes); run as usual on the local cloud.
 */
export function motoGap(reason: string, source: string) {
  return (name: string, fn: () => Promise<void>, timeout?: number) => {
    if (targetName() === 'moto' && !process.env[RUN_GAPS_ENV]) {
      it.skip(`${name} [moto gap: ${reason} — ${source}]`, fn)
    } else it(name, fn, timeout)
  }
}

/** The error a call rejects with; fails the test when it resolves. */
export async function rejectionOf(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; awsCode?: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise
  } catch (err) {
    return err as { name: string; message: string }
  }
  throw new Error('expected the call to fail')
}
