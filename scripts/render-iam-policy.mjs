/* global process, console */
// Renders the deploy IAM policy for one ecs-reconciler instance: manifests/deploy/iam-policy.template.json
// with every `{{instance}}` replaced by the instance id (the value of the ecs-reconciler:managed-by
// tag the daemon writes, `--instance`). Prints the policy on stdout.
// Usage: node scripts/render-iam-policy.mjs --instance shop-prod > policy.json   (docs/iam.md)
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const TEMPLATE = join(import.meta.dirname, '../manifests/deploy/iam-policy.template.json')
/** ECS tag value characters (src/shared/tag-value.ts): the instance id is a tag value. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u

export function renderPolicy(template, instance) {
  if (!TAG_TEXT.test(instance)) {
    throw new Error(
      `--instance must be 1–256 characters of letters, digits, spaces and + - = . _ : / @, got "${instance}"`,
    )
  }
  const rendered = JSON.parse(template, (_key, value) =>
    typeof value === 'string' ? value.replaceAll('{{instance}}', instance) : value,
  )
  const left = JSON.stringify(rendered).match(/\{\{\w+\}\}/)
  if (left) throw new Error(`the template has a placeholder this renderer does not fill: ${left[0]}`)
  return `${JSON.stringify(rendered, null, 2)}\n`
}

function main(argv) {
  const at = argv.indexOf('--instance')
  const instance = at >= 0 ? argv[at + 1] : undefined
  if (instance === undefined) {
    console.error('usage: node scripts/render-iam-policy.mjs --instance <id> > policy.json')
    process.exit(2)
  }
  try {
    process.stdout.write(renderPolicy(readFileSync(TEMPLATE, 'utf8'), instance))
  } catch (err) {
    console.error(`render-iam-policy: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) main(process.argv.slice(2))
