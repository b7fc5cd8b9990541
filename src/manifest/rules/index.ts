/** @module Every semantic rule, run in this order; each lives in its own file. */
import { autoscalingBounds } from './autoscaling-bounds.js'
import { autoscalingSchedule } from './autoscaling-schedule.js'
import { capacityStrategy } from './capacity-strategy.js'
import { capacityUnstated } from './capacity-unstated.js'
import { chaosActions } from './chaos-actions.js'
import { chaosSchedule } from './chaos-schedule.js'
import { chaosTaskDefinition } from './chaos-task-definition.js'
import { chaosWindows } from './chaos-windows.js'
import { deployPercent } from './deploy-percent.js'
import { deployStrategy } from './deploy-strategy.js'
import { dependencyCycle } from './dependency-cycle.js'
import { duplicateNames } from './duplicate-names.js'
import { fargateContainerSize } from './fargate-container-size.js'
import { fargateCpuMemory } from './fargate-cpu-memory.js'
import { fargateNetwork } from './fargate-network.js'
import { fargatePidMode } from './fargate-pid-mode.js'
import { fargatePlatformVersion } from './fargate-platform-version.js'
import { hookContainer } from './hook-container.js'
import { namespaceReferences, serviceReferences } from './references.js'
import type { Rule } from './rule.js'
import { scAliasUnique } from './sc-alias-unique.js'
import { scClientAliases } from './sc-client-aliases.js'
import { scDiscoveryNameUnique } from './sc-discovery-name-unique.js'
import { scNameFormat } from './sc-name-format.js'
import { scPlatform } from './sc-platform.js'
import { scPortName } from './sc-port-name.js'
import { scProxyHeadroom } from './sc-proxy-headroom.js'
import { scTimeoutTcp } from './sc-timeout-tcp.js'
import { serviceVolumeConfigurations } from './service-volume-configurations.js'

export const rules: readonly Rule[] = [
  duplicateNames,
  serviceReferences,
  namespaceReferences,
  dependencyCycle,
  fargateCpuMemory,
  fargateContainerSize,
  fargatePlatformVersion,
  fargatePidMode,
  fargateNetwork,
  serviceVolumeConfigurations,
  scPortName,
  scDiscoveryNameUnique,
  scAliasUnique,
  scNameFormat,
  scClientAliases,
  scPlatform,
  scProxyHeadroom,
  scTimeoutTcp,
  deployStrategy,
  deployPercent,
  capacityStrategy,
  capacityUnstated,
  hookContainer,
  autoscalingBounds,
  autoscalingSchedule,
  chaosActions,
  chaosTaskDefinition,
  chaosSchedule,
  chaosWindows,
]
export type { Rule, RuleContext } from './rule.js'
