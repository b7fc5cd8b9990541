/** @module AWS's service models for the services we call, keyed by the model's endpoint prefix. */
import { applicationAutoscalingModel } from './generated/application-autoscaling.js'
import { ecsModel } from './generated/ecs.js'
import { fisModel } from './generated/fis.js'
import { servicediscoveryModel } from './generated/servicediscovery.js'
import type { ServiceModel } from './types.js'

export type { ServiceModel, Shape, Operation, MemberRef } from './types.js'

export const serviceModels = {
  ecs: ecsModel,
  servicediscovery: servicediscoveryModel,
  'application-autoscaling': applicationAutoscalingModel,
  fis: fisModel,
} as const satisfies Readonly<Record<string, ServiceModel>>

export type ModelledService = keyof typeof serviceModels
