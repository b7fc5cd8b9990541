/** @module Composition root for AWS access: real AWS through the SDK's configuration, or the embedded local cloud. */
import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { Cloud } from '../cloud/ports/index.js'
import { ReconcilerError } from '../shared/errors.js'

export const DEFAULT_LOCAL_STATE = '.ecs-reconciler/local-cloud.json'
const LOCAL_REGION = 'us-east-1'

export interface CloudOptions {
  readonly local: boolean
  readonly localState?: string | undefined
  /** With `local`: the embedded cloud's eventual-consistency lag (ms; default ECS_RECONCILER_CONSISTENCY_LAG, else 0). */
  readonly consistencyLagMs?: number | undefined
  readonly region?: string | undefined
  readonly profile?: string | undefined
  /** `--max-attempts`; absent, the SDK's configuration (AWS_MAX_ATTEMPTS, the profile) or 8 applies. */
  readonly maxAttempts?: number | undefined
  readonly readOnly: boolean
  /** Told of every AWS attempt: the daemon's metrics. */
  readonly onCall?: (
    service: string,
    operation: string,
    outcome: string,
    durationMs: number,
    attempt: number,
  ) => void
}

export interface OpenedCloud {
  readonly cloud: Cloud
  /** Seconds between steady-state polls that suit this backend. */
  readonly pollMs: number
  close(): Promise<void>
}

export async function openCloud(options: CloudOptions): Promise<OpenedCloud> {
  // Loaded on demand: the SDK clients and the emulator are most of the start-up time, and
  // `validate`, `graph` and `schema` never need them.
  const { createAwsCloud } = await import('../cloud/aws/create-cloud.js')
  if (!options.local) {
    const { resolveAwsRegion } = await import('../cloud/aws/region.js')
    const region = await resolveAwsRegion({ region: options.region, profile: options.profile })
    const cloud = createAwsCloud({
      readOnly: options.readOnly,
      maxAttempts: options.maxAttempts,
      ...(options.onCall ? { onCall: options.onCall } : {}),
      region,
      ...(options.profile ? { profile: options.profile } : {}),
    })
    return { cloud, pollMs: 5000, close: () => Promise.resolve(cloud.close()) }
  }
  // The embedded cloud serves one region of its own choosing; the AWS chain does not apply to it.
  const region = options.region ?? LOCAL_REGION
  const statePath = resolve(options.localState ?? DEFAULT_LOCAL_STATE)
  await mkdir(dirname(statePath), { recursive: true })
  const { startLocalCloud } = await import('../localcloud/index.js')
  const server = await startLocalCloud({
    statePath,
    clock: 'real',
    region,
    ...(options.consistencyLagMs !== undefined ? { consistencyLagMs: options.consistencyLagMs } : {}),
    ...jsonEnv('ECS_RECONCILER_LOCAL_TIMING', 'timing'),
    ...jsonEnv('ECS_RECONCILER_LOCAL_FAULTS', 'faults'),
  })
  const cloud = createAwsCloud({
    readOnly: options.readOnly,
    maxAttempts: options.maxAttempts,
    ...(options.onCall ? { onCall: options.onCall } : {}),
    endpoint: server.endpoint,
    region,
  })
  return {
    cloud,
    pollMs: 250,
    close: async () => {
      cloud.close()
      await server.close()
    },
  }
}

/** Tests and demos tune the embedded cloud through JSON in environment variables (timing, faults). */
function jsonEnv<K extends string>(name: string, key: K): Partial<Record<K, never>> {
  const text = process.env[name]
  if (!text) return {}
  try {
    return { [key]: JSON.parse(text) as never } as Partial<Record<K, never>>
  } catch {
    throw new ReconcilerError('INVALID_INPUT', `${name} is not valid JSON`)
  }
}
