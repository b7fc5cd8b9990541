/**
 * Environments against the target, every lookup through the real SDK clients: the shop example's
 * staging and prod (manifests/examples/shop/envs) plan with their storefront release from SSM, prod's
 * Terraform state from an S3 object and its web security group from a CloudFormation stack output, and
 * the two plans differ exactly by what the environments patch and look up. On moto, a daemon pass over
 * an environment rolls on an edited SSM parameter and, once the parameter is deleted, stops with the
 * reference named and changes nothing (the local cloud's case is test/contract/daemon/lookups.test.ts).
 *
 * GetParameters lists a name that does not exist in InvalidParameters
 * (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html); stack
 * outputs are DescribeStacks' Outputs
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html).
 */
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand } from '@aws-sdk/client-cloudformation'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs'
import { DeleteParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DaemonMetrics } from '../../src/daemon/metrics.js'
import { runCli } from '../support/cli.js'
import {
  differences,
  plannedAttributes,
  SHOP_RELEASES,
  shopStagingProdDifferences,
} from '../support/environment-plans.js'
import { examplesSnapshot } from '../support/example.js'
import { clientConfig } from '../support/local-cloud.js'
import { testPassRunner, testStatusStore } from '../support/pass-runner.js'
import { openTarget, targetName, uniqueName, type Target } from './target.js'

let t: Target
let cfn: CloudFormationClient
let s3: S3Client
const dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-environments-conformance-'))
const stacks: string[] = []

beforeAll(async () => {
  t = await openTarget()
  cfn = new CloudFormationClient(clientConfig(t.endpoint, { region: t.region }))
  s3 = new S3Client(clientConfig(t.endpoint, { region: t.region, forcePathStyle: true }))
})
afterAll(async () => {
  for (const StackName of stacks) await cfn.send(new DeleteStackCommand({ StackName }))
  cfn?.destroy()
  s3?.destroy()
  await t?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The environment of the CLI's SDK clients: the target's endpoint and test credentials. */
function cliEnv(): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: t.endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: t.region,
  }
}

/** Rewrites every file under `root` with `edit`. */
function rewriteTree(root: string, edit: (text: string) => string): void {
  for (const entry of readdirSync(root)) {
    const path = join(root, entry)
    if (statSync(path).isDirectory()) rewriteTree(path, edit)
    else writeFileSync(path, edit(readFileSync(path, 'utf8')))
  }
}

function replaceOnce(path: string, from: string, to: string): void {
  const text = readFileSync(path, 'utf8')
  if (!text.includes(from)) throw new Error(`${path} has no ${from}`)
  writeFileSync(path, text.replace(from, to))
}

const putParameter = (Name: string, Value: string) =>
  t.account.ssm.send(new PutParameterCommand({ Name, Value, Type: 'String', Overwrite: true }))

describe('environments on the target', () => {
  it('the shop: staging and prod, read from SSM, an S3 state and a stack output, differ exactly by the patched and looked-up values', async () => {
    const shop = join(dir, 'shop')
    cpSync(join(examplesSnapshot(), 'shop'), shop, { recursive: true })
    // The target is shared with other test files (moto keeps state): a cluster and namespace of our own.
    const names = { cluster: uniqueName('shop'), namespace: uniqueName('shop-ns') }
    rewriteTree(shop, (text) =>
      text
        .replace(/^(\s*cluster: )shop$/gm, `$1${names.cluster}`)
        .replace(/^(\s*namespace: )shop$/gm, `$1${names.namespace}`)
        .replace(/^(kind: Cluster\nmetadata:\n\s+name: )shop$/m, `$1${names.cluster}`)
        .replace(/^(kind: Namespace\nmetadata:\n\s+name: )shop$/m, `$1${names.namespace}`),
    )
    for (const [name, value] of Object.entries(SHOP_RELEASES)) await putParameter(name, value)

    // Prod's Terraform state lives in S3, as a team's remote state does.
    const bucket = uniqueName('shop-tfstate')
    await s3.send(new CreateBucketCommand({ Bucket: bucket }))
    const prodState = join(shop, 'envs/prod/terraform.tfstate')
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'prod/terraform.tfstate', Body: readFileSync(prodState) }),
    )
    rmSync(prodState)
    const prodEnvironment = join(shop, 'envs/prod/environment.yaml')
    replaceOnce(
      prodEnvironment,
      'tfstate: ./terraform.tfstate',
      `tfstate: s3://${bucket}/prod/terraform.tfstate`,
    )

    // Prod's web security group from a stack output: the same id the state holds, so the plans stay comparable.
    const webGroup = (
      JSON.parse(readFileSync(join(shop, 'envs/staging/terraform.tfstate'), 'utf8')) as {
        resources: { name: string; instances: { attributes: { id: string } }[] }[]
      }
    ).resources.find((r) => r.name === 'web')?.instances[0]?.attributes.id
    expect(webGroup).toMatch(/^sg-/)
    const stack = uniqueName('shop-prod-network')
    stacks.push(stack)
    await cfn.send(
      new CreateStackCommand({
        StackName: stack,
        TemplateBody: JSON.stringify({
          Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
          Outputs: { WebSecurityGroup: { Value: webGroup } },
        }),
      }),
    )
    replaceOnce(
      prodEnvironment,
      '${tfstate:module.network.aws_security_group.web.id}',
      `\${cfn:${stack}.WebSecurityGroup}`,
    )

    const plan = async (env: string) => {
      const r = await runCli(['plan', '-o', 'json', join(shop, 'envs', env)], { env: cliEnv() })
      expect(r.code, r.stderr).toBe(0)
      return {
        attributes: plannedAttributes(r.stdout),
        lookups: (JSON.parse(r.stdout) as PlanLookups).lookups,
      }
    }
    const staging = await plan('staging')
    const prod = await plan('prod')
    expect(differences(staging.attributes, prod.attributes)).toEqual(shopStagingProdDifferences(names))
    // The plan names where each looked-up value came from.
    expect(new Set(prod.lookups.map((l) => l.source))).toEqual(
      new Set([
        `cfn:${stack}.WebSecurityGroup`,
        'ssm:/shop/prod/storefront-version',
        'tfstate:output.private_subnet_ids',
        'tfstate:module.network.aws_security_group.backend.id',
      ]),
    )
  }, 120_000)
})

