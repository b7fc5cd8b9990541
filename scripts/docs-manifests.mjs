/* global process, console */
// Writes docs/manifests.md and schema/ecs-reconciler.schema.json from the zod schemas (run after a
// build: `npm run docs:manifests`). test/unit/manifest/reference-doc.test.ts fails when either is stale.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { renderManifestReference } from '../dist/manifest/docs/reference.js'
import { manifestJsonSchema } from '../dist/manifest/json-schema.js'
import { validateFiles } from '../dist/manifest/validate.js'

const root = resolve(import.meta.dirname, '..')
const examplesDir = 'manifests/examples/shop/base'
const examples = readdirSync(join(root, examplesDir))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ file: `${examplesDir}/${f}`, text: readFileSync(join(root, examplesDir, f), 'utf8') }))

// The reference shows these as examples: they must be valid manifests.
const checked = validateFiles(examples)
if (!checked.ok) {
  for (const i of checked.issues) {
    console.error(
      `${i.position.file}:${i.position.line}:${i.position.col}: ${i.severity} [${i.ruleId}] ${i.message}`,
    )
  }
  console.error(`the examples in ${examplesDir} do not validate; fix them first`)
  process.exit(1)
}
const schema = manifestJsonSchema()
writeFileSync(join(root, 'docs/manifests.md'), renderManifestReference(schema, examples))
writeFileSync(join(root, 'schema/ecs-reconciler.schema.json'), `${JSON.stringify(schema, null, 2)}\n`)
console.log('wrote docs/manifests.md and schema/ecs-reconciler.schema.json')
