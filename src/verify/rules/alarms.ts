/**
 * @module Alarms named by deployment alarms and by chaos stop conditions exist
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html,
 * https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html).
 */
import type { FieldPath } from '../../manifest/load/source-map.js'
import type { ManifestResource } from '../../manifest/model.js'
import { failed, skipped } from '../judge.js'
import { alarmNameOf } from '../references.js'
import type { Probe } from '../types.js'
import { existenceProbe, settledProbe, type VerifyRule } from './probe.js'

function alarmProbe(resource: ManifestResource, path: FieldPath, check: string, name: string): Probe {
  return existenceProbe(resource, path, {
    check,
    name,
    kind: 'alarms',
    missing: 'alarm does not exist',
    hint: `create the CloudWatch alarm ${name}, or fix its name`,
  })
}

export const alarmRule: VerifyRule = (resource, context) => {
  if (resource.kind === 'Service') {
    const names = resource.spec.deployment?.alarms?.alarmNames ?? []
    return names.map((name, i) =>
      alarmProbe(resource, ['deployment', 'alarms', 'alarmNames', i], 'deployment alarm', name),
    )
  }
  if (resource.kind !== 'ChaosSchedule') return []
  return (resource.spec.stopConditions ?? []).map((condition, i) => {
    const path = ['stopConditions', i, 'cloudwatchAlarmArn']
    const arn = condition.cloudwatchAlarmArn
    const name = alarmNameOf(arn)
    if (!name) {
      return settledProbe(
        resource,
        path,
        'stop condition alarm',
        arn,
        failed('not a CloudWatch alarm ARN', 'write arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME'),
      )
    }
    const region = arn.split(':')[3]
    if (region !== context.region) {
      return settledProbe(
        resource,
        path,
        'stop condition alarm',
        name,
        skipped(`in region ${region}, not ${context.region}`),
      )
    }
    return alarmProbe(resource, path, 'stop condition alarm', name)
  })
}
