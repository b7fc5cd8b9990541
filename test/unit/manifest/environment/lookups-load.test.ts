/**
 * An environment's SSM, CloudFormation and S3-state lookups through a fake LookupReader: read once
 * per load, deduplicated; deferred (nothing read) without a reader; a failed one an error at its
 * file:line naming the reference.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AccountLookup, LookupReader, ParameterValue } from '../../../../src/cloud/ports/index.js'
import { loadManifests, type ValidationResult } from '../../../../src/manifest/validate.js'

const SERVICE = `apiVersion: ecs-reconciler/v1alpha1
kind: Service
metadata:
  name: api
spec:
  cluster: web
  desiredCount: 1
  taskDefinition:
    cpu: 256
    memory: 512
    containers:
      - name: app
        image: api:\${ssm:/shop/tag}
        environment:
          VPC: \${cfn:network.VpcId}
          TAG_AGAIN: \${var.tag}
  network:
    subnets:
      - \${var.subnets}
`

const ENVIRONMENT = `apiVersion: ecs-reconciler/v1alpha1
kind: Environment
metadata:
  name: prod
spec:
  bases: [../../base]
  instance: web-prod
  variables:
    tag: \${ssm:/shop/tag}
    subnets: \${cfn:network.Subnets}
`

class FakeReader implements LookupReader {
  readonly calls: string[] = []
  parameters = new Map<string, AccountLookup<ParameterValue>>([
    ['/shop/tag', { state: 'found', value: { type: 'String', value: '1.4.3', version: 3 } }],
  ])
  objects = new Map<string, string>()

  getParameters(names: readonly string[]) {
    this.calls.push(`GetParameters ${names.join(',')}`)
    return Promise.resolve(
      new Map(names.map((n) => [n, this.parameters.get(n) ?? ({ state: 'missing' } as const)])),
    )
  }
  describeStackOutputs(stacks: readonly string[]) {
    this.calls.push(`DescribeStacks ${stacks.join(',')}`)
    const outputs = { VpcId: 'vpc-1', Subnets: 'subnet-a' }
    return Promise.resolve(new Map(stacks.map((s) => [s, { state: 'found', value: outputs } as const])))
  }
  getObjectText(bucket: string, key: string): Promise<AccountLookup<string>> {
    this.calls.push(`GetObject ${bucket}/${key}`)
    const text = this.objects.get(`${bucket}/${key}`)
    return Promise.resolve(text === undefined ? { state: 'missing' } : { state: 'found', value: text })
  }
}

let repo: string
let reader: FakeReader
let opened: number

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'lookups-'))
  mkdirSync(join(repo, '.git'))
  reader = new FakeReader()
  opened = 0
})
afterEach(() => rmSync(repo, { recursive: true, force: true }))

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true })
    writeFileSync(join(repo, path), text)
  }
}

const open = (): Promise<LookupReader> => {
  opened += 1
  return Promise.resolve(reader)
}
const load = (withReader = true): Promise<ValidationResult> =>
  loadManifests(['envs/prod'], { cwd: repo, ...(withReader ? { lookups: open } : {}) })

const problems = (r: ValidationResult, severity: 'error' | 'warning'): string[] =>
  r.issues
    .filter((i) => i.severity === severity)
    .map((i) => `${i.ruleId} ${i.position.file}:${i.position.line} ${i.message}`)

describe('SSM and CloudFormation lookups in an environment', () => {
  it('reads each parameter and stack once, substitutes the values and records their sources', async () => {
    write({ 'base/api.yaml': SERVICE, 'envs/prod/environment.yaml': ENVIRONMENT })
    const r = await load()
    expect(problems(r, 'error')).toEqual([])
    expect(reader.calls).toEqual(['GetParameters /shop/tag', 'DescribeStacks network'])
    const api = r.set.byKind.Service[0]
    expect(api?.spec.taskDefinition.containers[0]?.image).toBe('api:1.4.3')
    // A stack output is a string: one element of the list here.
    expect(api?.spec.network?.subnets).toEqual(['subnet-a'])
    expect(r.lookups?.uses).toContainEqual({
      reference: '${var.subnets}',
      source: 'cfn:network.Subnets',
      value: 'subnet-a',
      sensitive: false,
      file: 'base/api.yaml',
      line: 19,
      field: 'spec.network.subnets[0]',
    })
    expect(r.lookups?.uses.map((u) => `${u.field} ${u.source}`)).toEqual([
      'spec.taskDefinition.containers[0].image ssm:/shop/tag',
      'spec.taskDefinition.containers[0].environment.VPC cfn:network.VpcId',
      'spec.taskDefinition.containers[0].environment.TAG_AGAIN ssm:/shop/tag',
      'spec.network.subnets[0] cfn:network.Subnets',
    ])
    expect(r.lookups?.sources).toEqual([
      { source: 'ssm:/shop/tag', value: '1.4.3', sensitive: false },
      { source: 'cfn:network.Subnets', value: 'subnet-a', sensitive: false },
      { source: 'cfn:network.VpcId', value: 'vpc-1', sensitive: false },
    ])
  })

  it('gives a looked-up string the number or boolean the schema wants where it is the whole value', async () => {
    reader.parameters.set('/shop/count', {
      state: 'found',
      value: { type: 'String', value: '3', version: 1 },
    })
    reader.parameters.set('/shop/exec', {
      state: 'found',
      value: { type: 'String', value: 'true', version: 1 },
    })
    write({
      'base/api.yaml': SERVICE.replace(
        'desiredCount: 1',
        'desiredCount: ${ssm:/shop/count}\n  enableExecuteCommand: ${var.exec}',
      ).replace('TAG_AGAIN: ${var.tag}', 'COUNT: ${ssm:/shop/count}'),
      'envs/prod/environment.yaml': ENVIRONMENT.replace(
        'variables:',
        'variables:\n    exec: ${ssm:/shop/exec}',
      ),
    })
    const r = await load()
    expect(problems(r, 'error')).toEqual([])
    const api = r.set.byKind.Service[0]
    expect(api?.spec.desiredCount).toBe(3)
    expect(api?.spec.enableExecuteCommand).toBe(true)
    // An environment variable is text in ECS: the same parameter stays a string there.
    expect(api?.spec.taskDefinition.containers[0]?.environment).toMatchObject({ COUNT: '3' })
    expect(r.lookups?.uses.find((u) => u.field === 'spec.desiredCount')?.value).toBe(3)
  })

  it('reads nothing without a reader: the document is not checked, and a warning says why', async () => {
    write({ 'base/api.yaml': SERVICE, 'envs/prod/environment.yaml': ENVIRONMENT })
    const r = await load(false)
    expect(r.ok).toBe(true)
    expect(problems(r, 'error')).toEqual([])
    expect(problems(r, 'warning')).toEqual([
      'environment/lookup-deferred base/api.yaml:13 not checked: ${ssm:/shop/tag}, ${cfn:network.VpcId}, ${var.tag}, ${var.subnets} are read from AWS only by plan, apply, verify, run, import, and validate or graph with --lookups',
    ])
    expect(opened).toBe(0)
  })

  it('opens no reader when no reference needs AWS', async () => {
    write({
      'base/api.yaml': SERVICE.replace(/\$\{[^}]*\}/g, 'x'),
      'envs/prod/environment.yaml': ENVIRONMENT.replace(/\$\{[^}]*\}/g, 'literal'),
    })
    const r = await load()
    expect(problems(r, 'error')).toEqual([])
    expect(opened).toBe(0)
  })

  it('reports a missing parameter at its file:line, naming it, and lists it as failed', async () => {
    write({
      'base/api.yaml': SERVICE.replace('/shop/tag}', '/shop/nope}'),
      'envs/prod/environment.yaml': ENVIRONMENT,
    })
    const r = await load()
    expect(problems(r, 'error')).toEqual([
      'environment/reference base/api.yaml:13 cannot resolve ${ssm:/shop/nope}: SSM parameter /shop/nope does not exist',
    ])
    expect(r.lookups?.failed).toEqual([{ reference: '${ssm:/shop/nope}', file: 'base/api.yaml', line: 13 }])
    expect(r.set.byKind.Service).toEqual([])
  })

  it('reports a variable whose lookup failed at the variable line, and its uses as unresolved', async () => {
    write({
      'base/api.yaml': SERVICE,
      'envs/prod/environment.yaml': ENVIRONMENT.replace('tag: ${ssm:/shop/tag}', 'tag: ${ssm:/shop/nope}'),
    })
    const errors = problems(await load(), 'error')
    expect(errors).toContain(
      'environment/reference envs/prod/environment.yaml:9 cannot resolve ${ssm:/shop/nope}: SSM parameter /shop/nope does not exist',
    )
    expect(errors).toContain(
      'environment/reference base/api.yaml:16 cannot resolve ${var.tag}: variable tag could not be resolved',
    )
  })
})

describe('a Terraform state in S3', () => {
  const STATE = JSON.stringify({ version: 4, outputs: { subnets: { value: ['subnet-s3'] } } })
  const files = {
    'base/api.yaml': SERVICE.replace(/\$\{(ssm|cfn|var)[^}]*\}/g, 'x').replace(
      'subnets:\n      - x',
      'subnets: ${tfstate:output.subnets}',
    ),
    'envs/prod/environment.yaml': ENVIRONMENT.replace(
      / {2}variables:[\s\S]*$/,
      '  tfstate: s3://state-bucket/prod/terraform.tfstate\n',
    ),
  }

  it('is read once through the reader', async () => {
    write(files)
    reader.objects.set('state-bucket/prod/terraform.tfstate', STATE)
    const r = await load()
    expect(problems(r, 'error')).toEqual([])
    expect(reader.calls).toEqual(['GetObject state-bucket/prod/terraform.tfstate'])
    expect(r.set.byKind.Service[0]?.spec.network?.subnets).toEqual(['subnet-s3'])
  })

  it('that does not exist is an error naming the reference and the object', async () => {
    write(files)
    expect(problems(await load(), 'error')).toEqual([
      'environment/reference base/api.yaml:18 cannot resolve ${tfstate:output.subnets}: the Terraform state s3://state-bucket/prod/terraform.tfstate does not exist',
    ])
  })

  it('is not read without a reader', async () => {
    write(files)
    const r = await load(false)
    expect(problems(r, 'error')).toEqual([])
    expect(problems(r, 'warning')).toHaveLength(1)
    expect(reader.calls).toEqual([])
  })
})
