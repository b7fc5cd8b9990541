#!/usr/bin/env node
/* global process, console */
/**
 * Seeds the local cloud with what the example shop (manifests/examples/shop: its base and the staging and prod environments) references outside its
 * own manifests, so that `verify` (docs/verify.md) passes on it and `apply` / `run` need no
 * `--no-verify`: the IAM roles (with the trust policy ECS or FIS needs), the Secrets Manager secrets,
 * the CloudWatch Logs log groups, the CloudWatch alarm of the chaos schedule's stop condition, and the
 * SSM parameters the staging and prod environments look their storefront release up in.
 * The network is the local cloud's default VPC (docs/local-cloud.md), and the images are on
 * public.ecr.aws, which `verify` skips: nothing to seed for either.
 *
 * It makes the ordinary calls you would make in AWS, with the real SDK clients against the local
 * cloud's endpoint, and is safe to run again (what exists is left as it is).
 *
 *   node scripts/seed-demo.mjs                    # the embedded local cloud's state file, as `--local` uses it
 *   node scripts/seed-demo.mjs --local-state FILE # another state file (`--local-state FILE`)
 *   node scripts/seed-demo.mjs --endpoint URL     # a local cloud already serving (`ecs-reconciler local-cloud`)
 *
 * Needs `npm run build` first (the embedded local cloud is started from dist/).
 */
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch'
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const REGION = 'us-east-1'
const ECS_TASKS = 'ecs-tasks.amazonaws.com'

/** What the example references: role name → the service that assumes it. */
const ROLES = {
  'shop-task-execution': ECS_TASKS,
  'shop-ledger': ECS_TASKS,
  'shop-orders': ECS_TASKS,
  'shop-payments': ECS_TASKS,
  'shop-fis-experiments': 'fis.amazonaws.com',
}
/** Secret names; the local cloud derives the ARN's six-character suffix from the name. */
const SECRETS = ['shop/ledger/db', 'shop/orders/db', 'shop/payments/db']
/** The storefront release each environment runs, read by `${ssm:…}` in envs/<env>/services.yaml. */
const PARAMETERS = {
  '/shop/staging/storefront-version': '2.9.0',
  '/shop/prod/storefront-version': '2.8.0',
}
const LOG_GROUPS = ['/shop/ledger', '/shop/orders', '/shop/payments', '/shop/storefront']
/** The chaos schedule's stop condition. */
const ALARM = {
  AlarmName: 'shop-orders-5xx',
  Namespace: 'AWS/ApplicationELB',
  MetricName: 'HTTPCode_Target_5XX_Count',
  Statistic: 'Sum',
  Period: 60,
  EvaluationPeriods: 1,
  Threshold: 10,
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
}

/** The error codes each create answers when the resource is there already. */
const EXISTS = new Set([
  'EntityAlreadyExists',
  'ResourceExistsException',
  'ResourceAlreadyExistsException',
  'ParameterAlreadyExists',
])

const trustPolicy = (service) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  })

/** Sends a create; "already exists" counts as done. Returns what happened, for the summary. */
async function create(client, command) {
  try {
    await client.send(command)
    return 'created'
  } catch (err) {
    if (EXISTS.has(err?.name) || EXISTS.has(err?.Code)) return 'exists'
    throw err
  }
}

async function seedDemo(endpoint) {
  const config = {
    endpoint,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  }
  const iam = new IAMClient(config)
  const secrets = new SecretsManagerClient(config)
  const logs = new CloudWatchLogsClient(config)
  const cloudwatch = new CloudWatchClient(config)
  const ssm = new SSMClient(config)
  const done = []
  try {
    for (const [RoleName, service] of Object.entries(ROLES)) {
      const command = new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trustPolicy(service) })
      done.push(`role ${RoleName}: ${await create(iam, command)}`)
    }
    for (const Name of SECRETS) {
      // A placeholder value: nothing in the demo reads it (verify only describes the secret).
      const command = new CreateSecretCommand({ Name, SecretString: 'postgres://demo' })
      done.push(`secret ${Name}: ${await create(secrets, command)}`)
    }
    for (const logGroupName of LOG_GROUPS) {
      done.push(
        `log group ${logGroupName}: ${await create(logs, new CreateLogGroupCommand({ logGroupName }))}`,
      )
    }
    for (const [Name, Value] of Object.entries(PARAMETERS)) {
      // Without Overwrite an existing parameter is kept as it is: a user's edit survives a second seed.
      const command = new PutParameterCommand({ Name, Value, Type: 'String' })
      done.push(`parameter ${Name}: ${await create(ssm, command)}`)
    }
    // PutMetricAlarm creates or updates: always "created or kept".
    await cloudwatch.send(new PutMetricAlarmCommand(ALARM))
    done.push(`alarm ${ALARM.AlarmName}: put`)
  } finally {
    for (const client of [iam, secrets, logs, cloudwatch, ssm]) client.destroy()
  }
  return done
}

async function main() {
  const { values } = parseArgs({
    options: { endpoint: { type: 'string' }, 'local-state': { type: 'string' }, quiet: { type: 'boolean' } },
  })
  let server
  let endpoint = values.endpoint
  if (!endpoint) {
    // The same file and region as `--local` (src/cli/cloud-factory.ts): the next command sees the seed.
    const statePath = resolve(values['local-state'] ?? '.ecs-reconciler/local-cloud.json')
    mkdirSync(dirname(statePath), { recursive: true })
    const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
    const { startLocalCloud } = await import(
      pathToFileURL(resolve(root, 'dist/localcloud/index.js')).href
    ).catch(() => {
      throw new Error('dist/ is missing: run `npm run build` first')
    })
    server = await startLocalCloud({ statePath, region: REGION, clock: 'real' })
    endpoint = server.endpoint
  }
  try {
    const done = await seedDemo(endpoint)
    if (!values.quiet) console.log(`seeded ${endpoint}:\n  ${done.join('\n  ')}`)
  } finally {
    await server?.close()
  }
}

main().catch((err) => {
  console.error(`seed-demo: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
