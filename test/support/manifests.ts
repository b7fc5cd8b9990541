/** Loads manifest sets for tests: the shop example from disk, or small in-memory texts. */
import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { validateFiles, type ValidationResult } from '../../src/manifest/validate.js'

export const EXAMPLES_DIR = resolve(import.meta.dirname, '../../manifests/examples/shop')

export function exampleFiles(): { file: string; text: string }[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: join('shop', f), text: readFileSync(join(EXAMPLES_DIR, f), 'utf8') }))
}

/** The example set, with optional text edits applied per file before validation. */
export function loadExample(edit: (file: string, text: string) => string = (_f, t) => t): ValidationResult {
  const result = validateFiles(exampleFiles().map(({ file, text }) => ({ file, text: edit(file, text) })))
  if (!result.ok) throw new Error(`example does not validate: ${JSON.stringify(result.issues.filter((i) => i.severity === 'error'), null, 2)}`)
  return result
}
