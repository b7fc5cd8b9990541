/** @module JSON Schema of the manifests, generated from the same zod schemas validation uses. */
import { z } from 'zod'
import { manifestDocument } from './schema/index.js'

export function manifestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(manifestDocument, { target: 'draft-2020-12', unrepresentable: 'any' })
  return {
    ...schema,
    $id: 'https://ecs-reconciler.dev/schema/v1alpha1/manifest.json',
    title: 'ecs-reconciler manifest (ecs-reconciler/v1alpha1)',
  }
}
