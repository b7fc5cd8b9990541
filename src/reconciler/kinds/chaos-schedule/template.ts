/** @module Renders a ChaosSchedule into FIS experiment-template content, and its comparable view. Pure. */
import type { ExperimentTemplateContent } from '../../../cloud/ports/index.js'
import type { ChaosScheduleResource } from '../../../manifest/model.js'

const TARGET = 'tasks'
/** FIS task selection when a schedule names none; `import` leaves a live selection equal to it out. */
export const DEFAULT_SELECTION = 'COUNT(1)'

export function desiredExperimentTemplate(
  chaos: ChaosScheduleResource,
  serviceCluster: string,
): ExperimentTemplateContent {
  const spec = chaos.spec
  const stopConditions =
    spec.stopConditions && spec.stopConditions.length > 0
      ? spec.stopConditions.map((s) => ({ source: 'aws:cloudwatch:alarm', value: s.cloudwatchAlarmArn }))
      : [{ source: 'none' }]
  return {
    description: spec.description ?? `ecs-reconciler ChaosSchedule ${chaos.name}`,
    roleArn: spec.roleArn,
    stopConditions,
    targets: {
      [TARGET]: {
        resourceType: 'aws:ecs:task',
        selectionMode: spec.target.selection ?? DEFAULT_SELECTION,
        parameters: { cluster: serviceCluster, service: spec.target.service },
      },
    },
    actions: Object.fromEntries(
      spec.actions.map((action, i) => [
        action.name ?? `action-${i + 1}`,
        {
          actionId: action.type,
          // FIS parameters are strings; manifests may write numbers and booleans.
          ...(action.parameters
            ? {
                parameters: Object.fromEntries(
                  Object.entries(action.parameters).map(([k, v]) => [k, String(v)]),
                ),
              }
            : {}),
          ...(action.type === 'aws:ecs:drain-container-instances' ? {} : { targets: { Tasks: TARGET } }),
        },
      ]),
    ),
  }
}

export function experimentTemplateView(content: ExperimentTemplateContent): Record<string, unknown> {
  return {
    description: content.description,
    roleArn: content.roleArn,
    stopConditions: content.stopConditions.map((s) => `${s.source}${s.value ? `=${s.value}` : ''}`).sort(),
    targets: content.targets,
    actions: Object.fromEntries(
      Object.entries(content.actions).map(([name, a]) => [
        name,
        {
          actionId: a.actionId,
          parameters: a.parameters && Object.keys(a.parameters).length > 0 ? a.parameters : undefined,
          targets: a.targets,
        },
      ]),
    ),
  }
}
