/** @module Schema of `kind: Namespace` (a Cloud Map HTTP namespace for Service Connect). */
import { z } from 'zod'
import { envelope, tagMap } from './common.js'
import { cloudMap, doc } from './doc.js'

export const namespaceSpec = z.strictObject({
  description: z
    .string()
    .max(1024)
    .optional()
    .describe(
      doc({
        text: 'Description of the namespace, at most 1024 characters.',
        aws: cloudMap('CreateHttpNamespace', 'Description'),
      }),
    ),
  tags: tagMap.optional().describe(
    doc({
      text: 'Tags on the namespace, as a map; ecs-reconciler adds its ownership tags.',
      aws: cloudMap('CreateHttpNamespace', 'Tags'),
    }),
  ),
})

export const namespaceDocument = envelope('Namespace', namespaceSpec, {
  text: 'An AWS Cloud Map HTTP namespace that Service Connect services register in and resolve names from. Deleting one that still has services is refused.',
  aws: cloudMap('CreateHttpNamespace'),
})
export type NamespaceSpec = z.infer<typeof namespaceSpec>
