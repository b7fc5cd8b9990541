/**
 * `${ssm:…}` and `${cfn:…}` answered from what a pass fetched, as a table named by outcome. SSM
 * parameter types (a StringList is one comma-separated string; a SecureString is never put into a
 * manifest): https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-about.html
 */
import { describe, expect, it } from 'vitest'
import type { AccountLookup, ParameterValue } from '../../../../src/cloud/ports/index.js'
import { lookupFor } from '../../../../src/manifest/environment/lookups.js'
import { resolveReferences } from '../../../../src/manifest/environment/references.js'
import type { FetchedLookups } from '../../../../src/manifest/environment/remote-lookups.js'

const param = (type: ParameterValue['type'], value: string): AccountLookup<ParameterValue> => ({
  state: 'found',
  value: { type, value, version: 1 },
})

const fetched: FetchedLookups = {
  parameters: new Map<string, AccountLookup<ParameterValue>>([
    ['/shop/tag', param('String', '1.4.3')],
    ['/shop/tag:2', param('String', '1.4.2')],
    ['/shop/subnets', param('StringList', 'subnet-a,subnet-b')],
    ['/shop/password', param('SecureString', 'AQICAH...')],
    ['/shop/gone', { state: 'missing' }],
    [
      '/shop/denied',
      { state: 'unreadable', denied: true, detail: 'SSM.GetParameters: AccessDeniedException' },
    ],
  ]),
  stacks: new Map([
    ['network', { state: 'found', value: { VpcId: 'vpc-1', Subnets: 'subnet-c' } }],
    ['gone', { state: 'missing' }],
  ]),
}

const lookup = lookupFor({ spec: { bases: ['b'], instance: 'i' }, env: {}, fetched })

describe('SSM and CloudFormation lookups', () => {
  it.each<[string, string, unknown]>([
    ['a String parameter is a string', '${ssm:/shop/tag}', '1.4.3'],
    ['a :version selector reads that version', '${ssm:/shop/tag:2}', '1.4.2'],
    ['a whole-string StringList is a list', '${ssm:/shop/subnets}', ['subnet-a', 'subnet-b']],
    ['a StringList inside a string stays comma-joined', 'n=${ssm:/shop/subnets}', 'n=subnet-a,subnet-b'],
    ['a stack output is a string', '${cfn:network.VpcId}', 'vpc-1'],
    ['interpolated outputs', '${cfn:network.VpcId}/${ssm:/shop/tag}', 'vpc-1/1.4.3'],
  ])('%s', (_outcome, input, expected) => {
    const result = resolveReferences(input, lookup)
    expect(result.problems).toEqual([])
    expect(result.value).toEqual(expected)
  })

  it.each<[string, string, RegExp, RegExp]>([
    [
      'a SecureString is refused with a hint to use secrets',
      '${ssm:/shop/password}',
      /SecureString/,
      /secrets/,
    ],
    ['a missing parameter', '${ssm:/shop/gone}', /SSM parameter \/shop\/gone does not exist/, /create it/],
    [
      'a denied read names the permission',
      '${ssm:/shop/denied}',
      /could not be read \(SSM.GetParameters: AccessDeniedException\)/,
      /ssm:GetParameters/,
    ],
    ['a missing stack', '${cfn:gone.X}', /CloudFormation stack gone does not exist/, /create it/],
    ['a missing output lists the outputs', '${cfn:network.Nope}', /has no output Nope/, /VpcId, Subnets/],
    ['a reference without an output key', '${cfn:network}', /is not STACK.OUTPUT/, /stack name, a dot/],
  ])('%s', (_outcome, input, message, hint) => {
    const result = resolveReferences({ x: input }, lookup)
    expect(result.problems).toEqual([
      {
        path: ['x'],
        reference: input,
        message: expect.stringMatching(message),
        hint: expect.stringMatching(hint),
      },
    ])
  })
})
