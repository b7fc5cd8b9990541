/** @module Options shared by several commands, and their parsing. */
import { Option } from 'commander'
import { ReconcilerError } from '../shared/errors.js'

export const DEFAULT_PATHS = ['./manifests']

export function pathsOrDefault(paths: readonly string[]): string[] {
  return paths.length > 0 ? [...paths] : DEFAULT_PATHS
}

export function outputOption(choices: readonly string[] = ['text', 'json']): Option {
  return new Option('-o, --output <format>', 'output format').choices(choices).default('text')
}

export function clusterOption(): Option {
  return new Option('--cluster <name>', 'cluster for manifests that name none').default('default')
}

export function parsePositiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < 0) throw new ReconcilerError('INVALID_INPUT', `${name} must be a whole number, got "${value}"`)
    return n
  }
}
