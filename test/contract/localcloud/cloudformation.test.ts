/**
 * CloudFormation on the local cloud through the real SDK client: what CreateStack accepts (no template
 * engine — outputs are literals or a Ref to a declared parameter, docs/local-cloud.md), the outputs
 * DescribeStacks answers, and the stack's lifecycle. Each behaviour cites its AWS documentation page.
 */
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  ListStacksCommand,
} from '@aws-sdk/client-cloudformation'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { clientConfig, errorOf } from '../../support/local-cloud.js'

let cloud: LocalCloud | undefined
let client: CloudFormationClient | undefined
afterEach(async () => {
  client?.destroy()
  await cloud?.close()
  cloud = client = undefined
})

async function cfn(statePath?: string): Promise<CloudFormationClient> {
  cloud = await startLocalCloud({ clock: 'manual', ...(statePath ? { statePath } : {}) })
  client = new CloudFormationClient(clientConfig(cloud.endpoint))
  return client
}

const NETWORK_YAML = `
Description: shared network
Parameters:
  Env:
    Type: String
    Default: staging
  Secret:
    Type: String
    NoEcho: true
    Default: hush
Resources:
  Handle:
    Type: AWS::CloudFormation::WaitConditionHandle
Outputs:
  VpcId:
    Value: vpc-0a1b2c3d4e5f60000
    Description: the VPC
    Export:
      Name: shop-vpc
  Environment:
    Value: !Ref Env
  Port:
    Value: 8080
`

describe('CreateStack and DescribeStacks', () => {
  // API_CreateStack.html (StackId), API_DescribeStacks.html (Outputs, Parameters, StackStatus),
  // parameters-section-structure.html (Default; NoEcho values are masked as ****).
  it('a YAML template gives its literal and Ref outputs, by stack name and by stack id', async () => {
    const c = await cfn()
    const { StackId } = await c.send(
      new CreateStackCommand({
        StackName: 'network',
        TemplateBody: NETWORK_YAML,
        Parameters: [{ ParameterKey: 'Env', ParameterValue: 'prod' }],
        Tags: [{ Key: 'team', Value: 'platform' }],
      }),
    )
    expect(StackId).toMatch(
      /^arn:aws:cloudformation:us-east-1:123456789012:stack\/network\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    )
    const byName = await c.send(new DescribeStacksCommand({ StackName: 'network' }))
    const stack = byName.Stacks?.[0]
    expect(stack).toMatchObject({
      StackId,
      StackName: 'network',
      StackStatus: 'CREATE_COMPLETE',
      Description: 'shared network',
    })
    expect(stack?.Outputs).toEqual([
      {
        OutputKey: 'VpcId',
        OutputValue: 'vpc-0a1b2c3d4e5f60000',
        Description: 'the VPC',
        ExportName: 'shop-vpc',
      },
      { OutputKey: 'Environment', OutputValue: 'prod' },
      { OutputKey: 'Port', OutputValue: '8080' },
    ])
    expect(stack?.Parameters).toEqual([
      { ParameterKey: 'Env', ParameterValue: 'prod' },
      { ParameterKey: 'Secret', ParameterValue: '****' },
    ])
    expect(stack?.Tags).toEqual([{ Key: 'team', Value: 'platform' }])
    const byId = await c.send(new DescribeStacksCommand({ StackName: StackId }))
    expect(byId.Stacks?.[0]?.Outputs).toEqual(stack?.Outputs)
  })

  it('a JSON template with {"Ref": parameter} works alike', async () => {
    const c = await cfn()
    const body = JSON.stringify({
      Parameters: { Subnets: { Type: 'String', Default: 'subnet-1,subnet-2' } },
      Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
      Outputs: { PrivateSubnets: { Value: { Ref: 'Subnets' } } },
    })
    await c.send(new CreateStackCommand({ StackName: 'json', TemplateBody: body }))
    const out = await c.send(new DescribeStacksCommand({ StackName: 'json' }))
    expect(out.Stacks?.[0]?.Outputs).toEqual([
      { OutputKey: 'PrivateSubnets', OutputValue: 'subnet-1,subnet-2' },
    ])
  })

  it('stacks survive a restart on the same state file', async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'lc-cfn-')), 'state.json')
    await (
      await cfn(statePath)
    ).send(new CreateStackCommand({ StackName: 'kept', TemplateBody: NETWORK_YAML }))
    client?.destroy()
    await cloud?.close()
    const c = await cfn(statePath)
    const out = await c.send(new DescribeStacksCommand({ StackName: 'kept' }))
    expect(out.Stacks?.[0]?.Outputs?.[1]).toEqual({ OutputKey: 'Environment', OutputValue: 'staging' })
  })
})

