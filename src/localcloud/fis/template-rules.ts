/** @module FIS experiment-template rules from the FIS documentation: stop conditions and action target keys. */
import { fisErrors } from '../errors.js'
import type { Json } from '../state.js'

/**
 * The target key and resource type of each ECS action (FIS actions reference,
 * https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#ecs-actions-reference;
 * https://docs.aws.amazon.com/fis/latest/APIReference/API_CreateExperimentTemplate.html "targets{"Tasks" or "Clusters": targetName}", §7.3 resource types).
 */
const ACTION_TARGETS: Record<string, { key: string; resourceType: string }> = {
  'aws:ecs:drain-container-instances': { key: 'Clusters', resourceType: 'aws:ecs:cluster' },
  'aws:ecs:stop-task': { key: 'Tasks', resourceType: 'aws:ecs:task' },
  'aws:ecs:task-cpu-stress': { key: 'Tasks', resourceType: 'aws:ecs:task' },
  'aws:ecs:task-io-stress': { key: 'Tasks', resourceType: 'aws:ecs:task' },
  'aws:ecs:task-kill-process': { key: 'Tasks', resourceType: 'aws:ecs:task' },
  'aws:ecs:task-network-blackhole-port': { key: 'Tasks', resourceType: 'aws:ecs:task' },
  'aws:ecs:task-network-latency': { key: 'Tasks', resourceType: 'aws:ecs:task' },
  'aws:ecs:task-network-packet-loss': { key: 'Tasks', resourceType: 'aws:ecs:task' },
}

/**
 * Rules CreateExperimentTemplate / UpdateExperimentTemplate enforce beyond field presence, each a
 * ValidationException (the error FIS documents for input that "fails to satisfy the constraints",
 * https://docs.aws.amazon.com/fis/latest/APIReference/API_CreateExperimentTemplate.html#API_CreateExperimentTemplate_Errors):
 * - stopConditions is a required list (CreateExperimentTemplate request syntax; https://docs.aws.amazon.com/fis/latest/APIReference/API_CreateExperimentTemplate.html); an
 *   experiment without a stop condition says so explicitly with `{source: "none"}`
 *   (https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html), so an empty list is refused;
 * - an action names its targets by the key its action type defines (`Tasks` for the aws:ecs:task
 *   actions, `Clusters` for drain-container-instances), and that target has the matching resource type.
 */
export function checkTemplateRules(body: Json): void {
  const stops = body['stopConditions']
  if (stops !== undefined && (!Array.isArray(stops) || stops.length === 0)) {
    throw fisErrors.validation(
      'stopConditions must contain at least one stop condition; use {"source": "none"} for an experiment without one.',
    )
  }
  const targets = (body['targets'] as Record<string, Json> | undefined) ?? {}
  for (const [name, action] of Object.entries((body['actions'] as Record<string, Json> | undefined) ?? {})) {
    const expected = ACTION_TARGETS[String(action['actionId'])]
    if (!expected) continue
    for (const [key, targetName] of Object.entries(
      (action['targets'] as Record<string, string> | undefined) ?? {},
    )) {
      if (key !== expected.key) {
        throw fisErrors.validation(
          `Action ${name} (${String(action['actionId'])}) has an invalid target key ${key}: it takes ${expected.key}.`,
        )
      }
      const resourceType = targets[targetName]?.['resourceType']
      if (resourceType !== undefined && resourceType !== expected.resourceType) {
        throw fisErrors.validation(
          `Action ${name} (${String(action['actionId'])}) needs a target of resource type ${expected.resourceType}, but target ${targetName} is ${JSON.stringify(resourceType)}.`,
        )
      }
    }
  }
}
