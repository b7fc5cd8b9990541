/**
 * CloudFormation stack outputs and S3 objects — what environment lookups read — as the API references
 * document them, on the target of this run. Templates here hold only literal outputs and a Ref to a
 * parameter, which both targets evaluate alike (the local cloud has no template engine).
 */
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  ListStacksCommand,
} from '@aws-sdk/client-cloudformation'
import {
  CreateBucketCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientConfig } from '../support/local-cloud.js'
import { motoGap, openTarget, rejectionOf, uniqueName, type Target } from './target.js'

let t: Target
let cfn: CloudFormationClient
const s3Clients: S3Client[] = []
beforeAll(async () => {
  t = await openTarget()
  cfn = new CloudFormationClient(clientConfig(t.endpoint, { region: t.region }))
})
afterAll(async () => {
  cfn?.destroy()
  for (const c of s3Clients) c.destroy()
  await t?.close()
})

function s3(region: string, extra: Record<string, unknown> = {}): S3Client {
  const client = new S3Client(clientConfig(t.endpoint, { region, forcePathStyle: true, ...extra }))
  s3Clients.push(client)
  return client
}

const TEMPLATE = `
Description: shared network
Parameters:
  Env:
    Type: String
    Default: staging
Resources:
  Handle:
    Type: AWS::CloudFormation::WaitConditionHandle
Outputs:
  VpcId:
    Value: vpc-0a1b2c3d4e5f60000
    Description: the VPC
  Environment:
    Value: !Ref Env
`

describe('CloudFormation', () => {
  // API_CreateStack.html (StackId), API_DescribeStacks.html (Outputs, StackStatus; StackName is a name or a stack id),
  // parameters-section-structure.html (a given value, else the Default), intrinsic-function-reference-ref.html.
  it('DescribeStacks by name and by stack id answers the outputs', async () => {
    const name = uniqueName('net')
    const { StackId } = await cfn.send(
      new CreateStackCommand({
        StackName: name,
        TemplateBody: TEMPLATE,
        Parameters: [{ ParameterKey: 'Env', ParameterValue: 'prod' }],
        Tags: [{ Key: 'team', Value: 'platform' }],
      }),
    )
    expect(StackId).toMatch(
      new RegExp(`^arn:aws:cloudformation:${t.region}:\\d{12}:stack/${name}/[0-9a-f-]{36}$`),
    )
    for (const stackName of [name, StackId]) {
      const stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0]
      expect(stack).toMatchObject({ StackId, StackName: name, StackStatus: 'CREATE_COMPLETE' })
      expect(stack?.Outputs).toEqual([
        { OutputKey: 'VpcId', OutputValue: 'vpc-0a1b2c3d4e5f60000', Description: 'the VPC' },
        { OutputKey: 'Environment', OutputValue: 'prod' },
      ])
      expect(stack?.Tags).toEqual([{ Key: 'team', Value: 'platform' }])
    }
  })

  // parameters-section-structure.html: without a value the parameter takes its Default.
  it('a parameter without a value takes its default', async () => {
    const name = uniqueName('defaults')
    await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: TEMPLATE }))
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0]
    expect(stack?.Outputs?.find((o) => o.OutputKey === 'Environment')?.OutputValue).toBe('staging')
  })

  // API_DescribeStacks.html: an unknown stack is a ValidationError "Stack with id NAME does not exist".
  it('DescribeStacks of an unknown stack is a ValidationError', async () => {
    const name = uniqueName('missing')
    const err = await rejectionOf(cfn.send(new DescribeStacksCommand({ StackName: name })))
    expect([err.name, err.message]).toEqual(['ValidationError', `Stack with id ${name} does not exist`])
  })

  // API_CreateStack.html, Errors: AlreadyExistsException for a name a live stack has.
  it('CreateStack of a name in use is AlreadyExistsException', async () => {
    const name = uniqueName('dup')
    await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: TEMPLATE }))
    const err = await rejectionOf(
      cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: TEMPLATE })),
    )
    expect(err.name).toBe('AlreadyExistsException')
    expect(err.message).toContain(name)
  })

  // API_DeleteStack.html; API_DescribeStacks.html ("deleted stacks … by stack ID"); API_ListStacks.html (DELETE_COMPLETE).
  it('a deleted stack is gone by name, DELETE_COMPLETE by id and in ListStacks', async () => {
    const name = uniqueName('gone')
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: TEMPLATE }))
    await cfn.send(new DeleteStackCommand({ StackName: name }))
    const byName = await rejectionOf(cfn.send(new DescribeStacksCommand({ StackName: name })))
    expect(byName.name).toBe('ValidationError')
    const byId = await cfn.send(new DescribeStacksCommand({ StackName: StackId }))
    expect(byId.Stacks?.[0]?.StackStatus).toBe('DELETE_COMPLETE')
    const deleted = await cfn.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }))
    expect(deleted.StackSummaries?.map((s) => s.StackId)).toContain(StackId)
  })

  // resources-section-structure.html: "The Resources section is required" — at least one resource.
  it('a template without Resources is a ValidationError', async () => {
    const err = await rejectionOf(
      cfn.send(
        new CreateStackCommand({
          StackName: uniqueName('empty'),
          TemplateBody: 'Outputs:\n  A:\n    Value: a\n',
        }),
      ),
    )
    expect(err.name).toBe('ValidationError')
  })
})

