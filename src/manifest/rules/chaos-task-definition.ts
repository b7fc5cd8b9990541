/** @module chaos/task-definition: the target's task definition allows the FIS actions (https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#ecs-actions-reference). */
import { FIS_ECS_ACTIONS } from '../facts/fis-actions.js'
import type { ManifestIssue } from '../issues.js'
import { resolveService } from '../references.js'
import { issueAt, type Rule } from './rule.js'

export const chaosTaskDefinition: Rule = {
  id: 'chaos/task-definition',
  description:
    'aws:ecs:task-* actions need the SSM agent sidecar, enableFaultInjection, ECS Exec off; some need pidMode task',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const chaos of set.byKind.ChaosSchedule) {
      const target = resolveService(set, chaos.spec.target.service, chaos.cluster)
      if (!target) continue
      const td = target.spec.taskDefinition
      const hasAgent = td.containers.some((c) => c.image.includes('amazon-ssm-agent'))
      const networkActions: number[] = []
      chaos.spec.actions.forEach((action, i) => {
        const spec = FIS_ECS_ACTIONS[action.type]
        if (!spec) return
        const at = ['spec', 'actions', i, 'type']
        const needs: string[] = []
        if (spec.needsSsmAgent && !hasAgent) {
          needs.push(
            'an SSM agent sidecar container (image public.ecr.aws/amazon-ssm-agent/amazon-ssm-agent, essential: false)',
          )
        }
        if (spec.needsSsmAgent && td.enableFaultInjection !== true) {
          needs.push('taskDefinition.enableFaultInjection: true')
        }
        if (spec.needsPidModeTask && td.pidMode !== 'task') needs.push('taskDefinition.pidMode: task')
        if (spec.needsSsmAgent && target.spec.enableExecuteCommand === true) {
          needs.push('enableExecuteCommand off (FIS task actions need ECS Exec disabled)')
        }
        if (needs.length > 0) {
          issues.push(
            issueAt(
              chaos,
              at,
              this.id,
              'error',
              `${action.type} cannot run on service "${target.name}": it needs ${needs.join('; ')}`,
              `change Service "${target.name}" accordingly`,
            ),
          )
        }
        if (spec.network) {
          networkActions.push(i)
          const endpoints = String(
            action.parameters?.['useEcsFaultInjectionEndpoints'] ?? 'false',
          ).toLowerCase()
          if (endpoints !== 'true') {
            issues.push(
              issueAt(
                chaos,
                action.parameters ? ['spec', 'actions', i, 'parameters'] : at,
                'chaos/network-endpoints',
                'error',
                `${action.type} on Fargate must use the ECS fault-injection endpoints`,
                'set parameters.useEcsFaultInjectionEndpoints: "true"',
              ),
            )
          }
        }
      })
      if (networkActions.length > 1) {
        issues.push(
          issueAt(
            chaos,
            ['spec', 'actions', networkActions[1] ?? 0, 'type'],
            'chaos/network-parallel',
            'warning',
            'FIS cannot run two ECS network actions in parallel on the same tasks',
            'split them into separate schedules',
          ),
        )
      }
    }
    return issues
  },
}
