/** @module Shapes shared by every kind: envelope, metadata, tag maps. */
import { z } from 'zod'
import { FARGATE_LOG_DRIVERS, LOG_CONFIGURATION_PAGE } from '../../aws-model/fargate.js'
import {
  isTagText,
  MAX_TAG_KEY_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  MAX_TAGS_PER_RESOURCE,
  MAX_USER_TAGS,
  RESERVED_TAGS,
} from '../../shared/tag-value.js'
import { doc, ecs, type FieldDoc } from './doc.js'

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
  .regex(
    DNS_LABEL,
    'must be a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit',
  )

export const stringMap = z.record(z.string(), z.string())

const TAG_CHARACTERS = 'letters, digits, spaces and + - = . _ : / @'

/**
 * Tag maps: keys of 1–128 and values of 0–256 characters in the characters ECS allows; `aws:` is
 * reserved; at most 40 tags, since AWS allows 50 per resource and ecs-reconciler keeps 10 for its own
 * (src/shared/tag-value.ts cites the ECS page).
 */
export const tagMap = z
  .record(
    z
      .string()
      .min(1)
      .max(MAX_TAG_KEY_LENGTH)
      .refine((k) => !k.toLowerCase().startsWith('aws:'), 'tag keys starting with "aws:" are reserved by AWS')
      .refine(isTagText, `tag keys may hold only ${TAG_CHARACTERS}`),
    z.string().max(MAX_TAG_VALUE_LENGTH).refine(isTagText, `tag values may hold only ${TAG_CHARACTERS}`),
  )
  .refine(
    (tags) => Object.keys(tags).length <= MAX_USER_TAGS,
    `at most ${MAX_USER_TAGS} tags per resource: AWS allows ${MAX_TAGS_PER_RESOURCE} and ecs-reconciler keeps ${RESERVED_TAGS} for its own`,
  )

export const metadata = z
  .strictObject({
    name: dnsLabel.describe(
      doc({
        text: 'Name of the resource, unique per kind (per cluster for services): a DNS label of lowercase letters, digits and "-", at most 63 characters. It becomes the AWS name of a cluster, namespace or service (and the default task-definition family).',
        example: 'orders',
      }),
    ),
    labels: stringMap
      .optional()
      .describe(doc({ text: 'Free-form string labels for people and tools; not sent to AWS.' })),
    annotations: stringMap
      .optional()
      .describe(doc({ text: 'Free-form string notes for people and tools; not sent to AWS.' })),
  })
  .describe(
    doc({ text: 'Identity of the resource: its name, plus labels and annotations for people and tools.' }),
  )

/** Scalar values users write in maps (environment, FIS parameters): sent to AWS as strings. */
export const scalar = z.union([z.string(), z.number(), z.boolean()])

export const logConfiguration = z.strictObject({
  logDriver: z
    .enum([
      'awslogs',
      'awsfirelens',
      'splunk',
      'json-file',
      'syslog',
      'journald',
      'gelf',
      'fluentd',
      'logentries',
    ])
    .refine(
      (driver) => FARGATE_LOG_DRIVERS.includes(driver),
      `this log driver is not supported on Fargate: use awslogs, awsfirelens or splunk (${LOG_CONFIGURATION_PAGE})`,
    )
    .describe(
      doc({
        text: 'Log driver of the container: awslogs, awsfirelens or splunk, the ones Fargate supports (the others are refused).',
        aws: ecs('LogConfiguration', 'logDriver'),
      }),
    ),
  options: stringMap.optional().describe(
    doc({
      text: 'Options of the log driver, e.g. awslogs-group, awslogs-region, awslogs-stream-prefix.',
      aws: ecs('LogConfiguration', 'options'),
    }),
  ),
  secretOptions: z
    .union([
      stringMap,
      z.array(
        z.strictObject({
          name: z
            .string()
            .min(1)
            .describe(doc({ text: 'Name of the log driver option.', aws: ecs('Secret', 'name') })),
          valueFrom: z
            .string()
            .min(1)
            .describe(
              doc({
                text: 'Secrets Manager or SSM Parameter Store ARN of its value.',
                aws: ecs('Secret', 'valueFrom'),
              }),
            ),
        }),
      ),
    ])
    .optional()
    .describe(
      doc({
        text: "Secret options of the log driver, as a map of option name to Secrets Manager or SSM Parameter Store ARN, or as the API's list of {name, valueFrom}.",
        aws: ecs('LogConfiguration', 'secretOptions'),
      }),
    ),
})

export const arn = z
  .string()
  .regex(/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$/, 'must be an ARN (arn:aws:…)')

/** A document of `kind`: the envelope every kind shares around its own `spec`. */
export function envelope<K extends Kind, S extends z.ZodType>(kind: K, spec: S, about: FieldDoc) {
  return z
    .strictObject({
      apiVersion: z
        .literal(API_VERSION)
        .describe(doc({ text: `Version of the manifest format; always ${API_VERSION}.` })),
      kind: z.literal(kind).describe(doc({ text: `Kind of the document: ${kind}.` })),
      metadata,
      spec: spec.describe(doc({ text: `Desired state of the ${kind}.` })),
    })
    .describe(doc(about))
}
