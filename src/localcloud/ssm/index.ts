/**
 * @module AWS Systems Manager Parameter Store (awsJson1_1, target prefix `AmazonSSM`): PutParameter,
 * GetParameter(s), GetParametersByPath, DescribeParameters (ParameterFilters), DeleteParameter.
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParametersByPath.html
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeParameters.html
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ParameterStringFilter.html
 */
import { arn, type Handler, type HandlerContext } from '../context.js'
import { AwsError } from '../errors.js'
import type { SsmParameter, SsmParameterVersion } from '../account/state.js'
import { regional } from '../account/state.js'
import {
  epochSeconds,
  optionalString,
  optionalStringList,
  pageOf,
  byText,
  requireString,
  tagsFromList,
} from '../validate-input.js'
import {
  checkName,
  parameterNotFound,
  parameterResource,
  select,
  underPath,
  validation,
} from './parameters.js'

const SSM_PAGE = { size: 'MaxResults', token: 'NextToken' }

const TYPES = ['String', 'StringList', 'SecureString'] as const
type ParameterType = (typeof TYPES)[number]

/** What a reader without decryption sees of a SecureString: not its value. */
const ciphertext = (value: string): string => Buffer.from(`local-cloud-kms:${value}`).toString('base64')

const putParameter: Handler = (input, ctx) => {
  const name = requireString(input, 'Name', validation)
  checkName(name)
  const value = requireString(input, 'Value', validation)
  if (value.length > 4096) throw validation('Value: the value of a standard parameter can be at most 4 KB.')
  const type = optionalString(input, 'Type', validation)
  if (type !== undefined && !TYPES.includes(type as ParameterType)) {
    throw validation(`Type must be one of ${TYPES.join(', ')}.`)
  }
  const key = regional(ctx.region, name)
  const existing = ctx.world.ssm.parameters[key]
  const overwrite = input['Overwrite'] === true
  if (existing && !overwrite) {
    throw new AwsError(
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    )
  }
  if (existing && overwrite && input['Tags'] !== undefined) {
    throw validation(
      "Tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
    )
  }
  if (!existing && type === undefined) {
    throw validation('A parameter type is required when you create a parameter.')
  }
  const description = optionalString(input, 'Description', validation)
  const parameter: SsmParameter = existing ?? {
    region: ctx.region,
    name,
    arn: arn(ctx, 'ssm', parameterResource(name)),
    type: type as ParameterType,
    dataType: optionalString(input, 'DataType', validation) ?? 'text',
    versions: [],
    tags: tagsFromList(input['Tags'], 'Key', 'Value'),
  }
  if (type !== undefined) parameter.type = type as ParameterType
  if (description !== undefined) parameter.description = description
  const version = (parameter.versions.at(-1)?.version ?? 0) + 1
  parameter.versions.push({ version, value, lastModifiedAt: ctx.now, labels: [] })
  ctx.world.ssm.parameters[key] = parameter
  return { Version: version, Tier: 'Standard' }
}

function parameterOutput(p: SsmParameter, v: SsmParameterVersion, decrypt: boolean, qualifier?: string) {
  return {
    Name: p.name,
    Type: p.type,
    Value: p.type === 'SecureString' && !decrypt ? ciphertext(v.value) : v.value,
    Version: v.version,
    ...(qualifier !== undefined ? { Selector: `:${qualifier}` } : {}),
    LastModifiedDate: epochSeconds(v.lastModifiedAt),
    ARN: p.arn,
    DataType: p.dataType,
  }
}

const getParameter: Handler = (input, ctx) => {
  const { parameter, version, qualifier } = select(ctx, requireString(input, 'Name', validation))
  return { Parameter: parameterOutput(parameter, version, input['WithDecryption'] === true, qualifier) }
}

/** Up to 10 names; those that do not exist are listed in InvalidParameters, not an error. */
const getParameters: Handler = (input, ctx) => {
  const names = optionalStringList(input, 'Names', validation, 10)
  if (!names || names.length === 0) throw validation('Names must list 1 to 10 parameter names.')
  const found: ReturnType<typeof parameterOutput>[] = []
  const invalid: string[] = []
  for (const selector of names) {
    try {
      const { parameter, version, qualifier } = select(ctx, selector)
      found.push(parameterOutput(parameter, version, input['WithDecryption'] === true, qualifier))
    } catch (err) {
      if (!(err instanceof AwsError)) throw err
      invalid.push(selector)
    }
  }
  return { Parameters: found, InvalidParameters: invalid }
}

function regionParameters(ctx: HandlerContext): SsmParameter[] {
  return Object.values(ctx.world.ssm.parameters)
    .filter((p) => p.region === ctx.region)
    .sort(byText((p) => p.name))
}

interface StringFilter {
  readonly key: string
  readonly option: string
  readonly values: readonly string[]
}

