/** Runs a test with the AWS retry settings of the environment and shared config under its control. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const KEYS = [
  'AWS_MAX_ATTEMPTS',
  'AWS_RETRY_MODE',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
] as const

/**
 * Sets exactly these variables (others of KEYS unset) and a fresh shared config file with `config`
 * as its content, so the machine's own ~/.aws never leaks in. Returns a function that restores them.
 */
export function isolateAwsEnv(
  vars: Partial<Record<(typeof KEYS)[number], string>> = {},
  config = '',
): () => void {
  const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]))
  const dir = mkdtempSync(join(tmpdir(), 'aws-env-'))
  writeFileSync(join(dir, 'config'), config)
  writeFileSync(join(dir, 'credentials'), '')
  for (const k of KEYS) delete process.env[k]
  process.env['AWS_CONFIG_FILE'] = join(dir, 'config')
  process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(dir, 'credentials')
  Object.assign(process.env, vars)
  return () => {
    for (const k of KEYS) {
      const v = saved[k]
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}
