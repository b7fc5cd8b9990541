/** Loads manifest sets for tests: the shop example (as committed, see example.ts), or small in-memory texts. */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { validateFiles, type ValidationResult } from '../../src/manifest/validate.js'
import { shopExampleDir } from './example.js'

/** A private copy of the committed shop example: user edits of manifests/examples do not reach the tests. */
export const EXAMPLES_DIR = shopExampleDir()

export function exampleFiles(): { file: string; text: string }[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: join('shop', f), text: readFileSync(join(EXAMPLES_DIR, f), 'utf8') }))
}

/** The example set, with optional text edits applied per file before validation. */
export function loadExample(edit: (file: string, text: string) => string = (_f, t) => t): ValidationResult {
  const result = validateFiles(exampleFiles().map(({ file, text }) => ({ file, text: edit(file, text) })))
  if (!result.ok) {
    throw new Error(
      `example does not validate: ${JSON.stringify(
        result.issues.filter((i) => i.severity === 'error'),
        null,
        2,
      )}`,
    )
  }
  return result
}
