/**
 * @module A stack's parameter values and outputs from its template and the CreateStack parameters:
 * given values, else defaults (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html),
 * and outputs whose values are literals or a `Ref` to a parameter (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-ref.html).
 */
import type { Template } from './template.js'
import { validation } from './template.js'

export interface GivenParameter {
  readonly key: string
  readonly value: string | undefined
}

export interface StackOutput {
  readonly key: string
  readonly value: string
  readonly description?: string
  readonly exportName?: string
}

const listed = (keys: readonly string[]) => `[${keys.join(', ')}]`

function checkValue(template: Template, key: string, value: string): void {
  const parameter = template.parameters[key]
  if (parameter?.type === 'Number' && (value.trim() === '' || Number.isNaN(Number(value)))) {
    throw validation(`Parameter '${key}' must be a number.`)
  }
  if (parameter?.allowedValues && !parameter.allowedValues.includes(value)) {
    throw validation(`Parameter '${key}' must be one of AllowedValues`)
  }
}

/** Every template parameter's value: the given one, else its default; unknown and missing ones are refused. */
export function parameterValues(
  template: Template,
  given: readonly GivenParameter[],
): Record<string, string> {
  const unknown = given.map((p) => p.key).filter((key) => !(key in template.parameters))
  if (unknown.length > 0) throw validation(`Parameters: ${listed(unknown)} do not exist in the template`)
  const values: Record<string, string> = {}
  const missing: string[] = []
  for (const [key, parameter] of Object.entries(template.parameters)) {
    const value = given.find((p) => p.key === key)?.value ?? parameter.default
    if (value === undefined) missing.push(key)
    else values[key] = value
  }
  if (missing.length > 0) throw validation(`Parameters: ${listed(missing)} must have values`)
  for (const [key, value] of Object.entries(values)) checkValue(template, key, value)
  return values
}

const NO_ENGINE =
  'the local cloud has no template engine: an output value is a literal or a Ref to a declared parameter'

function refTarget(
  template: Template,
  target: unknown,
  where: string,
  values: Record<string, string>,
): string {
  if (typeof target !== 'string') throw validation(`${where}: Ref takes the name of a parameter.`)
  const parameter = template.parameters[target]
  if (parameter) {
    if (parameter.type.startsWith('List<') || parameter.type === 'CommaDelimitedList') {
      throw validation(
        `${where}: Ref ${target} is a list (${parameter.type}); an output value must be a string.`,
      )
    }
    return values[target] ?? ''
  }
  if (template.resources.includes(target)) {
    throw validation(`${where}: Ref to resource ${target} is not supported: ${NO_ENGINE}.`)
  }
  if (target.startsWith('AWS::')) {
    throw validation(`${where}: the pseudo parameter ${target} is not supported: ${NO_ENGINE}.`)
  }
  throw validation(
    `Template format error: Unresolved resource dependencies [${target}] in the Outputs block of the template`,
  )
}

/** A literal (numbers and booleans as their text) or `{Ref: parameter}`; any other intrinsic is refused by name. */
function evaluate(template: Template, expr: unknown, where: string, values: Record<string, string>): string {
  if (typeof expr === 'string') return expr
  if (typeof expr === 'number' || typeof expr === 'boolean') return String(expr)
  if (typeof expr === 'object' && expr !== null && !Array.isArray(expr)) {
    const [fn, ...more] = Object.keys(expr)
    if (fn === 'Ref' && more.length === 0) {
      return refTarget(template, (expr as Record<string, unknown>)['Ref'], where, values)
    }
    if (fn !== undefined && (fn.startsWith('Fn::') || fn === 'Condition')) {
      throw validation(`${where}: ${fn} is not supported: ${NO_ENGINE}.`)
    }
  }
  throw validation(`${where}: ${NO_ENGINE} (a string, a number or {Ref: PARAMETER}).`)
}

/** The stack's outputs in template order. */
export function evaluateOutputs(template: Template, values: Record<string, string>): StackOutput[] {
  return Object.entries(template.outputs).map(([key, output]) => {
    const exportName =
      output.exportName === undefined
        ? undefined
        : evaluate(template, output.exportName, `Outputs.${key}.Export.Name`, values)
    return {
      key,
      value: evaluate(template, output.value, `Outputs.${key}.Value`, values),
      ...(output.description !== undefined ? { description: output.description } : {}),
      ...(exportName !== undefined ? { exportName } : {}),
    }
  })
}