/** ParameterFilters: Key, Option (default Equals; OneLevel for Path) and 1–50 Values. */
function parameterFilters(input: Record<string, unknown>): StringFilter[] {
  if (input['Filters'] !== undefined) {
    throw validation(
      'Filters (ParametersFilter) is deprecated and not served by this emulator; use ParameterFilters.',
    )
  }
  const raw = input['ParameterFilters']
  if (raw === undefined || raw === null) return []
  if (!Array.isArray(raw)) throw validation('ParameterFilters must be a list.')
  return raw.map((entry: unknown) => {
    const filter = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>
    const key = requireString(filter, 'Key', validation)
    if (!/^(tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType)$/.test(key)) {
      throw new AwsError('InvalidFilterKey', `The filter key ${key} is not valid.`)
    }
    const option = optionalString(filter, 'Option', validation) ?? (key === 'Path' ? 'OneLevel' : 'Equals')
    const valid =
      key === 'Path'
        ? ['OneLevel', 'Recursive']
        : key === 'Name'
          ? ['Equals', 'BeginsWith', 'Contains']
          : ['Equals', 'BeginsWith']
    if (!valid.includes(option)) {
      throw new AwsError(
        'InvalidFilterOption',
        `The filter option ${option} is not valid for key ${key}. Valid options: ${valid.join(', ')}.`,
      )
    }
    const values = optionalStringList(filter, 'Values', validation, 50) ?? []
    if (values.length === 0 && !key.startsWith('tag:')) {
      throw new AwsError('InvalidFilterValue', `The filter ${key} needs at least one value.`)
    }
    return { key, option, values }
  })
}

function fieldOf(p: SsmParameter, key: string): string | undefined {
  if (key.startsWith('tag:')) return p.tags[key.slice(4)]
  if (key === 'Name') return p.name
  if (key === 'Type') return p.type
  if (key === 'DataType') return p.dataType
  if (key === 'Tier') return 'Standard'
  return undefined
}

function matchesFilter(p: SsmParameter, f: StringFilter): boolean {
  if (f.key === 'Path') return f.values.some((path) => underPath(p.name, path, f.option === 'Recursive'))
  if (f.key === 'Label') return p.versions.some((v) => v.labels.some((l) => f.values.includes(l)))
  const field = fieldOf(p, f.key)
  if (field === undefined) return false
  if (f.values.length === 0) return true
  return f.values.some((value) =>
    f.option === 'BeginsWith'
      ? field.startsWith(value)
      : f.option === 'Contains'
        ? field.includes(value)
        : field === value,
  )
}

const getParametersByPath: Handler = (input, ctx) => {
  const path = requireString(input, 'Path', validation)
  if (!path.startsWith('/')) throw validation('The parameter path must begin with a forward slash (/).')
  const recursive = input['Recursive'] === true
  const filters = parameterFilters(input)
  const matching = regionParameters(ctx).filter(
    (p) => underPath(p.name, path, recursive) && filters.every((f) => matchesFilter(p, f)),
  )
  const { page, next } = pageOf(matching, input, SSM_PAGE, { max: 10, default: 10 }, validation)
  const decrypt = input['WithDecryption'] === true
  return {
    Parameters: page.map((p) => parameterOutput(p, p.versions.at(-1)!, decrypt)),
    ...(next ? { NextToken: next } : {}),
  }
}

/** Metadata only: DescribeParameters never returns a value. */
const describeParameters: Handler = (input, ctx) => {
  const filters = parameterFilters(input)
  const matching = regionParameters(ctx).filter((p) => filters.every((f) => matchesFilter(p, f)))
  // The default page size is not documented; AWS answers 10 a page.
  const { page, next } = pageOf(matching, input, SSM_PAGE, { max: 50, default: 10 }, validation)
  return {
    Parameters: page.map((p) => {
      const current = p.versions.at(-1)!
      return {
        Name: p.name,
        ARN: p.arn,
        Type: p.type,
        ...(p.description !== undefined ? { Description: p.description } : {}),
        LastModifiedDate: epochSeconds(current.lastModifiedAt),
        Version: current.version,
        Tier: 'Standard',
        Policies: [],
        DataType: p.dataType,
      }
    }),
    ...(next ? { NextToken: next } : {}),
  }
}

const deleteParameter: Handler = (input, ctx) => {
  const name = requireString(input, 'Name', validation)
  const key = regional(ctx.region, name)
  if (!ctx.world.ssm.parameters[key]) throw parameterNotFound(name)
  delete ctx.world.ssm.parameters[key]
  return {}
}

export const ssmHandlers: Record<string, Handler> = {
  PutParameter: putParameter,
  GetParameter: getParameter,
  GetParameters: getParameters,
  GetParametersByPath: getParametersByPath,
  DescribeParameters: describeParameters,
  DeleteParameter: deleteParameter,
}
