/**
 * @module Members of ECS inputs that ecs-reconciler does not sugar, compared and rendered as ECS means
 * them, guided by AWS's service model (src/aws-model): empty lists and maps, unset enum values ("") and
 * values equal to the default ECS fills in (MEMBER_DEFAULTS) say nothing. Pure.
 */
import { ecsModel } from '../../../aws-model/generated/ecs.js'
import { MEMBER_DEFAULTS } from './defaults.js'

type Json = Record<string, unknown>

/** Task-definition members the normaliser and `import` handle themselves (tags are the service's). */
export const HANDLED_TASK_MEMBERS = [
  'family',
  'cpu',
  'memory',
  'networkMode',
  'requiresCompatibilities',
  'runtimePlatform',
  'executionRoleArn',
  'taskRoleArn',
  'enableFaultInjection',
  'pidMode',
  'ephemeralStorage',
  'volumes',
  'containerDefinitions',
  'tags',
]

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Deep equality of JSON values (key order aside). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => sameJson(v, b[i]))
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((k) => sameJson(a[k], b[k]))
  }
  return false
}

/** The value of a `shapeName` as ECS means it, or undefined when it says nothing. */
export function canonical(shapeName: string, value: unknown): unknown {
  if (value === undefined || value === null) return undefined
  const shape = ecsModel.shapes[shapeName]
  if (!shape) return value
  switch (shape.type) {
    case 'structure':
      return isObject(value) ? canonicalStructure(shapeName, value) : value
    case 'list': {
      if (!Array.isArray(value)) return value
      const items = value.map((v) => canonical(shape.member ?? '', v) ?? {})
      return items.length > 0 ? items : undefined
    }
    case 'map': {
      if (!isObject(value)) return value
      const entries = Object.entries(value).map(([k, v]) => [k, canonical(shape.value ?? '', v)] as const)
      return entries.length > 0 ? Object.fromEntries(entries) : undefined
    }
    case 'string':
      // ECS answers "" for an enum member never set (appProtocol, say); no enum has "" as a value.
      return value === '' && shape.enum && !shape.enum.includes('') ? undefined : value
    default:
      return value
  }
}

function canonicalStructure(shapeName: string, value: Json): Json | undefined {
  const members = ecsModel.shapes[shapeName]?.members ?? {}
  const out: Json = {}
  for (const [name, v] of Object.entries(value)) {
    const ref = members[name]
    const c = ref ? canonical(ref.shape, v) : v
    if (c === undefined) continue
    const fallback = MEMBER_DEFAULTS[`${shapeName}.${name}`]
    if (fallback !== undefined && sameJson(c, fallback.value)) continue
    out[name] = c
  }
  return Object.keys(out).length > 0 ? out : undefined
}

/**
 * The members of `value` (a `shapeName`) other than `except`, each as `canonical` makes it; members
 * that say nothing are left out.
 */
export function otherMembers(shapeName: string, value: object, except: readonly string[]): Json {
  const members = ecsModel.shapes[shapeName]?.members ?? {}
  const out: Json = {}
  for (const [name, v] of Object.entries(value)) {
    if (except.includes(name) || !members[name]) continue
    const c = canonical(members[name].shape, v)
    const fallback = MEMBER_DEFAULTS[`${shapeName}.${name}`]
    if (c === undefined || (fallback !== undefined && sameJson(c, fallback.value))) continue
    out[name] = c
  }
  return out
}