describe('a daemon pass over an environment with an SSM lookup, on moto', () => {
  it.runIf(targetName() === 'moto')(
    'rolls on an edited parameter, and stops naming the reference when it is deleted',
    async () => {
      const repo = join(dir, 'web')
      cpSync(join(examplesSnapshot(), 'environments'), repo, { recursive: true })
      const cluster = uniqueName('web')
      const parameter = `/conformance/${uniqueName('web')}/image-tag`
      const reference = `\${ssm:${parameter}}`
      rewriteTree(repo, (text) =>
        text
          .replace(/^(\s*cluster: )web$/gm, `$1${cluster}`)
          .replace(/^(kind: Cluster\nmetadata:\n\s+name: )web$/m, `$1${cluster}`)
          // moto starts no tasks: a service of no tasks is steady as soon as it is created.
          .replace(/^(\s*desiredCount: )\d+$/gm, (_line, key: string) => `${key}0`),
      )
      replaceOnce(join(repo, 'envs/prod/environment.yaml'), 'imageTag: "1.4.3"', `imageTag: ${reference}`)
      // ECS wants subnets and a security group that exist.
      const net = await t.network()
      const state = join(repo, 'envs/prod/terraform.tfstate')
      const tfstate = JSON.parse(
        readFileSync(state, 'utf8').replace(/sg-0prod0+a/g, net.securityGroups[0]!),
      ) as {
        outputs: { private_subnet_ids: { value: string[] } }
      }
      tfstate.outputs.private_subnet_ids.value = net.subnets
      writeFileSync(state, JSON.stringify(tfstate))
      const metrics = new DaemonMetrics([])
      const status = testStatusStore()
      const runner = testPassRunner({
        cloud: t.cloud,
        manifests: join(repo, 'envs/prod'),
        metrics,
        status,
        settings: { instance: 'web-prod', settleMs: 0, timeoutMs: 5_000 },
      })
      const never = new AbortController().signal
      await putParameter(parameter, '1.4.3')
      const image = async () => {
        const [service] = await t.cloud.readers.ecs.describeServices(cluster, ['api'])
        const td = service
          ? await t.cloud.readers.ecs.describeTaskDefinition(service.taskDefinition)
          : undefined
        return { taskDefinition: service?.taskDefinition, image: td?.containerDefinitions[0]?.image }
      }
      const first = await runner.run(['startup'], never)
      expect(first.outcome, JSON.stringify(status.resourceEntries())).toBe('success')
      expect((await image()).image).toBe('public.ecr.aws/web/api:1.4.3')

      await putParameter(parameter, '1.4.4')
      expect((await runner.run(['resync'], never)).changes).toBeGreaterThan(0)
      const rolled = await image()
      expect(rolled.image).toBe('public.ecr.aws/web/api:1.4.4')

      await t.account.ssm.send(new DeleteParameterCommand({ Name: parameter }))
      const family = rolled.taskDefinition?.split('/').pop()?.split(':')[0]
      const revisions = async () =>
        (await t.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family }))).taskDefinitionArns
      const before = await revisions()
      // The pass reconciles the last valid set (on moto it updates the settings moto does not store
      // again, docs/conformance.md), never the broken one.
      await runner.run(['resync'], never)
      // What /status answers: the set is invalid, the reference is named, the last valid set stays.
      const body = JSON.parse(JSON.stringify(status)) as {
        manifests?: {
          valid: boolean
          reconciling: string
          failedReferences: string[]
          issues: { message: string }[]
        }
      }
      expect(body.manifests?.valid).toBe(false)
      expect(body.manifests?.reconciling).toBe('last-valid')
      expect(body.manifests?.failedReferences).toContain(reference)
      expect(body.manifests?.issues.map((i) => i.message)).toContainEqual(
        expect.stringContaining(`cannot resolve ${reference}: SSM parameter ${parameter} does not exist`),
      )
      expect(await metrics.registry.metrics()).toContain(
        `ecs_reconciler_lookup_failures{reference="${reference}"} 1`,
      )
      // Nothing rolled back or forward: the same task definition, no new revision.
      expect(await image()).toEqual(rolled)
      expect(await revisions()).toEqual(before)
    },
    120_000,
  )
})

interface PlanLookups {
  readonly lookups: readonly { source: string }[]
}
