/**
 * @module The `Environment` document: a loader document, not a reconciled kind. It names the base
 * folders a folder starts from, the ownership instance of the environment, and its variables.
 */
import { z } from 'zod'
import { isTagText, MAX_TAG_VALUE_LENGTH } from '../../shared/tag-value.js'
import { API_VERSION, dnsLabel } from '../schema/common.js'

export const ENVIRONMENT_KIND = 'Environment'

/** A variable's value: what a manifest field can hold (a list stays a list when substituted). */
const variableValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string(), z.number(), z.boolean()])),
])

export const environmentSpec = z.strictObject({
  bases: z.array(z.string().min(1)).min(1, 'list at least one base folder (relative to this file)'),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region name such as eu-west-1')
    .optional(),
  instance: z
    .string()
    .min(1)
    .max(MAX_TAG_VALUE_LENGTH)
    .refine(isTagText, 'must be letters, digits, spaces and + - = . _ : / @ (it becomes a tag value)'),
  variables: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'a variable name is letters, digits, "_" and "-"'),
      variableValue,
    )
    .optional(),
  allowEnv: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')).optional(),
  tfstate: z.string().min(1).optional(),
})

export const environmentDocument = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal(ENVIRONMENT_KIND),
  metadata: z.strictObject({ name: dnsLabel }),
  spec: environmentSpec,
})

export type EnvironmentSpec = z.infer<typeof environmentSpec>

/** Does this parsed document claim to be an Environment (whatever else is wrong with it)? */
export function isEnvironmentDocument(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === ENVIRONMENT_KIND
  )
}
