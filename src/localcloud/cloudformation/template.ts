/**
 * @module The part of a CloudFormation template the local cloud reads: Description, Parameters (with
 * defaults) and Outputs whose values are literals or a `Ref` to a declared parameter. There is no
 * template engine: every other intrinsic function is refused by name, and Resources must be present
 * (AWS requires at least one, https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html)
 * but are not created. Sections:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/outputs-section-structure.html
 */
import { parseDocument, YAMLMap, type Document, type Tags } from 'yaml'
import { AwsError } from '../errors.js'

export interface TemplateParameter {
  readonly type: string
  readonly default?: string
  readonly noEcho: boolean
  readonly allowedValues?: readonly string[]
  readonly description?: string
}

export interface TemplateOutput {
  readonly value: unknown
  readonly description?: string
  readonly exportName?: unknown
}

export interface Template {
  readonly description?: string
  readonly parameters: Readonly<Record<string, TemplateParameter>>
  readonly outputs: Readonly<Record<string, TemplateOutput>>
  /** Resource logical ids: kept only to refuse a Ref to one (it would need the resource created). */
  readonly resources: readonly string[]
}

export const validation = (m: string) => new AwsError('ValidationError', m)
const formatError = (m: string) => validation(`Template format error: ${m}`)

const SECTIONS = [
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
]

/** The YAML short forms of the intrinsic functions (`!Ref`, `!GetAtt`, …), read as their long forms. */
const INTRINSICS = [
  'Ref',
  'Condition',
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
]

const longForm = (short: string): string =>
  short === 'Ref' || short === 'Condition' ? short : `Fn::${short}`

const INTRINSIC_TAGS: Tags = INTRINSICS.flatMap((short) => {
  const key = longForm(short)
  const wrap = (node: unknown) => {
    const map = new YAMLMap()
    map.set(key, node)
    return map
  }
  return [
    { tag: `!${short}`, resolve: (value: string) => ({ [key]: value }) },
    { tag: `!${short}`, collection: 'seq' as const, resolve: wrap },
    { tag: `!${short}`, collection: 'map' as const, resolve: wrap },
  ]
})

/** The template body as plain data: JSON when it starts with `{`, else YAML with the short forms. */
function parseBody(body: string): unknown {
  if (body.trimStart().startsWith('{')) {
    try {
      return JSON.parse(body) as unknown
    } catch {
      throw formatError('JSON not well-formed.')
    }
  }
  const doc: Document = parseDocument(body, { customTags: INTRINSIC_TAGS, uniqueKeys: true })
  const problem = doc.errors[0] ?? doc.warnings[0]
  if (problem) {
    const at = problem.linePos?.[0]
    const where = at ? ` (line ${at.line}, column ${at.col})` : ''
    throw formatError(`YAML not well-formed.${where} ${problem.message.split('\n')[0] ?? ''}`.trim())
  }
  return doc.toJS() as unknown
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const scalarText = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined

/** Parameter types AWS accepts; SSM-backed types would need a lookup the local cloud does not do. */
function checkParameterType(name: string, type: unknown): string {
  if (typeof type !== 'string') throw formatError('Every Parameters object must contain a Type member.')
  if (type.startsWith('AWS::SSM::Parameter')) {
    throw validation(
      `Parameter '${name}' has type ${type}: the local cloud does not resolve SSM parameter types; pass the value as a String parameter.`,
    )
  }
  const known = ['String', 'Number', 'CommaDelimitedList', 'List<Number>']
  if (!known.includes(type) && !/^(List<)?AWS::[A-Za-z0-9:]+>?$/.test(type)) {
    throw formatError(`Unrecognized parameter type: ${type}`)
  }
  return type
}

function parameterOf(name: string, raw: unknown): TemplateParameter {
  if (!isObject(raw)) throw formatError('Every Parameters object must contain a Type member.')
  const type = checkParameterType(name, raw['Type'])
  const fallback = raw['Default'] === undefined ? undefined : scalarText(raw['Default'])
  const allowed = Array.isArray(raw['AllowedValues'])
    ? raw['AllowedValues'].map((v) => scalarText(v) ?? '')
    : undefined
  const description = typeof raw['Description'] === 'string' ? raw['Description'] : undefined
  return {
    type,
    noEcho: raw['NoEcho'] === true || raw['NoEcho'] === 'true',
    ...(fallback !== undefined ? { default: fallback } : {}),
    ...(allowed ? { allowedValues: allowed } : {}),
    ...(description !== undefined ? { description } : {}),
  }
}

function outputOf(key: string, raw: unknown): TemplateOutput {
  if (!/^[A-Za-z0-9]{1,255}$/.test(key)) {
    throw formatError(`Outputs name '${key}' is non alphanumeric.`)
  }
  if (!isObject(raw) || raw['Value'] === undefined) {
    throw formatError('Every Outputs member must contain a Value object')
  }
  if (raw['Condition'] !== undefined) {
    throw validation(
      `Outputs.${key}: the local cloud does not evaluate Conditions; give the output without Condition.`,
    )
  }
  const exported = isObject(raw['Export']) ? raw['Export']['Name'] : undefined
  return {
    value: raw['Value'],
    ...(typeof raw['Description'] === 'string' ? { description: raw['Description'] } : {}),
    ...(exported !== undefined ? { exportName: exported } : {}),
  }
}

function sectionOf(template: Record<string, unknown>, name: string): Record<string, unknown> {
  const section = template[name]
  if (section === undefined || section === null) return {}
  if (!isObject(section)) throw formatError(`${name} must be an object.`)
  return section
}

/** Reads a template body; refuses what AWS refuses and what the local cloud cannot evaluate. */
export function parseTemplate(body: string): Template {
  const template = parseBody(body)
  if (!isObject(template)) throw formatError('the template must be a JSON or YAML object.')
  const unknown = Object.keys(template).filter((k) => !SECTIONS.includes(k))
  if (unknown.length > 0) throw formatError(`Invalid template property or properties [${unknown.join(', ')}]`)
  if (template['Transform'] !== undefined) {
    throw validation('Transform is not supported: the local cloud has no template engine (macros).')
  }
  const resources = Object.keys(sectionOf(template, 'Resources'))
  if (resources.length === 0) throw formatError('At least one Resources member must be defined.')
  const parameters = Object.entries(sectionOf(template, 'Parameters'))
  const outputs = Object.entries(sectionOf(template, 'Outputs'))
  return {
    ...(typeof template['Description'] === 'string' ? { description: template['Description'] } : {}),
    parameters: Object.fromEntries(parameters.map(([name, raw]) => [name, parameterOf(name, raw)])),
    outputs: Object.fromEntries(outputs.map(([key, raw]) => [key, outputOf(key, raw)])),
    resources,
  }
}
