/** @module Schema of `kind: Cluster` (an ECS cluster with Fargate capacity providers). */
import { z } from 'zod'
import { envelope, tagMap } from './common.js'
import { doc, ecs } from './doc.js'
import { timeWindow } from './window.js'

export const capacityProvider = z.enum(['FARGATE', 'FARGATE_SPOT'])

export const capacityProviderStrategyItem = z.strictObject({
  capacityProvider: capacityProvider.describe(
    doc({
      text: 'FARGATE (on-demand) or FARGATE_SPOT (interruptible, cheaper).',
      aws: ecs('CapacityProviderStrategyItem', 'capacityProvider'),
    }),
  ),
  weight: z
    .int()
    .min(0)
    .max(1000)
    .optional()
    .describe(
      doc({
        text: 'Relative share of the tasks placed after every base is met, 0–1000; at least one provider needs a weight above 0.',
        default: '0',
        aws: ecs('CapacityProviderStrategyItem', 'weight'),
      }),
    ),
  base: z
    .int()
    .min(0)
    .max(100000)
    .optional()
    .describe(
      doc({
        text: 'Tasks always placed on this provider before weights apply, 0–100000; only one provider of a strategy may set it.',
        default: '0',
        aws: ecs('CapacityProviderStrategyItem', 'base'),
      }),
    ),
})

export const clusterSpec = z.strictObject({
  capacityProviders: z
    .array(capacityProvider)
    .optional()
    .describe(
      doc({
        text: 'Capacity providers associated with the cluster; a strategy may only use providers listed here.',
        default: 'none associated',
        aws: ecs('PutClusterCapacityProviders', 'capacityProviders'),
      }),
    ),
  defaultCapacityProviderStrategy: z
    .array(capacityProviderStrategyItem)
    .max(20)
    .optional()
    .describe(
      doc({
        text: 'Strategy used by services of this cluster that set neither capacityProviderStrategy nor launchType.',
        default: 'none',
        aws: ecs('PutClusterCapacityProviders', 'defaultCapacityProviderStrategy'),
      }),
    ),
  serviceConnectDefaults: z
    .strictObject({
      namespace: z
        .string()
        .min(1)
        .describe(
          doc({
            text: 'Namespace (a declared Namespace name, or a Cloud Map namespace ARN) for Service Connect services of this cluster that name none.',
            aws: ecs('ClusterServiceConnectDefaultsRequest', 'namespace'),
          }),
        ),
    })
    .optional()
    .describe(
      doc({
        text: 'Service Connect defaults of the cluster.',
        aws: ecs('CreateCluster', 'serviceConnectDefaults'),
      }),
    ),
  containerInsights: z
    .enum(['enabled', 'disabled', 'enhanced'])
    .optional()
    .describe(
      doc({
        text: 'CloudWatch Container Insights for the cluster (the containerInsights cluster setting).',
        default: 'disabled',
        aws: ecs('ClusterSetting', 'value'),
      }),
    ),
  /** While one holds, the daemon plans and reports but changes nothing in this cluster and starts no chaos there. */
  freezeWindows: z
    .array(timeWindow)
    .optional()
    .describe(
      doc({
        text: 'Windows in which the daemon plans and reports but changes nothing in this cluster and starts no chaos there; apply refuses without --ignore-freeze. No AWS counterpart.',
      }),
    ),
  tags: tagMap.optional().describe(
    doc({
      text: 'Tags on the cluster, as a map; ecs-reconciler adds its ownership tags.',
      aws: ecs('CreateCluster', 'tags'),
    }),
  ),
})

export const clusterDocument = envelope('Cluster', clusterSpec, {
  text: 'An ECS cluster with Fargate capacity providers. Optional: a service may name a cluster that is not declared, which must then exist. Clusters are never pruned.',
  aws: ecs('CreateCluster'),
})
export type ClusterSpec = z.infer<typeof clusterSpec>
