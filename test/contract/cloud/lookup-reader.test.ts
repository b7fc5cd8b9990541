/**
 * The LookupReader adapter on the local cloud through the real SDK clients: SSM GetParameters
 * (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html: names
 * that do not exist are listed in InvalidParameters), CloudFormation DescribeStacks outputs
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html) and
 * S3 GetObject of a bucket in another region (a 301 PermanentRedirect names the bucket's region:
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html).
 */
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { Cloud } from '../../../src/cloud/ports/index.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'

let server: LocalCloud
let cloud: Cloud

beforeAll(async () => {
  server = await startLocalCloud({})
  cloud = createAwsCloud({ readOnly: true, endpoint: server.endpoint, region: 'us-east-1' })
  const config = (region = 'us-east-1') => ({
    endpoint: server.endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  const ssm = new SSMClient(config())
  const put = (Name: string, Value: string, Type: 'String' | 'StringList' | 'SecureString') =>
    ssm.send(new PutParameterCommand({ Name, Value, Type, Overwrite: true }))
  await put('/web/tag', '1.4.2', 'String')
  await put('/web/tag', '1.4.3', 'String')
  await put('/web/subnets', 'subnet-a,subnet-b', 'StringList')
  await put('/web/password', 'hunter2', 'SecureString')
  ssm.destroy()
  const cfn = new CloudFormationClient(config())
  const template = JSON.stringify({
    Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
    Outputs: { VpcId: { Value: 'vpc-1' } },
  })
  await cfn.send(new CreateStackCommand({ StackName: 'network', TemplateBody: template }))
  cfn.destroy()
  const s3 = new S3Client({ ...config('eu-west-1'), forcePathStyle: true })
  await s3.send(
    new CreateBucketCommand({
      Bucket: 'tf-state-eu',
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    }),
  )
  await s3.send(new PutObjectCommand({ Bucket: 'tf-state-eu', Key: 'prod.tfstate', Body: '{"version":4}' }))
  s3.destroy()
}, 60_000)

afterAll(async () => {
  cloud.close()
  await server.close()
})

describe('the lookup reader on the local cloud', () => {
  it('reads parameters in one batch: by name, by version, by ARN; a missing one is missing', async () => {
    const arn = 'arn:aws:ssm:us-east-1:000000000000:parameter/web/tag'
    const got = await cloud.lookups.getParameters([
      '/web/tag',
      '/web/tag:1',
      '/web/subnets',
      '/web/password',
      '/web/nope',
    ])
    expect(got.get('/web/tag')).toEqual({
      state: 'found',
      value: { type: 'String', value: '1.4.3', version: 2 },
    })
    expect(got.get('/web/tag:1')).toMatchObject({ state: 'found', value: { value: '1.4.2' } })
    expect(got.get('/web/subnets')).toMatchObject({
      value: { type: 'StringList', value: 'subnet-a,subnet-b' },
    })
    expect(got.get('/web/password')).toMatchObject({ value: { type: 'SecureString' } })
    expect(got.get('/web/password')).not.toMatchObject({ value: { value: 'hunter2' } })
    expect(got.get('/web/nope')).toEqual({ state: 'missing' })
    expect(cloud.stats.snapshot()['SSM.GetParameters']).toEqual({ ok: 1 })
    const byArn = await cloud.lookups.getParameters([arn.replace('000000000000', await accountId())])
    expect([...byArn.values()][0]).toMatchObject({ state: 'found', value: { value: '1.4.3' } })
  })

  it('reads stack outputs; an unknown stack is missing', async () => {
    const got = await cloud.lookups.describeStackOutputs(['network', 'nope'])
    expect(got.get('network')).toEqual({ state: 'found', value: { VpcId: 'vpc-1' } })
    expect(got.get('nope')).toEqual({ state: 'missing' })
  })

  it('reads an object of a bucket in another region, following the redirect; a missing key is missing', async () => {
    expect(await cloud.lookups.getObjectText('tf-state-eu', 'prod.tfstate')).toEqual({
      state: 'found',
      value: '{"version":4}',
    })
    expect(await cloud.lookups.getObjectText('tf-state-eu', 'nope')).toEqual({ state: 'missing' })
  })
})

async function accountId(): Promise<string> {
  return (await cloud.identity.callerArn()).split(':')[4] ?? ''
}
