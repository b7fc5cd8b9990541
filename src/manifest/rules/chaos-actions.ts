/** @module chaos/action-id and chaos/parameters: known FIS ECS actions with valid parameters (https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#ecs-actions-reference). */
import { didYouMean } from '../did-you-mean.js'
import { FARGATE_USELESS_ACTIONS, FIS_ECS_ACTIONS, type ParameterSpec } from '../facts/fis-actions.js'
import type { ManifestIssue } from '../issues.js'
import { issueAt, type Rule } from './rule.js'

const ISO_DURATION = /^PT(?=\d)(\d+H)?(\d+M)?(\d+S)?$/

function invalid(spec: ParameterSpec, value: string | number | boolean): string | undefined {
  const text = String(value)
  switch (spec.kind) {
    case 'duration':
      return ISO_DURATION.test(text) ? undefined : 'an ISO-8601 duration such as PT5M or PT1H'
    case 'percent':
      return /^\d+$/.test(text) && Number(text) >= 0 && Number(text) <= 100
        ? undefined
        : 'a whole percentage from 0 to 100'
    case 'int':
      return /^\d+$/.test(text) ? undefined : 'a whole number'
    case 'bool':
      return /^(true|false)$/i.test(text) ? undefined : 'true or false'
    case 'enum':
      return spec.values?.includes(text) ? undefined : `one of ${spec.values?.join(', ') ?? ''}`
    case 'string':
      return text.length > 0 ? undefined : 'a non-empty value'
  }
}

export const chaosActions: Rule = {
  id: 'chaos/action-id',
  description: 'chaos actions are FIS ECS actions that make sense on Fargate, with valid parameters',
  check({ set }) {
    const issues: ManifestIssue[] = []
    const known = Object.keys(FIS_ECS_ACTIONS)
    for (const chaos of set.byKind.ChaosSchedule) {
      chaos.spec.actions.forEach((action, i) => {
        const at = (...path: (string | number)[]) => ['spec', 'actions', i, ...path]
        if (FARGATE_USELESS_ACTIONS.has(action.type)) {
          issues.push(
            issueAt(
              chaos,
              at('type'),
              this.id,
              'error',
              `${action.type} drains EC2 container instances: there are none on Fargate`,
              'use aws:ecs:stop-task or an aws:ecs:task-* action',
            ),
          )
          return
        }
        const spec = FIS_ECS_ACTIONS[action.type]
        if (!spec) {
          const guess = didYouMean(action.type, known)
          issues.push(
            issueAt(
              chaos,
              at('type'),
              this.id,
              'error',
              `unknown FIS ECS action "${action.type}"`,
              guess ? `did you mean "${guess}"?` : `use one of ${known.join(', ')}`,
            ),
          )
          return
        }
        const params = action.parameters ?? {}
        for (const [name, value] of Object.entries(params)) {
          const p = spec.parameters[name]
          if (!p) {
            const guess = didYouMean(name, Object.keys(spec.parameters))
            issues.push(
              issueAt(
                chaos,
                at('parameters', name),
                'chaos/parameters',
                'error',
                `${action.type} has no parameter "${name}"`,
                guess
                  ? `did you mean "${guess}"?`
                  : Object.keys(spec.parameters).length > 0
                    ? `its parameters: ${Object.keys(spec.parameters).join(', ')}`
                    : 'this action takes no parameters',
              ),
            )
            continue
          }
          const problem = invalid(p, value)
          if (problem) {
            issues.push(
              issueAt(
                chaos,
                at('parameters', name),
                'chaos/parameters',
                'error',
                `${name} = ${JSON.stringify(value)} is not valid for ${action.type}`,
                `use ${problem}`,
              ),
            )
          }
        }
        for (const [name, p] of Object.entries(spec.parameters)) {
          if (p.required && params[name] === undefined) {
            issues.push(
              issueAt(
                chaos,
                at(action.parameters ? 'parameters' : 'type'),
                'chaos/parameters',
                'error',
                `${action.type} needs the parameter "${name}"`,
                `add parameters.${name}`,
              ),
            )
          }
        }
      })
    }
    return issues
  },
}