describe('S3', () => {
  // API_PutObject.html, API_GetObject.html, API_HeadObject.html; API_Object.html: the ETag of a single-part upload is the MD5.
  it('PutObject then GetObject and HeadObject: bytes, ETag, Content-Length, Last-Modified, metadata', async () => {
    const client = s3(t.region)
    const bucket = uniqueName('state')
    await client.send(new CreateBucketCommand({ Bucket: bucket }))
    const body = '{"version":4,"outputs":{"vpc_id":{"value":"vpc-1","type":"string"}}}'
    const key = 'envs/prod/terraform.tfstate'
    const put = await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json',
        Metadata: { owner: 'platform' },
      }),
    )
    const etag = `"${createHash('md5').update(body).digest('hex')}"`
    expect(put.ETag).toBe(etag)
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    expect(await got.Body?.transformToString()).toBe(body)
    expect(got).toMatchObject({ ETag: etag, ContentLength: body.length, ContentType: 'application/json' })
    expect(got.Metadata).toEqual({ owner: 'platform' })
    expect(got.LastModified).toBeInstanceOf(Date)
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
    expect(head).toMatchObject({ ETag: etag, ContentLength: body.length })
  })

  // ErrorResponses.html: NoSuchKey and NoSuchBucket, both 404.
  it('a missing key is NoSuchKey, a missing bucket NoSuchBucket', async () => {
    const client = s3(t.region)
    const bucket = uniqueName('errs')
    await client.send(new CreateBucketCommand({ Bucket: bucket }))
    const noKey = await rejectionOf(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'missing' })))
    expect([noKey.name, noKey.$metadata?.httpStatusCode]).toEqual(['NoSuchKey', 404])
    const noBucket = await rejectionOf(
      client.send(new GetObjectCommand({ Bucket: uniqueName('none'), Key: 'k' })),
    )
    expect([noBucket.name, noBucket.$metadata?.httpStatusCode]).toEqual(['NoSuchBucket', 404])
  })

  // API_CreateBucket.html (LocationConstraint), API_GetBucketLocation.html, API_HeadBucket.html (x-amz-bucket-region).
  it('a bucket is in the region of its LocationConstraint', async () => {
    const client = s3('eu-west-1')
    const bucket = uniqueName('eu')
    await client.send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    )
    const location = await client.send(new GetBucketLocationCommand({ Bucket: bucket }))
    expect(location.LocationConstraint).toBe('eu-west-1')
    const head = await client.send(new HeadBucketCommand({ Bucket: bucket }))
    expect(head.BucketRegion).toBe('eu-west-1')
  })

  // API_CreateBucket.html, Errors: BucketAlreadyOwnedByYou (409) in every region but us-east-1.
  it('creating a bucket you own again outside us-east-1 is BucketAlreadyOwnedByYou', async () => {
    const client = s3('eu-west-1')
    const bucket = uniqueName('twice')
    const input = { Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' as const } }
    await client.send(new CreateBucketCommand(input))
    const err = await rejectionOf(client.send(new CreateBucketCommand(input)))
    expect([err.name, err.$metadata?.httpStatusCode]).toEqual(['BucketAlreadyOwnedByYou', 409])
  })

  // API_ListObjectsV2.html: keys in order under Prefix, rolled up at Delimiter into CommonPrefixes.
  it('ListObjectsV2 lists by prefix and rolls up at the delimiter', async () => {
    const client = s3(t.region)
    const bucket = uniqueName('listing')
    await client.send(new CreateBucketCommand({ Bucket: bucket }))
    for (const key of ['a/1', 'a/2', 'a/sub/3', 'b/4']) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }))
    }
    const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'a/', Delimiter: '/' }))
    expect(out.Contents?.map((o) => o.Key)).toEqual(['a/1', 'a/2'])
    expect(out.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/sub/'])
  })

  // ErrorResponses.html: PermanentRedirect (301) for a bucket addressed at another region's endpoint;
  // the region is in x-amz-bucket-region (API_HeadBucket.html), which the SDK's followRegionRedirects follows.
  const redirectGap = motoGap(
    'serves a bucket from any region, never 301 PermanentRedirect',
    'moto/s3/responses.py:1999 get_object',
  )
  redirectGap(
    'a bucket addressed from another region answers 301 and followRegionRedirects reaches it',
    async () => {
      const bucket = uniqueName('far')
      const eu = s3('eu-west-1')
      await eu.send(
        new CreateBucketCommand({
          Bucket: bucket,
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      )
      await eu.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v' }))
      const err = (await rejectionOf(
        s3('us-east-1').send(new GetObjectCommand({ Bucket: bucket, Key: 'k' })),
      )) as {
        name: string
        $metadata?: { httpStatusCode?: number }
        $response?: { headers?: Record<string, string> }
      }
      expect([err.name, err.$metadata?.httpStatusCode]).toEqual(['PermanentRedirect', 301])
      expect(err.$response?.headers?.['x-amz-bucket-region']).toBe('eu-west-1')
      const following = s3('us-east-1', { followRegionRedirects: true })
      const got = await following.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' }))
      expect(await got.Body?.transformToString()).toBe('v')
    },
  )
})
