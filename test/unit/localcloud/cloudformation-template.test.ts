/**
 * What the local cloud's CreateStack makes of a template (no template engine, docs/local-cloud.md):
 * parameters with defaults and their checks
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html),
 * outputs that are literals or a Ref to a parameter
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/outputs-section-structure.html),
 * and what it refuses. Tables named by outcome.
 */
import { describe, expect, it } from 'vitest'
import {
  evaluateOutputs,
  parameterValues,
  type GivenParameter,
} from '../../../src/localcloud/cloudformation/evaluate.js'
import { parseTemplate } from '../../../src/localcloud/cloudformation/template.js'

const RESOURCES = { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } }

/** The outputs a JSON template gives with these parameters. */
function outputsOf(template: Record<string, unknown>, given: GivenParameter[] = []) {
  const parsed = parseTemplate(JSON.stringify({ Resources: RESOURCES, ...template }))
  return evaluateOutputs(parsed, parameterValues(parsed, given))
}

describe('outputs it evaluates', () => {
  it.each([
    ['a literal string', { Value: 'vpc-1' }, [], 'vpc-1'],
    ['a number, as its text', { Value: 8080 }, [], '8080'],
    ['a boolean, as its text', { Value: true }, [], 'true'],
    ['a Ref to a parameter, its default', { Value: { Ref: 'Env' } }, [], 'staging'],
    [
      'a Ref to a parameter, the given value',
      { Value: { Ref: 'Env' } },
      [{ key: 'Env', value: 'prod' }],
      'prod',
    ],
    ['a Ref to a Number parameter', { Value: { Ref: 'Count' } }, [{ key: 'Count', value: '3' }], '3'],
  ])('%s', (_name, output, given, expected) => {
    const parameters = {
      Env: { Type: 'String', Default: 'staging' },
      Count: { Type: 'Number', Default: '1' },
    }
    expect(outputsOf({ Parameters: parameters, Outputs: { Out: output } }, given)).toEqual([
      { key: 'Out', value: expected },
    ])
  })

  it('keeps Description and the export name, in template order', () => {
    const outputs = {
      B: { Value: 'b', Description: 'second', Export: { Name: 'shop-b' } },
      A: { Value: 'a' },
    }
    expect(outputsOf({ Outputs: outputs })).toEqual([
      { key: 'B', value: 'b', description: 'second', exportName: 'shop-b' },
      { key: 'A', value: 'a' },
    ])
  })
})

describe('templates it refuses', () => {
  const LIST = { Subnets: { Type: 'CommaDelimitedList', Default: 'a,b' } }
  it.each([
    [
      'Fn::GetAtt',
      { Outputs: { O: { Value: { 'Fn::GetAtt': ['Handle', 'Arn'] } } } },
      'Fn::GetAtt is not supported',
    ],
    [
      'Fn::ImportValue',
      { Outputs: { O: { Value: { 'Fn::ImportValue': 'x' } } } },
      'Fn::ImportValue is not supported',
    ],
    ['a list value', { Outputs: { O: { Value: ['a'] } } }, 'an output value is a literal or a Ref'],
    [
      'a Ref to a list parameter',
      { Parameters: LIST, Outputs: { O: { Value: { Ref: 'Subnets' } } } },
      'is a list',
    ],
    ['a Ref to a resource', { Outputs: { O: { Value: { Ref: 'Handle' } } } }, 'Ref to resource Handle'],
    ['an output with a Condition', { Outputs: { O: { Value: 'a', Condition: 'IsProd' } } }, 'Conditions'],
    ['an output without Value', { Outputs: { O: { Description: 'x' } } }, 'must contain a Value'],
    ['a non-alphanumeric output name', { Outputs: { 'my-out': { Value: 'a' } } }, 'non alphanumeric'],
    ['a Transform', { Transform: 'AWS::Serverless-2016-10-31' }, 'Transform is not supported'],
    ['an unknown section', { Output: {} }, 'Invalid template property or properties [Output]'],
    ['a parameter without Type', { Parameters: { P: { Default: 'x' } } }, 'must contain a Type member'],
    [
      'an unknown parameter type',
      { Parameters: { P: { Type: 'Text' } } },
      'Unrecognized parameter type: Text',
    ],
    [
      'an SSM parameter type',
      { Parameters: { P: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/x' } } },
      'does not resolve SSM parameter types',
    ],
  ])('%s', (_name, template, message) => {
    expect(() => outputsOf(template)).toThrow(message)
  })

  it.each([
    [
      'a Number parameter given text',
      { Count: { Type: 'Number' } },
      [{ key: 'Count', value: 'many' }],
      "Parameter 'Count' must be a number.",
    ],
    [
      'a value outside AllowedValues',
      { Env: { Type: 'String', AllowedValues: ['staging', 'prod'] } },
      [{ key: 'Env', value: 'dev' }],
      "Parameter 'Env' must be one of AllowedValues",
    ],
  ])('%s', (_name, parameters, given, message) => {
    expect(() => outputsOf({ Parameters: parameters }, given)).toThrow(message)
  })

  it('reads the YAML short forms as their long forms, and refuses an unknown tag', () => {
    const body =
      'Resources:\n  H:\n    Type: AWS::CloudFormation::WaitConditionHandle\nOutputs:\n  O:\n    Value: !Base64 x\n'
    expect(() => evaluateOutputs(parseTemplate(body), {})).toThrow('Fn::Base64 is not supported')
    expect(() => parseTemplate(body.replace('!Base64', '!Shout'))).toThrow(/YAML not well-formed/)
  })
})
