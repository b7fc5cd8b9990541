/** @module Schema of `kind: Namespace` (a Cloud Map HTTP namespace for Service Connect). */
import { z } from 'zod'
import { envelope, tagMap } from './common.js'

export const namespaceSpec = z.strictObject({
  description: z.string().max(1024).optional(),
  tags: tagMap.optional(),
})

export const namespaceDocument = envelope('Namespace', namespaceSpec)
export type NamespaceSpec = z.infer<typeof namespaceSpec>
