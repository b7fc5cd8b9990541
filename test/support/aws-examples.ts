/**
 * AWS's own published example responses (test/fixtures/aws-responses/*.json): each file holds the
 * example as published (`response`), its source (`_source`) and the few edits that fit it to our
 * test (`_changes`, each a path, a value and why). The edits are applied here, in code, so that a
 * test can also read the example exactly as AWS published it. Live state is built from them by the
 * very functions the adapters use.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { namespaceFromSummary, tagsFromSdList } from '../../src/cloud/aws/cloudmap-adapter.js'
import { clusterFromSdk, serviceFromSdk, taskDefinitionFromSdk } from '../../src/cloud/aws/ecs-mapping.js'
import { templateFromSdk } from '../../src/cloud/aws/fis-adapter.js'
import { targetFromSdk } from '../../src/cloud/aws/scaling-adapter.js'
import { validateFiles, type ValidationResult } from '../../src/manifest/validate.js'
import type { ActualState } from '../../src/reconciler/actual.js'
import { serviceKey } from '../../src/reconciler/kinds/service/live.js'

export const AWS_EXAMPLES_DIR = join(import.meta.dirname, '..', 'fixtures', 'aws-responses')

/** Timestamps as the SDK deserialises them (epoch seconds on the wire, ISO text in some doc examples → Date). */
const TIME_FIELDS = new Set([
  'createdAt',
  'updatedAt',
  'CreateDate',
  'CreationTime',
  'creationTime',
  'lastUpdateTime',
])

export interface ExampleChange {
  readonly path: string
  readonly value: unknown
  readonly why: string
}

interface ExampleFile {
  readonly _source: { readonly url: string; readonly example: string }
  readonly _changes: readonly ExampleChange[]
  readonly response: Record<string, unknown>
  readonly tags?: unknown
}

export function exampleFile(file: string): ExampleFile {
  const text = readFileSync(join(AWS_EXAMPLES_DIR, file), 'utf8')
  return JSON.parse(text, (key, value: unknown) =>
    TIME_FIELDS.has(key) && (typeof value === 'number' || typeof value === 'string')
      ? new Date(typeof value === 'number' ? value * 1000 : value)
      : value,
  ) as ExampleFile
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.')
  let at: Record<string, unknown> = target
  for (const key of keys.slice(0, -1)) {
    const next = at[key]
    if (typeof next !== 'object' || next === null) {
      throw new Error(`change path ${path}: ${key} is not an object or list`)
    }
    at = next as Record<string, unknown>
  }
  at[keys[keys.length - 1] ?? ''] = value
}

/** Which listed changes to apply (all by default; none gives the example as AWS published it). */
export type ChangeFilter = (change: ExampleChange) => boolean

/** The example response with its listed changes applied. */
export function awsExample<T = Record<string, unknown>>(file: string, apply: ChangeFilter = () => true): T {
  const { response, _changes } = exampleFile(file)
  for (const change of _changes) if (apply(change)) setPath(response, change.path, change.value)
  return response as T
}

type Sdk<F extends (...args: never[]) => unknown> = Parameters<F>[0]

interface Edits {
  /** Edit the service response before it is mapped (e.g. to a steady state). */
  readonly service?: (service: Record<string, unknown>) => void
}

/** Live state as the examples describe it: one cluster, namespace, Fargate service, its scaling target, and a foreign FIS template. */
export function awsExampleState(
  edits: Edits = {},
  taskDefinitionChanges: ChangeFilter = () => true,
): ActualState {
  const rawService = awsExample<{ service: Record<string, unknown> }>(
    'ecs-create-service-fargate.json',
  ).service
  edits.service?.(rawService)
  const service = serviceFromSdk(rawService)
  const rawTd = awsExample<{ taskDefinition: Record<string, unknown> }>(
    'ecs-describe-task-definition.json',
    taskDefinitionChanges,
  ).taskDefinition
  const taskDefinition = taskDefinitionFromSdk(rawTd, undefined)
  const clusters = awsExample<{ clusters: Sdk<typeof clusterFromSdk>[] }>(
    'ecs-describe-clusters.json',
  ).clusters.map(clusterFromSdk)
  const nsFile = exampleFile('cloudmap-get-namespace.json')
  const namespace = {
    ...namespaceFromSummary(
      awsExample<{ Namespace: Sdk<typeof namespaceFromSummary> }>('cloudmap-get-namespace.json').Namespace,
    ),
    tags: tagsFromSdList((nsFile.tags as { Tags: Sdk<typeof tagsFromSdList> }).Tags),
  }
  const [rawTarget] = awsExample<{ ScalableTargets: Sdk<typeof targetFromSdk>[] }>(
    'aas-describe-scalable-targets.json',
  ).ScalableTargets
  if (!rawTarget) throw new Error('aas-describe-scalable-targets.json lists no target')
  const target = targetFromSdk(rawTarget)
  const template = templateFromSdk(
    awsExample<{ experimentTemplate: Sdk<typeof templateFromSdk> }>('fis-get-experiment-template.json')
      .experimentTemplate,
  )
  const cluster = service.clusterArn.slice(service.clusterArn.lastIndexOf('/') + 1)
  return {
    Namespace: [namespace],
    Cluster: new Map(clusters.map((c) => [c.name, c])),
    Service: {
      services: new Map([[serviceKey(cluster, service.name), { service, taskDefinition }]]),
      scaling: new Map([[target.resourceId, { target, policies: [], scheduledActions: [] }]]),
      listedClusters: new Set(clusters.map((c) => c.name)),
    },
    ChaosSchedule: [template],
    TaskDefinitionRevision: new Map(),
  }
}

/** The manifests that say what the examples describe (test/fixtures/aws-responses/manifest.yaml), with optional text edits. */
export function loadExampleManifests(edit: (text: string) => string = (t) => t): ValidationResult {
  const text = readFileSync(join(AWS_EXAMPLES_DIR, 'manifest.yaml'), 'utf8')
  const result = validateFiles([{ file: 'aws-responses/manifest.yaml', text: edit(text) }])
  if (!result.ok) {
    throw new Error(
      `aws-responses/manifest.yaml does not validate: ${JSON.stringify(
        result.issues.filter((i) => i.severity === 'error'),
        null,
        2,
      )}`,
    )
  }
  return result
}
