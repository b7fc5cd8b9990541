/**
 * @module A value that is exactly one reference takes the looked-up type; a looked-up string (SSM
 * parameters and CloudFormation outputs are always strings) becomes a number or a boolean only where
 * the manifest schema wants one and not a string: `desiredCount: ${ssm:/shop/count}` reads "3" and
 * means 3, while `image: …:${ssm:…}` or an environment variable's value stays text. The schema is the
 * JSON Schema generated from the same zod schemas validation uses, walked by field path.
 */
import type { FieldPath } from '../load/source-map.js'
import { manifestJsonSchema } from '../json-schema.js'

interface SchemaNode {
  readonly type?: string | readonly string[]
  readonly const?: unknown
  readonly properties?: Readonly<Record<string, SchemaNode>>
  readonly additionalProperties?: SchemaNode | boolean
  readonly items?: SchemaNode
  readonly anyOf?: readonly SchemaNode[]
  readonly oneOf?: readonly SchemaNode[]
  readonly allOf?: readonly SchemaNode[]
}

let kindSchemas: ReadonlyMap<string, SchemaNode> | undefined

/** Each kind's document schema, built on first use (only a looked-up string ever asks). */
function schemaOfKind(kind: string): SchemaNode | undefined {
  kindSchemas ??= new Map(
    ((manifestJsonSchema() as SchemaNode).oneOf ?? []).map((node) => [
      String(node.properties?.['kind']?.const),
      node,
    ]),
  )
  return kindSchemas.get(kind)
}

/** The node itself, or its alternatives: a field accepting either shape has both under anyOf/oneOf. */
function alternatives(node: SchemaNode): SchemaNode[] {
  const branches = [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]
  return branches.length === 0 ? [node] : branches.flatMap(alternatives)
}

function child(node: SchemaNode, key: string | number): SchemaNode | undefined {
  if (typeof key === 'number') return node.items
  const named = node.properties?.[key]
  if (named) return named
  return typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined
}

/**
 * The JSON types the schema accepts at `path` of a `kind` document; empty when any value is (a field
 * the schema leaves open, an unknown kind or path).
 */
export function schemaTypesAt(kind: string, path: FieldPath): Set<string> {
  const root = schemaOfKind(kind)
  let nodes = root ? alternatives(root) : []
  for (const key of path) {
    nodes = nodes.flatMap((n) => {
      const next = child(n, key)
      return next ? alternatives(next) : []
    })
  }
  const types = new Set<string>()
  for (const n of nodes) {
    if (n.type === undefined) return new Set()
    for (const t of typeof n.type === 'string' ? [n.type] : n.type) types.add(t)
  }
  return types
}

const NUMBER_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?$/

/** `text`, or the number or boolean it spells where the schema wants that and no string at `path`. */
export function typedValue(kind: string, path: FieldPath, text: string): string | number | boolean {
  const types = schemaTypesAt(kind, path)
  if (types.size === 0 || types.has('string')) return text
  if ((types.has('integer') || types.has('number')) && NUMBER_TEXT.test(text)) return Number(text)
  if (types.has('boolean') && (text === 'true' || text === 'false')) return text === 'true'
  return text
}