describe('what CreateStack refuses', () => {
  const refused = async (
    body: string,
    parameters: { ParameterKey: string; ParameterValue: string }[] = [],
  ) => {
    const c = client ?? (await cfn())
    return errorOf(
      c.send(new CreateStackCommand({ StackName: 'refused', TemplateBody: body, Parameters: parameters })),
    )
  }

  // intrinsic-function-reference.html: the local cloud has no template engine; other functions are refused by name.
  it.each([
    ['!GetAtt Handle.Arn', 'Fn::GetAtt is not supported'],
    ['!Sub "${Env}-x"', 'Fn::Sub is not supported'],
    ['!Join [",", [a, b]]', 'Fn::Join is not supported'],
    ['!Ref Handle', 'Ref to resource Handle is not supported'],
    ['!Ref AWS::Region', 'the pseudo parameter AWS::Region is not supported'],
  ])('an output value %s', async (value, message) => {
    const err = await refused(NETWORK_YAML.replace('Value: !Ref Env', `Value: ${value}`))
    expect(err.name).toBe('ValidationError')
    expect(err.message).toContain(message)
  })

  // resources-section-structure.html: a template needs at least one resource.
  it('a template without Resources', async () => {
    const err = await refused('Outputs:\n  A:\n    Value: a\n')
    expect([err.name, err.message]).toEqual([
      'ValidationError',
      'Template format error: At least one Resources member must be defined.',
    ])
  })

  // outputs-section-structure.html: a Ref must name something the template declares.
  it('a Ref to an undeclared name', async () => {
    const err = await refused(NETWORK_YAML.replace('!Ref Env', '!Ref Nowhere'))
    expect(err.message).toBe(
      'Template format error: Unresolved resource dependencies [Nowhere] in the Outputs block of the template',
    )
  })

  // parameters-section-structure.html: a parameter without Default needs a value; unknown parameters are refused.
  it('a missing or undeclared parameter value', async () => {
    const noDefault = NETWORK_YAML.replace('    Default: staging\n', '')
    expect((await refused(noDefault)).message).toBe('Parameters: [Env] must have values')
    expect((await refused(NETWORK_YAML, [{ ParameterKey: 'Other', ParameterValue: 'x' }])).message).toBe(
      'Parameters: [Other] do not exist in the template',
    )
  })

  it('malformed JSON and YAML', async () => {
    expect((await refused('{"Resources": ')).message).toBe('Template format error: JSON not well-formed.')
    expect((await refused('Resources: [a\n')).message).toMatch(
      /^Template format error: YAML not well-formed\./,
    )
  })
})

describe('the stack lifecycle', () => {
  // API_CreateStack.html: AlreadyExistsException; API_DescribeStacks.html: "Stack with id X does not exist";
  // API_DeleteStack.html; API_ListStacks.html (deleted stacks are listed with DELETE_COMPLETE).
  it('duplicate names, deletion, and the deleted stack by id', async () => {
    const c = await cfn()
    const { StackId } = await c.send(
      new CreateStackCommand({ StackName: 'life', TemplateBody: NETWORK_YAML }),
    )
    const dup = await errorOf(
      c.send(new CreateStackCommand({ StackName: 'life', TemplateBody: NETWORK_YAML })),
    )
    expect([dup.name, dup.message]).toEqual(['AlreadyExistsException', 'Stack [life] already exists'])
    await c.send(new DeleteStackCommand({ StackName: 'life' }))
    const gone = await errorOf(c.send(new DescribeStacksCommand({ StackName: 'life' })))
    expect([gone.name, gone.message, gone.$metadata?.httpStatusCode]).toEqual([
      'ValidationError',
      'Stack with id life does not exist',
      400,
    ])
    const byId = await c.send(new DescribeStacksCommand({ StackName: StackId }))
    expect(byId.Stacks?.[0]?.StackStatus).toBe('DELETE_COMPLETE')
    await c.send(new DeleteStackCommand({ StackName: 'never-was' }))
    const again = await c.send(new CreateStackCommand({ StackName: 'life', TemplateBody: NETWORK_YAML }))
    expect(again.StackId).not.toBe(StackId)
    const deleted = await c.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }))
    expect(deleted.StackSummaries?.map((s) => s.StackId)).toEqual([StackId])
  })
})
