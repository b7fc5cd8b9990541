/* global process, console */
// Renders the deploy IAM policy for one ecs-reconciler instance from
// manifests/deploy/iam-policy.template.json: every `{{instance}}` becomes the instance id (the value of
// the ecs-reconciler:managed-by tag the daemon writes, `--instance`), and the environment lookups'
// statements name only what your environments read (docs/iam.md#reads). Prints the policy on stdout.
//
//   node scripts/render-iam-policy.mjs --instance shop-prod \
//     --ssm-path /shop/prod/ --stack shop-prod-network --tfstate s3://acme-tf-state/shop/prod.tfstate
//
// --ssm-path PREFIX   SSM parameters under this path (repeatable; `/` is every parameter)
// --stack NAME        CloudFormation stacks whose outputs are read (repeatable; `*` wildcards allowed)
// --tfstate s3://B/K  Terraform state objects in S3 (repeatable; `*` wildcards allowed in the key)
// --no-lookups        leave the three lookup statements out (no Environment uses ${ssm:}, ${cfn:} or an S3 state)
// Without a flag of a kind, its statement names the example shop's (manifests/examples/shop):
// DEFAULT_LOOKUPS below.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const TEMPLATE = join(import.meta.dirname, '../manifests/deploy/iam-policy.template.json')
/** ECS tag value characters (src/shared/tag-value.ts): the instance id is a tag value. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u

/** What the example shop's environments read (placeholders for yours, like the role ARNs). */
export const DEFAULT_LOOKUPS = {
  ssmPaths: ['/shop/'],
  stacks: ['shop-*'],
  tfstates: ['s3://shop-terraform-state/shop/*'],
}

/** The Sids of the statements that grant the lookups' reads. */
const LOOKUP_SIDS = ['SsmReadByLookups', 'CloudFormationReadByLookups', 'S3ReadTerraformStateByLookups']

// Parameter names: letters, digits and . - _ / (API_PutParameter); stack names: letters, digits and -.
const SSM_PATH = /^[\w.\-/]+$/
const STACK = /^[A-Za-z*][\w\-*]*$/
const S3_URL = /^s3:\/\/([a-z0-9][a-z0-9.\-*]*)\/(\S+)$/

/**
 * The ARN of every parameter under a path: a hierarchical name's ARN joins `parameter` and the name
 * with one slash (arn:aws:ssm:REGION:ACCOUNT:parameter/shop/x), a plain name's with an added one.
 */
function ssmArn(path) {
  if (!SSM_PATH.test(path)) {
    throw new Error(`--ssm-path must be a parameter path like /shop/prod/, got "${path}"`)
  }
  const name = path.startsWith('/') ? path : `/${path}`
  return `arn:aws:ssm:*:*:parameter${name}${name.endsWith('/') || name.endsWith('*') ? '' : '/'}*`
}

function stackArn(stack) {
  if (!STACK.test(stack)) {
    throw new Error(`--stack must be a stack name (letters, digits, -; * wildcards), got "${stack}"`)
  }
  return `arn:aws:cloudformation:*:*:stack/${stack}/*`
}

function objectArn(url) {
  const m = S3_URL.exec(url)
  if (!m) throw new Error(`--tfstate must be s3://BUCKET/KEY, got "${url}"`)
  return `arn:aws:s3:::${m[1]}/${m[2]}`
}

/**
 * The policy for `instance`; `lookups` names what the environments read (DEFAULT_LOOKUPS for a kind
 * left out), or is `false` to leave the lookup statements out.
 */
export function renderPolicy(template, instance, lookups = {}) {
  if (!TAG_TEXT.test(instance)) {
    throw new Error(
      `--instance must be 1–256 characters of letters, digits, spaces and + - = . _ : / @, got "${instance}"`,
    )
  }
  const scoped = lookups === false ? undefined : { ...DEFAULT_LOOKUPS, ...lookups }
  const lists = scoped && {
    '{{ssmParameterArns}}': scoped.ssmPaths.map(ssmArn),
    '{{stackArns}}': scoped.stacks.map(stackArn),
    '{{tfstateObjectArns}}': scoped.tfstates.map(objectArn),
  }
  const rendered = JSON.parse(template, (_key, value) => {
    if (typeof value !== 'string') return value
    if (lists && value in lists) return lists[value].length === 1 ? lists[value][0] : lists[value]
    return value.replaceAll('{{instance}}', instance)
  })
  if (!scoped) rendered.Statement = rendered.Statement.filter((s) => !LOOKUP_SIDS.includes(s.Sid))
  const left = JSON.stringify(rendered).match(/\{\{\w+\}\}/)
  if (left) throw new Error(`the template has a placeholder this renderer does not fill: ${left[0]}`)
  return `${JSON.stringify(rendered, null, 2)}\n`
}

const USAGE =
  'usage: node scripts/render-iam-policy.mjs --instance <id> [--ssm-path /prefix/]... [--stack NAME]... [--tfstate s3://bucket/key]... [--no-lookups] > policy.json'

function main(argv) {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        instance: { type: 'string' },
        'ssm-path': { type: 'string', multiple: true },
        stack: { type: 'string', multiple: true },
        tfstate: { type: 'string', multiple: true },
        'no-lookups': { type: 'boolean' },
      },
    }))
  } catch (err) {
    console.error(`render-iam-policy: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`)
    process.exit(2)
  }
  if (values.instance === undefined) {
    console.error(USAGE)
    process.exit(2)
  }
  const named = values['ssm-path'] ?? values.stack ?? values.tfstate
  if (values['no-lookups'] && named) {
    console.error(
      'render-iam-policy: --no-lookups leaves the lookup statements out; drop it or the --ssm-path, --stack and --tfstate flags',
    )
    process.exit(2)
  }
  const lookups = values['no-lookups']
    ? false
    : {
        ...(values['ssm-path'] ? { ssmPaths: values['ssm-path'] } : {}),
        ...(values.stack ? { stacks: values.stack } : {}),
        ...(values.tfstate ? { tfstates: values.tfstate } : {}),
      }
  try {
    process.stdout.write(renderPolicy(readFileSync(TEMPLATE, 'utf8'), values.instance, lookups))
  } catch (err) {
    console.error(`render-iam-policy: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) main(process.argv.slice(2))
