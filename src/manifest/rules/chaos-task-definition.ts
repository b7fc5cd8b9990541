/** @module chaos/task-definition: the target's task definition allows the FIS actions (https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#ecs-actions-reference). */
import { FIS_ECS_ACTIONS, type FisActionSpec } from '../facts/fis-actions.js'
import type { ManifestIssue } from '../issues.js'
import type { ChaosScheduleResource, ServiceResource } from '../model.js'
import { resolveService } from '../references.js'
import { issueAt, type Rule } from './rule.js'

type ChaosAction = ChaosScheduleResource['spec']['actions'][number]

/** What of the target service a FIS task action depends on. */
export interface TaskSetup {
  readonly hasSsmAgent: boolean
  readonly enableFaultInjection?: boolean | undefined
  readonly pidMode?: string | undefined
  readonly enableExecuteCommand?: boolean | undefined
}

function taskSetupOf(target: ServiceResource): TaskSetup {
  const td = target.spec.taskDefinition
  return {
    hasSsmAgent: td.containers.some((c) => c.image.includes('amazon-ssm-agent')),
    enableFaultInjection: td.enableFaultInjection,
    pidMode: td.pidMode,
    enableExecuteCommand: target.spec.enableExecuteCommand,
  }
}

/** What the target lacks to run an action needing `spec`, in the order the message lists it (empty: it can run). */
export function missingTaskSetup(
  spec: Pick<FisActionSpec, 'needsSsmAgent' | 'needsPidModeTask'>,
  setup: TaskSetup,
): string[] {
  const needs: string[] = []
  if (spec.needsSsmAgent && !setup.hasSsmAgent) {
    needs.push(
      'an SSM agent sidecar container (image public.ecr.aws/amazon-ssm-agent/amazon-ssm-agent, essential: false)',
    )
  }
  if (spec.needsSsmAgent && setup.enableFaultInjection !== true) {
    needs.push('taskDefinition.enableFaultInjection: true')
  }
  if (spec.needsPidModeTask && setup.pidMode !== 'task') needs.push('taskDefinition.pidMode: task')
  if (spec.needsSsmAgent && setup.enableExecuteCommand === true) {
    needs.push('enableExecuteCommand off (FIS task actions need ECS Exec disabled)')
  }
  return needs
}

/** A network action on Fargate that does not use the ECS fault-injection endpoints. */
function networkEndpointsIssue(
  chaos: ChaosScheduleResource,
  action: ChaosAction,
  i: number,
): ManifestIssue | undefined {
  const endpoints = String(action.parameters?.['useEcsFaultInjectionEndpoints'] ?? 'false').toLowerCase()
  if (endpoints === 'true') return undefined
  return issueAt(
    chaos,
    action.parameters ? ['spec', 'actions', i, 'parameters'] : ['spec', 'actions', i, 'type'],
    'chaos/network-endpoints',
    'error',
    `${action.type} on Fargate must use the ECS fault-injection endpoints`,
    'set parameters.useEcsFaultInjectionEndpoints: "true"',
  )
}

/** The issues of action `i` of `chaos` (a known FIS ECS action) against its target service. */
function actionIssues(
  ruleId: string,
  chaos: ChaosScheduleResource,
  target: ServiceResource,
  action: ChaosAction,
  i: number,
): ManifestIssue[] {
  const spec = FIS_ECS_ACTIONS[action.type]
  if (!spec) return []
  const issues: ManifestIssue[] = []
  const needs = missingTaskSetup(spec, taskSetupOf(target))
  if (needs.length > 0) {
    issues.push(
      issueAt(
        chaos,
        ['spec', 'actions', i, 'type'],
        ruleId,
        'error',
        `${action.type} cannot run on service "${target.name}": it needs ${needs.join('; ')}`,
        `change Service "${target.name}" accordingly`,
      ),
    )
  }
  const endpoints = spec.network ? networkEndpointsIssue(chaos, action, i) : undefined
  if (endpoints) issues.push(endpoints)
  return issues
}

/** FIS runs no two ECS network actions in parallel on the same tasks: warn at the second one. */
function parallelNetworkIssue(chaos: ChaosScheduleResource): ManifestIssue | undefined {
  const networkActions = chaos.spec.actions.flatMap((action, i) =>
    FIS_ECS_ACTIONS[action.type]?.network ? [i] : [],
  )
  if (networkActions.length <= 1) return undefined
  return issueAt(
    chaos,
    ['spec', 'actions', networkActions[1] ?? 0, 'type'],
    'chaos/network-parallel',
    'warning',
    'FIS cannot run two ECS network actions in parallel on the same tasks',
    'split them into separate schedules',
  )
}

export const chaosTaskDefinition: Rule = {
  id: 'chaos/task-definition',
  description:
    'aws:ecs:task-* actions need the SSM agent sidecar, enableFaultInjection, ECS Exec off; some need pidMode task',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const chaos of set.byKind.ChaosSchedule) {
      const target = resolveService(set, chaos.spec.target.service, chaos.cluster)
      if (!target) continue
      chaos.spec.actions.forEach((action, i) =>
        issues.push(...actionIssues(this.id, chaos, target, action, i)),
      )
      const parallel = parallelNetworkIssue(chaos)
      if (parallel) issues.push(parallel)
    }
    return issues
  },
}
