/**
 * @module The task and execution roles exist and trust `ecs-tasks.amazonaws.com`; a chaos schedule's
 * role trusts `fis.amazonaws.com`
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html,
 * https://docs.aws.amazon.com/fis/latest/userguide/getting-started-iam-service-role.html).
 */
import type { FieldPath } from '../../manifest/load/source-map.js'
import type { ManifestResource } from '../../manifest/model.js'
import { failed, passed } from '../judge.js'
import { roleNameOf } from '../references.js'
import type { Probe } from '../types.js'
import { existenceProbe, settledProbe, type VerifyRule } from './probe.js'

export const ECS_TASKS_PRINCIPAL = 'ecs-tasks.amazonaws.com'
export const FIS_PRINCIPAL = 'fis.amazonaws.com'

function roleProbe(
  resource: ManifestResource,
  path: FieldPath,
  check: string,
  arn: string,
  principal: string,
): Probe {
  const name = roleNameOf(arn)
  if (!name) {
    return settledProbe(
      resource,
      path,
      check,
      arn,
      failed('not an IAM role ARN', 'write arn:aws:iam::ACCOUNT:role/NAME'),
    )
  }
  return existenceProbe(resource, path, {
    check,
    name,
    kind: 'roles',
    missing: 'role does not exist',
    hint: `create role ${name} with a trust policy allowing ${principal}, or fix the ARN`,
    found: (role) =>
      role.trustedServices.includes(principal)
        ? passed(`exists and trusts ${principal}`)
        : failed(
            `role does not trust ${principal}`,
            `add ${principal} as a Service principal of sts:AssumeRole in the role's trust policy`,
          ),
  })
}

export const roleRule: VerifyRule = (resource) => {
  if (resource.kind === 'ChaosSchedule') {
    return [roleProbe(resource, ['roleArn'], 'FIS role', resource.spec.roleArn, FIS_PRINCIPAL)]
  }
  if (resource.kind !== 'Service') return []
  const td = resource.spec.taskDefinition
  const probes: Probe[] = []
  if (td.executionRoleArn) {
    probes.push(
      roleProbe(
        resource,
        ['taskDefinition', 'executionRoleArn'],
        'execution role',
        td.executionRoleArn,
        ECS_TASKS_PRINCIPAL,
      ),
    )
  }
  if (td.taskRoleArn) {
    probes.push(
      roleProbe(
        resource,
        ['taskDefinition', 'taskRoleArn'],
        'task role',
        td.taskRoleArn,
        ECS_TASKS_PRINCIPAL,
      ),
    )
  }
  return probes
}
