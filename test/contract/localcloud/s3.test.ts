/**
 * S3 on the local cloud through the real SDK client, path-style (`forcePathStyle: true`), beyond what
 * test/conformance/cloudformation-s3.test.ts checks on both targets (objects, errors, regions, the 301
 * redirect): streamed uploads, persistence, the us-east-1 re-create, a HEAD's 404, listing pages.
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
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

describe('buckets', () => {
  // API_CreateBucket.html, Errors: us-east-1 answers 200 to re-creating your own bucket, for legacy compatibility.
  it('creating a bucket you own again in us-east-1 succeeds', async () => {
    const us = await s3('us-east-1')
    await us.send(new CreateBucketCommand({ Bucket: 'twice-us' }))
    await us.send(new CreateBucketCommand({ Bucket: 'twice-us' }))
  })

  // API_ListObjectsV2.html: MaxKeys pages, continued by NextContinuationToken.
  it('ListObjectsV2 pages by MaxKeys with a continuation token', async () => {
    const client = await s3()
    await client.send(new CreateBucketCommand({ Bucket: 'listing' }))
    for (const key of ['a/1', 'a/2', 'a/sub/3', 'b/4']) {
      await client.send(new PutObjectCommand({ Bucket: 'listing', Key: key, Body: key }))
    }
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

describe('the size limit', () => {
  // ErrorResponses.html: EntityTooLarge (400); the local cloud keeps objects up to 5 MiB (docs/local-cloud.md).
  it('an object over 5 MiB is refused with EntityTooLarge and nothing is stored', async () => {
    const client = await s3()
    await client.send(new CreateBucketCommand({ Bucket: 'big' }))
    const err = await errorOf(
      client.send(new PutObjectCommand({ Bucket: 'big', Key: 'k', Body: Buffer.alloc(5 * 1024 * 1024 + 1) })),
    )
    expect([err.name, err.$metadata?.httpStatusCode]).toEqual(['EntityTooLarge', 400])
    const missing = await errorOf(client.send(new HeadObjectCommand({ Bucket: 'big', Key: 'k' })))
    expect(missing.$metadata?.httpStatusCode).toBe(404)
    await client.send(new PutObjectCommand({ Bucket: 'big', Key: 'k', Body: Buffer.alloc(5 * 1024 * 1024) }))
    const head = await client.send(new HeadObjectCommand({ Bucket: 'big', Key: 'k' }))
    expect(head.ContentLength).toBe(5 * 1024 * 1024)
  })
})

describe('requests without the SDK', () => {
  // sigv4-query-string-auth.html: a presigned URL carries the credential scope in X-Amz-Credential
  // (signatures are not checked by the local cloud).
  it('a presigned URL is routed to S3 and served in the region of its credential scope', async () => {
    const client = await s3('eu-west-1')
    await client.send(
      new CreateBucketCommand({
        Bucket: 'presigned',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    )
    await client.send(new PutObjectCommand({ Bucket: 'presigned', Key: 'a b/c', Body: 'shared' }))
    const credential = encodeURIComponent('test/20260101/eu-west-1/s3/aws4_request')
    const res = await fetch(
      `${cloud!.endpoint}/presigned/a%20b/c?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${credential}`,
    )
    expect([res.status, await res.text()]).toEqual([200, 'shared'])
  })

  // ErrorResponses.html: InvalidURI (400) for a path that does not decode.
  it('a path that does not decode is InvalidURI', async () => {
    await s3()
    const credential = encodeURIComponent('test/20260101/us-east-1/s3/aws4_request')
    const res = await fetch(`${cloud!.endpoint}/bucket/%E0%A4%A?X-Amz-Credential=${credential}`)
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('<Code>InvalidURI</Code>')
  })
})
