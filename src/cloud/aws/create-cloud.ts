/** @module Builds the Cloud: four SDK clients with the guard and counting middleware, and their adapters. */
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling'
import { ECSClient } from '@aws-sdk/client-ecs'
import { FisClient } from '@aws-sdk/client-fis'
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery'
import type { Cloud } from '../ports/index.js'
import { CallCounter, type CallListener } from './call-stats.js'
import { CloudMapAdapter } from './cloudmap-adapter.js'
import { EcsAdapter } from './ecs-adapter.js'
import { FisAdapter } from './fis-adapter.js'
import { installMiddleware } from './middleware.js'
import { ScalingAdapter } from './scaling-adapter.js'

export interface AwsCloudOptions {
  readonly readOnly: boolean
  /** Already resolved (see region.ts): every client uses this one, never a default of its own. */
  readonly region: string
  readonly profile?: string
  /** An explicit endpoint (the local cloud); otherwise the SDK's own configuration chain, AWS_ENDPOINT_URL* included. */
  readonly endpoint?: string
  readonly credentials?: { accessKeyId: string; secretAccessKey: string }
  readonly maxAttempts?: number
  readonly requestTimeoutMs?: number
  readonly onCall?: CallListener
}

export function createAwsCloud(options: AwsCloudOptions): Cloud {
  const region = options.region
  const credentials = options.credentials ?? (options.endpoint ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined)
  const config = {
    region,
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    // The SDK's standard retry (3 attempts, backoff, throttling-aware) applies; timeouts keep a hung call from stalling a pass.
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: { requestTimeout: options.requestTimeoutMs ?? 30_000, connectionTimeout: 5_000 },
  }
  const counter = new CallCounter()
  const ecs = new ECSClient(config)
  const serviceDiscovery = new ServiceDiscoveryClient(config)
  const scaling = new ApplicationAutoScalingClient(config)
  const fis = new FisClient(config)
  const guard = { readOnly: options.readOnly, counter, onCall: options.onCall }
  installMiddleware(ecs.middlewareStack, 'ECS', guard)
  installMiddleware(serviceDiscovery.middlewareStack, 'ServiceDiscovery', guard)
  installMiddleware(scaling.middlewareStack, 'ApplicationAutoScaling', guard)
  installMiddleware(fis.middlewareStack, 'FIS', guard)
  const ecsAdapter = new EcsAdapter(ecs)
  const cloudMap = new CloudMapAdapter(serviceDiscovery)
  const scalingAdapter = new ScalingAdapter(scaling)
  const fisAdapter = new FisAdapter(fis)
  const readers = { ecs: ecsAdapter, cloudMap, scaling: scalingAdapter, fis: fisAdapter }
  return {
    readers,
    // Read-only runs get no writer half at all; the middleware is the second fence.
    writers: options.readOnly ? undefined : { ecs: ecsAdapter, cloudMap, scaling: scalingAdapter, fis: fisAdapter },
    stats: counter,
    region,
    close: () => {
      ecs.destroy()
      serviceDiscovery.destroy()
      scaling.destroy()
      fis.destroy()
    },
  }
}
