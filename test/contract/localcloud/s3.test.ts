/**
 * S3 on the local cloud through the real SDK client, path-style (`forcePathStyle: true`): buckets
 * in the region of their LocationConstraint, objects kept with ETag, Content-Length, Last-Modified and
 * user metadata, S3's XML errors, and a bucket addressed in another region answering 301.
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { clientConfig, errorOf } from '../../support/local-cloud.js'

let cloud: LocalCloud | undefined
const clients: S3Client[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await cloud?.close()
  cloud = undefined
})

async function s3(region = 'us-east-1', options: { statePath?: string } = {}): Promise<S3Client> {
  cloud ??= await startLocalCloud({ clock: 'manual', ...options })
  const client = new S3Client(clientConfig(cloud.endpoint, { region, forcePathStyle: true }))
  clients.push(client)
  return client
}

describe('objects', () => {
  // API_PutObject.html / API_GetObject.html: the bytes come back with their ETag (MD5 for a single-part upload), length and metadata.
  it('PutObject then GetObject and HeadObject return the bytes, ETag, Content-Length, Last-Modified and metadata', async () => {
    const client = await s3()
    await client.send(new CreateBucketCommand({ Bucket: 'tf-state' }))
    const body = '{"version":4,"outputs":{}}'
    const put = await client.send(
      new PutObjectCommand({
        Bucket: 'tf-state',
        Key: 'envs/prod/terraform.tfstate',
        Body: body,
        ContentType: 'application/json',
        Metadata: { owner: 'platform' },
      }),
    )
    const md5 = createHash('md5').update(body).digest('hex')
    expect(put.ETag).toBe(`"${md5}"`)
    const got = await client.send(
      new GetObjectCommand({ Bucket: 'tf-state', Key: 'envs/prod/terraform.tfstate' }),
    )
    expect(await got.Body?.transformToString()).toBe(body)
    expect(got).toMatchObject({
      ETag: `"${md5}"`,
      ContentLength: body.length,
      ContentType: 'application/json',
    })
    expect(got.Metadata).toEqual({ owner: 'platform' })
    expect(got.LastModified).toBeInstanceOf(Date)
    const head = await client.send(
      new HeadObjectCommand({ Bucket: 'tf-state', Key: 'envs/prod/terraform.tfstate' }),
    )
    expect(head).toMatchObject({ ETag: `"${md5}"`, ContentLength: body.length })
  })

  // sigv4-streaming-trailers.html: a streamed upload arrives aws-chunked with its checksum in a trailer.
  it('a streamed (aws-chunked) upload is stored as its decoded bytes', async () => {
    const client = await s3()
    await client.send(new CreateBucketCommand({ Bucket: 'streams' }))
    const bytes = Buffer.alloc(200_000, 7)
    await client.send(
      new PutObjectCommand({
        Bucket: 'streams',
        Key: 'blob',
        Body: Readable.from([bytes]),
        ContentLength: bytes.length,
      }),
    )
    const got = await client.send(
      new GetObjectCommand({ Bucket: 'streams', Key: 'blob', ChecksumMode: 'ENABLED' }),
    )
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bytes)).toBe(true)
  })

  // ErrorResponses.html: NoSuchKey (404) and NoSuchBucket (404); API_DeleteObject.html: deleting a missing key succeeds.
  it('answers NoSuchKey and NoSuchBucket; DeleteObject of a missing key succeeds', async () => {
    const client = await s3()
    await client.send(new CreateBucketCommand({ Bucket: 'errs' }))
    const noKey = await errorOf(client.send(new GetObjectCommand({ Bucket: 'errs', Key: 'missing' })))
    expect([noKey.name, noKey.$metadata?.httpStatusCode]).toEqual(['NoSuchKey', 404])
    const noBucket = await errorOf(client.send(new GetObjectCommand({ Bucket: 'nobucket', Key: 'k' })))
    expect([noBucket.name, noBucket.$metadata?.httpStatusCode]).toEqual(['NoSuchBucket', 404])
    await client.send(new DeleteObjectCommand({ Bucket: 'errs', Key: 'missing' }))
    const headMissing = await errorOf(client.send(new HeadObjectCommand({ Bucket: 'errs', Key: 'missing' })))
    expect(headMissing.$metadata?.httpStatusCode).toBe(404)
  })

  it('objects survive a restart on the same state file', async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'lc-s3-')), 'state.json')
    let client = await s3('us-east-1', { statePath })
    await client.send(new CreateBucketCommand({ Bucket: 'kept' }))
    await client.send(new PutObjectCommand({ Bucket: 'kept', Key: 'a/b', Body: 'hello' }))
    for (const c of clients.splice(0)) c.destroy()
    await cloud?.close()
    cloud = undefined
    client = await s3('us-east-1', { statePath })
    const got = await client.send(new GetObjectCommand({ Bucket: 'kept', Key: 'a/b' }))
    expect(await got.Body?.transformToString()).toBe('hello')
  })
})

describe('buckets and regions', () => {
  // API_CreateBucket.html (LocationConstraint), API_GetBucketLocation.html, API_HeadBucket.html (x-amz-bucket-region).
  it('a bucket is in the region of its LocationConstraint', async () => {
    const client = await s3('eu-west-1')
    await client.send(
      new CreateBucketCommand({
        Bucket: 'eu-state',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    )
    const location = await client.send(new GetBucketLocationCommand({ Bucket: 'eu-state' }))
    expect(location.LocationConstraint).toBe('eu-west-1')
    const head = await client.send(new HeadBucketCommand({ Bucket: 'eu-state' }))
    expect(head.BucketRegion).toBe('eu-west-1')
  })

  // ErrorResponses.html: PermanentRedirect, 301 — the bucket must be addressed at its own region's endpoint.
  it('a bucket addressed in another region answers 301 PermanentRedirect with x-amz-bucket-region', async () => {
    const eu = await s3('eu-west-1')
    await eu.send(
      new CreateBucketCommand({
        Bucket: 'far-away',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    )
    await eu.send(new PutObjectCommand({ Bucket: 'far-away', Key: 'k', Body: 'v' }))
    const us = await s3('us-east-1')
    const err = (await errorOf(us.send(new GetObjectCommand({ Bucket: 'far-away', Key: 'k' })))) as {
      name: string
      $metadata?: { httpStatusCode?: number }
      $response?: { headers?: Record<string, string> }
    }
    expect([err.name, err.$metadata?.httpStatusCode]).toEqual(['PermanentRedirect', 301])
    expect(err.$response?.headers?.['x-amz-bucket-region']).toBe('eu-west-1')
    // The SDK's followRegionRedirects reads that header and retries in the bucket's region.
    const following = new S3Client(
      clientConfig(cloud!.endpoint, {
        region: 'us-east-1',
        forcePathStyle: true,
        followRegionRedirects: true,
      }),
    )
    clients.push(following)
    const got = await following.send(new GetObjectCommand({ Bucket: 'far-away', Key: 'k' }))
    expect(await got.Body?.transformToString()).toBe('v')
  })

  // API_CreateBucket.html, Errors: BucketAlreadyOwnedByYou outside us-east-1; us-east-1 answers 200 for legacy compatibility.
  it('creating a bucket you own again is BucketAlreadyOwnedByYou, except in us-east-1', async () => {
    const eu = await s3('eu-west-1')
    const config = { CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' as const } }
    await eu.send(new CreateBucketCommand({ Bucket: 'twice-eu', ...config }))
    const again = await errorOf(eu.send(new CreateBucketCommand({ Bucket: 'twice-eu', ...config })))
    expect([again.name, again.$metadata?.httpStatusCode]).toEqual(['BucketAlreadyOwnedByYou', 409])
    const us = await s3('us-east-1')
    await us.send(new CreateBucketCommand({ Bucket: 'twice-us' }))
    await us.send(new CreateBucketCommand({ Bucket: 'twice-us' }))
  })

  // API_ListObjectsV2.html: keys in order, Prefix, Delimiter → CommonPrefixes, MaxKeys pages with a continuation token.
  it('ListObjectsV2 lists by prefix, rolls up at the delimiter and pages', async () => {
    const client = await s3()
    await client.send(new CreateBucketCommand({ Bucket: 'listing' }))
    for (const key of ['a/1', 'a/2', 'a/sub/3', 'b/4']) {
      await client.send(new PutObjectCommand({ Bucket: 'listing', Key: key, Body: key }))
    }
    const rolled = await client.send(
      new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'a/', Delimiter: '/' }),
    )
    expect(rolled.Contents?.map((o) => o.Key)).toEqual(['a/1', 'a/2'])
    expect(rolled.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/sub/'])
    const first = await client.send(new ListObjectsV2Command({ Bucket: 'listing', MaxKeys: 3 }))
    expect([first.Contents?.map((o) => o.Key), first.IsTruncated]).toEqual([['a/1', 'a/2', 'a/sub/3'], true])
    const rest = await client.send(
      new ListObjectsV2Command({
        Bucket: 'listing',
        MaxKeys: 3,
        ContinuationToken: first.NextContinuationToken,
      }),
    )
    expect([rest.Contents?.map((o) => o.Key), rest.IsTruncated]).toEqual([['b/4'], false])
  })
})
