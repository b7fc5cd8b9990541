/** @module chaos/action-id and chaos/parameters: known FIS ECS actions with valid parameters (https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#ecs-actions-reference). */
import { didYouMean } from '../did-you-mean.js'
import {
  FARGATE_USELESS_ACTIONS,
  FIS_ECS_ACTIONS,
  type FisActionSpec,
  type ParameterSpec,
} from '../facts/fis-actions.js'
import type { ManifestIssue } from '../issues.js'
import type { ChaosScheduleResource } from '../model.js'
import { issueAt, type Rule } from './rule.js'

const PARAMETERS = 'chaos/parameters'
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

type ChaosAction = ChaosScheduleResource['spec']['actions'][number]
type ActionPath = (...path: (string | number)[]) => (string | number)[]

/** The hint for parameter `name` that action takes no such parameter: the likely meant one, else all it takes. */
function unknownParameterHint(name: string, spec: FisActionSpec): string {
  const names = Object.keys(spec.parameters)
  const guess = didYouMean(name, names)
  if (guess) return `did you mean "${guess}"?`
  return names.length > 0 ? `its parameters: ${names.join(', ')}` : 'this action takes no parameters'
}

/** Parameters given that the action does not take, or with values it does not accept. */
function givenParameterIssues(
  chaos: ChaosScheduleResource,
  action: ChaosAction,
  spec: FisActionSpec,
  at: ActionPath,
): ManifestIssue[] {
  return Object.entries(action.parameters ?? {}).flatMap(([name, value]) => {
    const p = spec.parameters[name]
    if (!p) {
      const message = `${action.type} has no parameter "${name}"`
      return [
        issueAt(
          chaos,
          at('parameters', name),
          PARAMETERS,
          'error',
          message,
          unknownParameterHint(name, spec),
        ),
      ]
    }
    const problem = invalid(p, value)
    if (!problem) return []
    const message = `${name} = ${JSON.stringify(value)} is not valid for ${action.type}`
    return [issueAt(chaos, at('parameters', name), PARAMETERS, 'error', message, `use ${problem}`)]
  })
}

/** Required parameters of the action that are not given. */
function missingParameterIssues(
  chaos: ChaosScheduleResource,
  action: ChaosAction,
  spec: FisActionSpec,
  at: ActionPath,
): ManifestIssue[] {
  const params = action.parameters ?? {}
  return Object.entries(spec.parameters)
    .filter(([name, p]) => p.required && params[name] === undefined)
    .map(([name]) =>
      issueAt(
        chaos,
        at(action.parameters ? 'parameters' : 'type'),
        PARAMETERS,
        'error',
        `${action.type} needs the parameter "${name}"`,
        `add parameters.${name}`,
      ),
    )
}

/** The issues of action `i` of `chaos`: a type that is useless on Fargate or unknown, else its parameters. */
function actionIssues(
  chaos: ChaosScheduleResource,
  action: ChaosAction,
  i: number,
  ruleId: string,
): ManifestIssue[] {
  const at: ActionPath = (...path) => ['spec', 'actions', i, ...path]
  if (FARGATE_USELESS_ACTIONS.has(action.type)) {
    return [
      issueAt(
        chaos,
        at('type'),
        ruleId,
        'error',
        `${action.type} drains EC2 container instances: there are none on Fargate`,
        'use aws:ecs:stop-task or an aws:ecs:task-* action',
      ),
    ]
  }
  const spec = FIS_ECS_ACTIONS[action.type]
  if (!spec) {
    const known = Object.keys(FIS_ECS_ACTIONS)
    const guess = didYouMean(action.type, known)
    const hint = guess ? `did you mean "${guess}"?` : `use one of ${known.join(', ')}`
    return [issueAt(chaos, at('type'), ruleId, 'error', `unknown FIS ECS action "${action.type}"`, hint)]
  }
  return [
    ...givenParameterIssues(chaos, action, spec, at),
    ...missingParameterIssues(chaos, action, spec, at),
  ]
}

export const chaosActions: Rule = {
  id: 'chaos/action-id',
  description: 'chaos actions are FIS ECS actions that make sense on Fargate, with valid parameters',
  check({ set }) {
    return set.byKind.ChaosSchedule.flatMap((chaos) =>
      chaos.spec.actions.flatMap((action, i) => actionIssues(chaos, action, i, this.id)),
    )
  },
}
