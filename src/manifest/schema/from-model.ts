/**
 * @module Manifest fields made from AWS's ECS service model (src/aws-model): type, enum, length and
 * range, pattern and required members come from the model, the field's documentation from the model's
 * own text, so a member the model adds later passes through without code. Members ECS refuses on
 * Fargate (src/aws-model/fargate.ts) become errors that say why.
 */
import { z } from 'zod'
import { documentation } from '../../aws-model/generated/ecs.docs.js'
import { ecsModel } from '../../aws-model/generated/ecs.js'
import { FARGATE_REFUSED_MEMBERS, type FargateRefusal } from '../../aws-model/fargate.js'
import type { Shape } from '../../aws-model/index.js'
import { compilePattern } from '../../aws-model/validate.js'
import { doc, ecs } from './doc.js'

/** A field that must be absent, with the reason shown when it is set. */
export function refusedField(reason: string): z.ZodType {
  return z
    .unknown()
    .refine((v) => v === undefined, reason)
    .optional()
}

/** The refusal of a member ECS does not accept on Fargate. */
export function fargateRefused(refusal: FargateRefusal): z.ZodType {
  const member = refusal.member.split('.').pop() ?? refusal.member
  return refusedField(
    `${member} is not supported on Fargate: ${refusal.reason} (${refusal.source})`,
  ).describe(
    doc({
      text: `Not supported on Fargate: ${refusal.reason}.`,
      aws: { label: 'Fargate', url: refusal.source },
    }),
  )
}

const REFUSED = new Map(FARGATE_REFUSED_MEMBERS.map((r) => [r.member, r]))

/** The first sentences of the model's documentation of `key`, short enough for an editor hover. */
export function modelText(key: string): string {
  // Links in parentheses hold dots that would end a sentence early; the field's AWS link stays.
  const text = (documentation[key] ?? '').replace(/\s*\(https?:\/\/[^)\s]*\)/g, '')
  const sentences = text.match(/[^.]+(\.(\s|$)|$)/g) ?? []
  let out = ''
  for (const s of sentences) {
    if (out.length > 0 && out.length + s.length > 300) break
    out += s
  }
  return out.trim().replace(/\s+/g, ' ') || key
}

/** Overrides by `Shape.member`: the schema to use instead of the model's. */
export type FieldOverrides = Readonly<Record<string, z.ZodType>>

function described(schema: z.ZodType, shape: string, member: string): z.ZodType {
  // An operation's input shape (CreateServiceRequest) is documented on the operation's page.
  const page = shape.replace(/Request$/, '')
  return schema.describe(doc({ text: modelText(`${shape}.${member}`), aws: ecs(page, member) }))
}

/** The zod schema of one member of a structure shape, optional unless the model requires it. */
export function modelMember(shape: string, member: string, overrides: FieldOverrides = {}): z.ZodType {
  const key = `${shape}.${member}`
  const refusal = REFUSED.get(key)
  if (refusal) return fargateRefused(refusal)
  const ref = ecsModel.shapes[shape]?.members?.[member]
  if (!ref) throw new Error(`the ECS model has no member ${key}`)
  const inner = described(overrides[key] ?? modelShape(ref.shape, overrides), shape, member)
  return ecsModel.shapes[shape]?.required?.includes(member) ? inner : inner.optional()
}

/** The members of a structure shape, but `except`, each as `modelMember` makes it. */
export function modelMembers(
  shape: string,
  except: readonly string[] = [],
  overrides: FieldOverrides = {},
): Record<string, z.ZodType> {
  const members = Object.keys(ecsModel.shapes[shape]?.members ?? {})
  return Object.fromEntries(
    members.filter((m) => !except.includes(m)).map((m) => [m, modelMember(shape, m, overrides)]),
  )
}

/** The zod schema of a model shape, with its constraints. */
export function modelShape(name: string, overrides: FieldOverrides = {}): z.ZodType {
  const shape = ecsModel.shapes[name]
  if (!shape) throw new Error(`the ECS model has no shape ${name}`)
  switch (shape.type) {
    case 'structure':
      return z.strictObject(modelMembers(name, [], overrides))
    case 'list':
      return sized(z.array(modelShape(shape.member ?? '', overrides)), shape)
    case 'map':
      return z.record(z.string(), modelShape(shape.value ?? '', overrides))
    case 'string':
      return stringShape(shape)
    case 'integer':
    case 'long':
      return ranged(z.int(), shape)
    case 'double':
    case 'float':
      return ranged(z.number(), shape)
    case 'boolean':
      return z.boolean()
    default:
      return z.string()
  }
}

function stringShape(shape: Shape): z.ZodType {
  if (shape.enum) return z.enum(shape.enum as [string, ...string[]])
  let s = z.string()
  if (shape.min !== undefined) s = s.min(shape.min)
  if (shape.max !== undefined) s = s.max(shape.max)
  const pattern = shape.pattern === undefined ? null : compilePattern(shape.pattern)
  return pattern ? s.regex(pattern, `must match ${shape.pattern}`) : s
}

function sized(list: z.ZodArray, shape: Shape): z.ZodType {
  let out = list
  if (shape.min !== undefined) out = out.min(shape.min)
  if (shape.max !== undefined) out = out.max(shape.max)
  return out
}

function ranged(n: z.ZodNumber, shape: Shape): z.ZodType {
  let out = n
  if (shape.min !== undefined) out = out.min(shape.min)
  if (shape.max !== undefined) out = out.max(shape.max)
  return out
}
