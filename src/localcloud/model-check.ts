/**
 * @module Every request checked against AWS's published model of its operation before a handler sees it
 * (required members, types, enums, lengths, ranges, patterns), and every error code answered checked
 * against the codes the model declares for that operation. LocalStack and moto parse with the same models
 * but do not validate by default; we do, so the local cloud refuses what AWS refuses.
 */
import { serviceModels, type ModelledService, type ServiceModel } from '../aws-model/index.js'
import { validateOperationInput, type ModelViolation } from '../aws-model/validate.js'
import { AwsError } from './errors.js'

/** awsJson target prefixes of the services the model covers. */
export const MODEL_BY_TARGET_PREFIX: Readonly<Record<string, ModelledService>> = {
  AmazonEC2ContainerServiceV20141113: 'ecs',
  Route53AutoNaming_v20170314: 'servicediscovery',
  AnyScaleFrontendService: 'application-autoscaling',
}

/**
 * The code a service answers for input its model refuses: the operation's own declared validation error.
 * Application Auto Scaling and FIS declare ValidationException, Cloud Map InvalidInput; ECS answers invalid
 * requests with ClientException ("caused by a client action … specifying an identifier that isn't valid",
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html#API_RegisterTaskDefinition_Errors).
 * Which of its declared codes ECS picks for a model violation is not documented; ClientException is our choice.
 */
const VALIDATION_CODES = [
  'ValidationException',
  'InvalidInput',
  'ClientException',
  'InvalidParameterException',
]

export function validationErrorCode(model: ServiceModel, operation: string): string {
  const declared = model.operations[operation]?.errors ?? []
  return VALIDATION_CODES.find((c) => declared.includes(c)) ?? 'ValidationError'
}

/** Refuses input the model does not allow, with AWS's "N validation errors detected" message. */
export function refuseInvalidInput(model: ServiceModel, operation: string, input: unknown): void {
  const violations = validateOperationInput(model, operation, input)
  if (violations.length === 0) return
  throw new AwsError(validationErrorCode(model, operation), validationMessage(violations))
}

export function validationMessage(violations: readonly ModelViolation[]): string {
  const n = violations.length
  const parts = violations.map(
    (v) => `Value ${describe(v.value)} at '${v.path}' failed to satisfy constraint: ${v.expected}`,
  )
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${parts.join('; ')}`
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return 'null'
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return `'${text.length > 64 ? `${text.slice(0, 61)}...` : text}'`
}

/** Whether the model lets `operation` answer `code` (its declared errors, or one any operation may return). */
export function isDeclaredError(model: ServiceModel, operation: string, code: string): boolean {
  const declared = model.operations[operation]?.errors ?? []
  return declared.includes(code) || model.commonErrors.includes(code)
}

export function modelFor(service: ModelledService): ServiceModel {
  return serviceModels[service]
}

/** The model operation a REST request addresses, and the values its URI template binds. */
export function restOperation(
  model: ServiceModel,
  method: string,
  path: string,
): { operation: string; uriParams: Record<string, string> } | undefined {
  const segments = path.split('/').filter(Boolean)
  for (const [operation, op] of Object.entries(model.operations)) {
    if (op.http.method !== method) continue
    const template = (op.http.requestUri.split('?')[0] ?? '').split('/').filter(Boolean)
    const bound = bindTemplate(template, segments)
    if (bound) return { operation, uriParams: bound }
  }
  return undefined
}

function bindTemplate(
  template: readonly string[],
  segments: readonly string[],
): Record<string, string> | undefined {
  const params: Record<string, string> = {}
  for (let i = 0; i < template.length; i++) {
    const part = template[i]!
    const greedy = /^\{(\w+)\+\}$/.exec(part)
    if (greedy) {
      // A greedy label ({resourceArn+}) takes the rest of the path, slashes included.
      if (i >= segments.length) return undefined
      params[greedy[1]!] = segments.slice(i).map(decodeURIComponent).join('/')
      return params
    }
    const segment = segments[i]
    if (segment === undefined) return undefined
    const label = /^\{(\w+)\}$/.exec(part)
    if (label) params[label[1]!] = decodeURIComponent(segment)
    else if (part !== segment) return undefined
  }
  return template.length === segments.length ? params : undefined
}

/** A REST request's input as the model names it: body members, URI labels and query string members. */
export function restInput(
  model: ServiceModel,
  operation: string,
  uriParams: Readonly<Record<string, string>>,
  query: URLSearchParams,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const inputShape = model.operations[operation]?.input
  const members = (inputShape && model.shapes[inputShape]?.members) || {}
  const input: Record<string, unknown> = { ...body }
  for (const [name, member] of Object.entries(members)) {
    const wireName = member.locationName ?? name
    if (member.location === 'uri' && uriParams[wireName] !== undefined) input[name] = uriParams[wireName]
    if (member.location === 'querystring') {
      const values = query.getAll(wireName)
      if (values.length === 0) continue
      const type = model.shapes[member.shape]?.type
      input[name] =
        type === 'list' ? values : type === 'integer' || type === 'long' ? Number(values[0]) : values[0]
    }
  }
  return input
}
