/**
 * The manifest reference (docs/manifests.md) and the JSON Schema carry the schemas' descriptions:
 * every field has one, in the format the doc generator reads, and the committed doc is current.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderManifestReference } from '../../../src/manifest/docs/reference.js'
import { manifestJsonSchema } from '../../../src/manifest/json-schema.js'
import { KINDS } from '../../../src/manifest/schema/common.js'
import { doc, ecs, parseDoc } from '../../../src/manifest/schema/doc.js'
import { validateFiles } from '../../../src/manifest/validate.js'
import { exampleFiles } from '../../support/manifests.js'

const COMMITTED = resolve(import.meta.dirname, '../../../docs/manifests.md')

/** The committed examples, named as the generator names them. */
const examples = () => exampleFiles().map(({ file, text }) => ({ file: `manifests/examples/${file}`, text }))

type Node = Record<string, unknown>

/** Every property schema in the JSON Schema, by its path: object fields, list items, union forms. */
function propertySchemas(node: unknown, path = '', out: [string, Node][] = []): [string, Node][] {
  if (!node || typeof node !== 'object') return out
  const n = node as Node
  for (const [name, child] of Object.entries((n['properties'] as Record<string, Node> | undefined) ?? {})) {
    out.push([`${path}.${name}`, child])
    propertySchemas(child, `${path}.${name}`, out)
  }
  propertySchemas(n['items'], `${path}[]`, out)
  propertySchemas(n['additionalProperties'], `${path}{}`, out)
  for (const key of ['anyOf', 'oneOf']) {
    for (const branch of (n[key] as unknown[] | undefined) ?? []) propertySchemas(branch, path, out)
  }
  return out
}

describe('field documentation', () => {
  it('every property of every kind has a description in the JSON Schema', () => {
    const properties = propertySchemas(manifestJsonSchema())
    // The schema is not trivially small: all four kinds with their nested fields are walked.
    expect(properties.length).toBeGreaterThan(150)
    const missing = properties
      .filter(([, schema]) => typeof schema['description'] !== 'string' || schema['description'] === '')
      .map(([path]) => path)
    expect(missing).toEqual([])
  })

  it('every kind document has a description', () => {
    const documents = manifestJsonSchema()['oneOf'] as Node[]
    expect(documents.map((d) => typeof d['description'])).toEqual(KINDS.map(() => 'string'))
  })

  it('every description is in the doc() format, and every AWS link is an AWS documentation page', () => {
    for (const [path, schema] of propertySchemas(manifestJsonSchema())) {
      const description = schema['description'] as string
      const parts = parseDoc(description)
      expect(doc(parts), path).toBe(description)
      expect(parts.text.length, path).toBeGreaterThan(0)
      if (parts.aws) {
        expect(parts.aws.url, path).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/\S+\.html(#\S+)?$/)
      }
    }
  })

  it('doc() and parseDoc() round-trip every part', () => {
    const full = {
      text: 'Seconds between checks.',
      default: '30',
      example: '10',
      aws: ecs('HealthCheck', 'interval'),
    }
    expect(parseDoc(doc(full))).toEqual(full)
    expect(parseDoc(doc({ text: 'Only text.' }))).toEqual({ text: 'Only text.' })
    expect(doc(full)).toBe(
      'Seconds between checks.\nDefault: 30\nExample: 10\nAWS: ECS HealthCheck.interval https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html',
    )
  })
})

describe('docs/manifests.md', () => {
  it('is what `npm run docs:manifests` writes from the current schemas (run `npm run docs:manifests` after changing a schema)', () => {
    const expected = renderManifestReference(manifestJsonSchema(), examples())
    const committed = readFileSync(COMMITTED, 'utf8')
    expect(
      committed === expected,
      'docs/manifests.md is stale: run `npm run docs:manifests` and commit the result',
    ).toBe(true)
  })

  it('has a section, a field table and an example manifest for every kind', () => {
    const text = renderManifestReference(manifestJsonSchema(), examples())
    for (const kind of KINDS) {
      const section = text.split(`\n## ${kind}\n`)[1]?.split('\n## ')[0] ?? ''
      expect(section, kind).toContain('| `spec` | object | yes |')
      expect(section, kind).toMatch(new RegExp(`\`\`\`yaml\\n[^]*kind: ${kind}\\n[^]*\`\`\``))
    }
  })

  it('lists each field with its type, whether it is required, its default and its AWS page', () => {
    const text = renderManifestReference(manifestJsonSchema(), examples())
    expect(text).toContain(
      '| `spec.desiredCount` | integer ≥ 0 | no | 1 | Number of tasks to keep running. Once autoscaling is set, it is only the starting count and never reverted. | [ECS CreateService.desiredCount](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html) |',
    )
    expect(text).toContain(
      '| `spec.taskDefinition.containers[].portMappings[].protocol` | `tcp` \\| `udp` | no | tcp |',
    )
    expect(text).toContain(
      '| `spec.guardrails.blackoutWindows[].start` | string (date-time) | yes, in the {start, end} form |',
    )
  })

  it('shows examples that are valid manifests (the whole example set validates)', () => {
    const result = validateFiles(examples())
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([])
    expect(new Set(result.set.resources.map((r) => r.kind))).toEqual(new Set(KINDS))
  })
})
