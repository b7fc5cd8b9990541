/** @module Schema of `kind: Cluster` (an ECS cluster with Fargate capacity providers). */
import { z } from 'zod'
import { envelope, tagMap } from './common.js'
import { timeWindow } from './window.js'

export const capacityProvider = z.enum(['FARGATE', 'FARGATE_SPOT'])

export const capacityProviderStrategyItem = z.strictObject({
  capacityProvider: capacityProvider,
  weight: z.int().min(0).max(1000).optional(),
  base: z.int().min(0).max(100000).optional(),
})

export const clusterSpec = z.strictObject({
  capacityProviders: z.array(capacityProvider).optional(),
  defaultCapacityProviderStrategy: z.array(capacityProviderStrategyItem).max(20).optional(),
  serviceConnectDefaults: z.strictObject({ namespace: z.string().min(1) }).optional(),
  containerInsights: z.enum(['enabled', 'disabled', 'enhanced']).optional(),
  /** While one holds, the daemon plans and reports but changes nothing in this cluster and starts no chaos there. */
  freezeWindows: z.array(timeWindow).optional(),
  tags: tagMap.optional(),
})

export const clusterDocument = envelope('Cluster', clusterSpec)
export type ClusterSpec = z.infer<typeof clusterSpec>
