/**
 * @module Each `awslogs` log group exists, or `awslogs-create-group` lets ECS create it
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html).
 */
import type { ServiceResource } from '../../manifest/model.js'
import { passed, skipped } from '../judge.js'
import type { Probe, VerifyContext } from '../types.js'
import { existenceProbe, settledProbe, type VerifyRule } from './probe.js'

const CHECK = 'log group'

function logGroupProbe(
  resource: ServiceResource,
  index: number,
  options: Readonly<Record<string, string>>,
  context: VerifyContext,
): Probe | undefined {
  const group = options['awslogs-group']
  if (!group) return undefined
  const path = ['taskDefinition', 'containers', index, 'logConfiguration', 'options', 'awslogs-group']
  if (options['awslogs-create-group'] === 'true') {
    return settledProbe(
      resource,
      path,
      CHECK,
      group,
      passed('created by ECS on first start (awslogs-create-group)'),
    )
  }
  const region = options['awslogs-region'] ?? context.region
  if (region !== context.region) {
    return settledProbe(resource, path, CHECK, group, skipped(`in region ${region}, not ${context.region}`))
  }
  return existenceProbe(resource, path, {
    check: CHECK,
    name: group,
    kind: 'logGroups',
    missing: 'log group does not exist',
    hint: 'create it (aws logs create-log-group), or set awslogs-create-group: "true"',
  })
}

export const logGroupRule: VerifyRule = (resource, context) => {
  if (resource.kind !== 'Service') return []
  return resource.spec.taskDefinition.containers.flatMap((container, i) => {
    const log = container.logConfiguration
    if (log?.logDriver !== 'awslogs') return []
    const probe = logGroupProbe(resource, i, log.options ?? {}, context)
    return probe ? [probe] : []
  })
}
