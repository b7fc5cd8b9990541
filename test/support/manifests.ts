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
    .map((f) => ({ file: join('shop', 'base', f), text: readFileSync(join(EXAMPLES_DIR, f), 'utf8') }))
}

/**
 * The example set, with optional text edits applied per file before validation. An edit that changes
 * no file throws: the text it looks for is not in the example (any more), and the test would
 * otherwise pass on the unedited example.
 */
export function loadExample(edit?: (file: string, text: string) => string): ValidationResult {
  const files = exampleFiles()
  const edited = files.map(({ file, text }) => ({ file, text: edit ? edit(file, text) : text }))
  if (edit && edited.every(({ text }, i) => text === files[i]?.text)) {
    throw new Error('the edit changed no file of the example: the text it replaces is not there')
  }
  const result = validateFiles(edited)
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

const indent = (text: string, spaces: number) =>
  text
    .split('\n')
    .map((l) => (l.length > 0 ? ' '.repeat(spaces) + l : l))
    .join('\n')

/**
 * A one-container Service manifest: `container` (YAML) in its container (from line 13), `task` in its
 * task definition (line 9), `service` in its spec after the task definition.
 */
export function serviceManifest(parts: {
  container?: string
  task?: string
  service?: string
  cpu?: string
}): string {
  return `apiVersion: ecs-reconciler/v1alpha1
kind: Service
metadata: {name: web}
spec:
  network: {subnets: [subnet-1]}
  taskDefinition:
    cpu: ${parts.cpu ?? '256'}
    memory: 512
${indent(parts.task ?? '', 4)}
    containers:
      - name: app
        image: nginx:1.27
${indent(parts.container ?? '', 8)}
${indent(parts.service ?? '', 2)}
`
}

/** The errors validation reports for one manifest text, with line, rule, message and hint. */
export const validationErrors = (text: string) =>
  validateFiles([{ file: 'svc.yaml', text }])
    .issues.filter((i) => i.severity === 'error')
    .map((i) => ({ line: i.position.line, rule: i.ruleId, message: i.message, hint: i.hint }))
