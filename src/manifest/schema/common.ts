/** @module Shapes shared by every kind: envelope, metadata, tag maps. */
import { z } from 'zod'

export const API_VERSION = 'ecs-reconciler/v1alpha1'
/** Every manifest kind, in creation order (waves rank kinds by it; the reconciler registers one handler per kind). */
export const KINDS = ['Namespace', 'Cluster', 'Service', 'ChaosSchedule'] as const
export type Kind = (typeof KINDS)[number]
/**
 * Kinds the reconciler manages that no manifest declares: they exist only as a consequence of a
 * manifest kind (the task-definition revisions a Service registers) and are only ever deleted.
 */
export const LIVE_ONLY_KINDS = ['TaskDefinitionRevision'] as const
/** Every kind with a handler in the reconciler: the manifest kinds, then the live-only ones. */
export const RECONCILED_KINDS = [...KINDS, ...LIVE_ONLY_KINDS] as const
export type ReconciledKind = (typeof RECONCILED_KINDS)[number]

/** DNS label: the names become AWS names and Cloud Map endpoints. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
export const dnsLabel = z
  .string()
  .max(63)
  .regex(DNS_LABEL, 'must be a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit')

export const stringMap = z.record(z.string(), z.string())

/** Tag maps: AWS allows keys of 1–128 and values of 0–256 characters; `aws:` is reserved. */
export const tagMap = z
  .record(
    z.string().min(1).max(128).refine((k) => !k.toLowerCase().startsWith('aws:'), 'tag keys starting with "aws:" are reserved by AWS'),
    z.string().max(256),
  )
  .refine((tags) => Object.keys(tags).length <= 50, 'at most 50 tags per resource (AWS limit; 3 are used by ecs-reconciler)')

export const metadata = z.strictObject({
  name: dnsLabel,
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
})

/** Scalar values users write in maps (environment, FIS parameters): sent to AWS as strings. */
export const scalar = z.union([z.string(), z.number(), z.boolean()])

export const logConfiguration = z.strictObject({
  logDriver: z.enum(['awslogs', 'awsfirelens', 'splunk', 'json-file', 'syslog', 'journald', 'gelf', 'fluentd', 'logentries']),
  options: stringMap.optional(),
  secretOptions: stringMap.optional(),
})

export const arn = z.string().regex(/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$/, 'must be an ARN (arn:aws:…)')

export function envelope<K extends Kind, S extends z.ZodType>(kind: K, spec: S) {
  return z.strictObject({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal(kind),
    metadata,
    spec,
  })
}
