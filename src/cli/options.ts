/** @module Options shared by several commands, and their parsing. */
import { Argument, Option } from 'commander'
import { parseDuration } from '../shared/duration.js'
import { ReconcilerError } from '../shared/errors.js'
import { isTagText, MAX_TAG_VALUE_LENGTH } from '../shared/tag-value.js'

export const DEFAULT_PATHS = ['./manifests']

export function pathsOrDefault(paths: readonly string[]): string[] {
  return paths.length > 0 ? [...paths] : DEFAULT_PATHS
}

/** `[paths...]`, with help that names the real default rather than commander's `[]`. */
export function pathsArgument(): Argument {
  return new Argument('[paths...]', 'manifest files or folders').default([], DEFAULT_PATHS.join(' '))
}

export function outputOption(choices: readonly string[] = ['text', 'json']): Option {
  return new Option('-o, --output <format>', 'output format').choices(choices).default('text')
}

export function clusterOption(): Option {
  return new Option('--cluster <name>', 'cluster for manifests that name none').default('default')
}

export function parseCount(name: string) {
  return (value: string): number => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < 0) {
      throw new ReconcilerError('INVALID_INPUT', `${name} must be a whole number, got "${value}"`)
    }
    return n
  }
}

export function parseDurationOption(name: string) {
  return (value: string): number => {
    const ms = parseDuration(value)
    if (ms === undefined || ms <= 0) {
      throw new ReconcilerError(
        'INVALID_INPUT',
        `${name} must be a duration such as 500ms, 30s, 5m or 1h, got "${value}"`,
      )
    }
    return ms
  }
}

/** `--consistency-lag`: a duration, 0 allowed (0, the default unless ECS_RECONCILER_CONSISTENCY_LAG says otherwise: reads see every write at once). */
export function parseLag(value: string): number {
  const ms = value === '0' ? 0 : parseDuration(value)
  if (ms === undefined || ms < 0) {
    throw new ReconcilerError(
      'INVALID_INPUT',
      `--consistency-lag must be 0 or a duration such as 300ms or 2s, got "${value}"`,
    )
  }
  return ms
}

function parseAttempts(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) {
    throw new ReconcilerError(
      'INVALID_INPUT',
      `--max-attempts must be a whole number of at least 1, got "${value}"`,
    )
  }
  return n
}

/** The instance id is the managed-by tag's value: refused, never rewritten, when ECS would not accept it. */
export function parseInstance(value: string): string {
  if (value === '' || value.length > MAX_TAG_VALUE_LENGTH || !isTagText(value)) {
    throw new ReconcilerError(
      'INVALID_INPUT',
      `--instance must be 1–${MAX_TAG_VALUE_LENGTH} characters of letters, digits, spaces and + - = . _ : / @ (it becomes a tag value), got "${value}"`,
    )
  }
  return value
}

/** Options every command that talks to AWS shares. */
export function cloudOptions(): Option[] {
  return [
    new Option('--local', 'use the embedded local cloud instead of AWS'),
    new Option('--local-state <file>', 'state file of the embedded local cloud').default(
      undefined,
      '.ecs-reconciler/local-cloud.json',
    ),
    new Option(
      '--consistency-lag <duration>',
      'with --local: reads may miss writes younger than this (eventual consistency); default ECS_RECONCILER_CONSISTENCY_LAG, else 0',
    ).argParser(parseLag),
    new Option('--region <region>', 'AWS region (default: the SDK configuration)'),
    new Option('--profile <profile>', 'AWS shared-config profile'),
    new Option(
      '--max-attempts <n>',
      "attempts per AWS call, retries included (default: AWS_MAX_ATTEMPTS, the profile's max_attempts, else 8)",
    ).argParser(parseAttempts),
    new Option('--instance <id>', 'ownership instance id (the ecs-reconciler:managed-by tag)')
      .default(process.env['ECS_RECONCILER_INSTANCE'] ?? 'ecs-reconciler')
      .argParser(parseInstance),
    new Option('--revision <sha>', 'Git commit recorded in the ecs-reconciler:revision tag').default(
      process.env['ECS_RECONCILER_REVISION'],
    ),
    new Option(
      '--stats',
      'print AWS API attempts by operation and outcome, and the retries among them (to stderr)',
    ),
  ]
}

export interface CloudFlags {
  local?: boolean
  localState?: string
  consistencyLag?: number
  region?: string
  profile?: string
  maxAttempts?: number
  instance: string
  revision?: string
  stats?: boolean
}
