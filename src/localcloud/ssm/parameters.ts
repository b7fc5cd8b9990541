/**
 * @module SSM parameter names and selectors: a name or its ARN, optionally `:version` or `:label`
 * (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html), and
 * the hierarchy paths GetParametersByPath and the Path filter walk.
 */
import { AwsError } from '../errors.js'
import type { SsmParameter, SsmParameterVersion } from '../account/state.js'
import { regional } from '../account/state.js'
import type { HandlerContext } from '../context.js'

export const validation = (m: string) => new AwsError('ValidationException', m)
export const parameterNotFound = (name: string) =>
  new AwsError('ParameterNotFound', `Parameter ${name} not found.`)

/** Name: letters, digits and . - _ / (API_PutParameter); at most 15 levels of hierarchy. */
const PARAMETER_NAME = /^[A-Za-z0-9_.\-/]{1,2048}$/

export function checkName(name: string): void {
  if (!PARAMETER_NAME.test(name) || /^\/?(aws|ssm)/i.test(name)) {
    throw validation(
      `Parameter name: can't be prefixed with "aws" or "ssm" (case-insensitive) and may contain only letters, digits and the symbols . - _ /; got ${name}.`,
    )
  }
  if (name.split('/').length - 1 > 15) {
    throw new AwsError('HierarchyLevelLimitExceededException', 'A hierarchy can have a maximum of 15 levels.')
  }
}

/** The ARN's resource part: `parameter/a/b` for `/a/b`, `parameter/x` for `x`. */
export const parameterResource = (name: string): string => `parameter/${name.replace(/^\//, '')}`

/** A name, or an ARN of this account and region, back to the parameter's name. */
function nameOf(ctx: HandlerContext, nameOrArn: string): string {
  const arn = /^arn:aws:ssm:([^:]+):(\d{12}):parameter(\/.*)$/.exec(nameOrArn)
  if (!arn) return nameOrArn
  const tail = arn[3] ?? ''
  const plain = tail.slice(1)
  return ctx.world.ssm.parameters[regional(ctx.region, tail)] ? tail : plain
}

/** A selector's name (or ARN) and its `:version` or `:label` qualifier; names hold no colon. */
function splitSelector(selector: string): { base: string; qualifier: string | undefined } {
  const parts = selector.split(':')
  const nameParts = selector.startsWith('arn:') ? 6 : 1
  return { base: parts.slice(0, nameParts).join(':'), qualifier: parts[nameParts] }
}

/** The parameter and version a `name[:version|:label]` selects. */
export function select(
  ctx: HandlerContext,
  selector: string,
): { parameter: SsmParameter; version: SsmParameterVersion; qualifier?: string } {
  const { base, qualifier } = splitSelector(selector)
  const name = nameOf(ctx, base)
  const parameter = ctx.world.ssm.parameters[regional(ctx.region, name)]
  if (!parameter) throw parameterNotFound(selector)
  const current = parameter.versions.at(-1)!
  if (qualifier === undefined) return { parameter, version: current }
  if (/^\d+$/.test(qualifier)) {
    const version = parameter.versions.find((v) => v.version === Number(qualifier))
    if (!version) {
      throw new AwsError(
        'ParameterVersionNotFound',
        `Systems Manager could not find version ${qualifier} of ${name}. Verify the version and try again.`,
      )
    }
    return { parameter, version, qualifier }
  }
  const labelled = parameter.versions.find((v) => v.labels.includes(qualifier))
  if (!labelled) throw parameterNotFound(selector)
  return { parameter, version: labelled, qualifier }
}

/** Whether `name` is under `path`: one level down, or any depth when recursive. */
export function underPath(name: string, path: string, recursive: boolean): boolean {
  const prefix = path.endsWith('/') ? path : `${path}/`
  if (!name.startsWith(prefix)) return false
  return recursive || !name.slice(prefix.length).includes('/')
}
