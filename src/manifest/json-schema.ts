/** @module JSON Schema of the manifests, generated from the same zod schemas validation uses. */
import { z } from 'zod'
import { doc } from './schema/doc.js'
import { manifestDocument } from './schema/index.js'

type Node = Record<string, unknown> & { properties?: Record<string, Node>; required?: string[] }

export function manifestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(manifestDocument, { target: 'draft-2020-12', unrepresentable: 'any' })
  withApiSpellings(schema as Node)
  return {
    ...schema,
    $id: 'https://ecs-reconciler.dev/schema/v1alpha1/manifest.json',
    title: 'ecs-reconciler manifest (ecs-reconciler/v1alpha1)',
  }
}

/** A field under the API's spelling: accepted as it is, checked by `validate` in its friendly form. */
const apiSpelling = (type: 'object' | 'array', friendly: string): Node => ({
  type,
  ...(type === 'array' ? { items: { type: 'object' } } : {}),
  description: doc({
    text: `The API's spelling of ${friendly}, in the API's shape; give one or the other (docs/manifest-members.md).`,
  }),
})

/**
 * Lets editors accept the API's spellings a Service may use for its friendly fields
 * (src/manifest/synonyms.ts, which turns them into the friendly ones before validation).
 */
function withApiSpellings(schema: Node): void {
  const branches = (schema['oneOf'] as Node[] | undefined) ?? []
  const service = branches.find((b) => JSON.stringify(b.properties?.['kind'] ?? {}).includes('"Service"'))
  const spec = service?.properties?.['spec']
  const task = spec?.properties?.['taskDefinition']
  if (!spec?.properties || !task?.properties) return
  task.properties['containerDefinitions'] = apiSpelling('array', 'containers')
  task.required = (task.required ?? []).filter((r) => r !== 'containers')
  task['if'] = { not: { required: ['containerDefinitions'] } }
  task['then'] = { required: ['containers'] }
  spec.properties['networkConfiguration'] = apiSpelling('object', 'network')
  spec.properties['deploymentConfiguration'] = apiSpelling('object', 'deployment')
  spec.properties['serviceConnectConfiguration'] = apiSpelling('object', 'serviceConnect')
}
