/** References in string values, as a table named by outcome, with lookups from a fixed environment. */
import { describe, expect, it } from 'vitest'
import { lookupFor } from '../../../../src/manifest/environment/lookups.js'
import { collectReferences, resolveReferences } from '../../../../src/manifest/environment/references.js'
import { lookUpState } from '../../../../src/manifest/environment/tfstate.js'

// The shape of a version-4 state: https://developer.hashicorp.com/terraform/internals/json-format
const STATE = {
  version: 4,
  outputs: {
    subnets: { value: ['subnet-a', 'subnet-b'], type: ['list', 'string'] },
    port: { value: 8080, type: 'number' },
    password: { value: 'hunter2', type: 'string', sensitive: true },
  },
  resources: [
    {
      module: 'module.vpc',
      mode: 'managed',
      type: 'aws_subnet',
      name: 'private',
      instances: [
        { index_key: 0, attributes: { id: 'subnet-0', tags: { Name: 'zero' } } },
        { index_key: 1, attributes: { id: 'subnet-1' } },
      ],
    },
    {
      mode: 'data',
      type: 'aws_vpc',
      name: 'main',
      instances: [{ attributes: { id: 'vpc-1', cidrs: ['10.0.0.0/16'] } }],
    },
    {
      mode: 'managed',
      type: 'aws_lb_target_group',
      name: 'api',
      instances: [{ index_key: 'blue', attributes: { arn: 'arn:tg/blue' } }],
    },
  ],
}

const lookup = lookupFor({
  spec: { bases: ['../base'], instance: 'i', allowEnv: ['TAG'] },
  variables: { tag: '1.4.3', count: 3, zones: ['a', 'b'] },
  env: { TAG: 'from-env', SECRET: 'no' },
  state: { state: STATE },
})

const cases: Record<string, [input: unknown, expected: unknown]> = {
  'a whole-string variable keeps its type': ['${var.count}', 3],
  'a whole-string list variable stays a list': ['${var.zones}', ['a', 'b']],
  'a variable inside a longer string is interpolated': ['api:${var.tag}', 'api:1.4.3'],
  'a list inside a longer string is joined by commas': ['zones=${var.zones}', 'zones=a,b'],
  'an allow-listed process variable': ['${env:TAG}', 'from-env'],
  'a Terraform output list stays a list': ['${tfstate:output.subnets}', ['subnet-a', 'subnet-b']],
  'a Terraform output number stays a number': ['${tfstate:output.port}', 8080],
  'a module resource attribute by count index': [
    '${tfstate:module.vpc.aws_subnet.private[1].id}',
    'subnet-1',
  ],
  'a nested attribute': ['${tfstate:module.vpc.aws_subnet.private[0].tags.Name}', 'zero'],
  'a data source attribute': ['${tfstate:data.aws_vpc.main.id}', 'vpc-1'],
  'a for_each instance by its key': ['${tfstate:aws_lb_target_group.api["blue"].arn}', 'arn:tg/blue'],
  'a shell ${PORT} stays literal': ['exec api --port ${PORT:-8080}', 'exec api --port ${PORT:-8080}'],
  'an unknown prefix stays literal': ['${foo:bar}', '${foo:bar}'],
  '$${ writes a reference literally': ['$${var.tag} is ${var.tag}', '${var.tag} is 1.4.3'],
  'a whole-string $${ is literal too': ['$${var.tag}', '${var.tag}'],
  'maps and lists are walked': [{ a: ['${var.tag}', { b: '${var.count}' }] }, { a: ['1.4.3', { b: 3 }] }],
  'other values are kept': [
    { n: 1, t: true, z: null },
    { n: 1, t: true, z: null },
  ],
}

describe('resolveReferences', () => {
  it.each(Object.entries(cases))('%s', (_outcome, [input, expected]) => {
    const result = resolveReferences(input, lookup)
    expect(result.problems).toEqual([])
    expect(result.value).toEqual(expected)
  })

  it.each([
    ['${var.nope}', 'no variable nope in spec.variables'],
    ['${env:SECRET}', 'environment variable SECRET is not in spec.allowEnv'],
    ['${tfstate:output.nope}', 'the state has no output nope'],
    [
      '${tfstate:module.vpc.aws_subnet.private[7].id}',
      'the state has no resource module.vpc.aws_subnet.private[7]',
    ],
    ['${tfstate:data.aws_vpc.main.nope}', 'data.aws_vpc.main has no attribute nope'],
  ])('reports %s unresolvable, naming the reference and the path', (input, message) => {
    const result = resolveReferences({ spec: { x: [input] } }, lookup)
    expect(result.problems).toEqual([
      expect.objectContaining({ path: ['spec', 'x', 0], reference: input, message }),
    ])
  })

  it('records each looked-up value, whether it was the whole string, and flags a sensitive Terraform output', () => {
    const result = resolveReferences(
      { a: '${tfstate:output.password}', b: 'pw=${tfstate:output.password}' },
      lookup,
    )
    expect(result.resolved).toEqual([
      {
        path: ['a'],
        reference: '${tfstate:output.password}',
        value: 'hunter2',
        sensitive: true,
        whole: true,
      },
      {
        path: ['b'],
        reference: '${tfstate:output.password}',
        value: 'hunter2',
        sensitive: true,
        whole: false,
      },
    ])
  })

  it('leaves an SSM or CloudFormation reference as written, and says so, when nothing was fetched', () => {
    const result = resolveReferences({ a: 'x-${ssm:/web/tag}', b: '${cfn:net.Subnets}' }, lookup)
    expect(result.problems).toEqual([])
    expect(result.value).toEqual({ a: 'x-${ssm:/web/tag}', b: '${cfn:net.Subnets}' })
    expect(result.deferred).toEqual([
      { path: ['a'], reference: '${ssm:/web/tag}' },
      { path: ['b'], reference: '${cfn:net.Subnets}' },
    ])
  })

  it('collects every reference but an escaped one', () => {
    expect(
      collectReferences({ a: ['${ssm:/a}-${var.b}', '$${ssm:/no}'], c: { d: '${cfn:s.O}' }, n: 1 }).map(
        (r) => r.text,
      ),
    ).toEqual(['${ssm:/a}', '${var.b}', '${cfn:s.O}'])
  })

  it('refuses a variable that refers to another variable', () => {
    const noVars = lookupFor({ spec: { bases: ['b'], instance: 'i' }, env: {} })
    expect(resolveReferences('${var.x}', noVars).problems[0]?.message).toBe(
      'a variable cannot refer to another variable',
    )
  })

  it('refuses an address without an attribute', () => {
    expect(lookUpState(STATE, 'aws_vpc')).toMatchObject({
      error: '"aws_vpc" is not a Terraform address with an attribute',
    })
  })
})
