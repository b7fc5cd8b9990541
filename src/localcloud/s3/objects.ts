/**
 * @module S3 objects: PutObject, GetObject, HeadObject, DeleteObject. Objects are kept in the state
 * file (base64), at most MAX_OBJECT_BYTES each. ETag is the quoted MD5 of the bytes (a single-part
 * upload), Last-Modified an HTTP date, user metadata the `x-amz-meta-*` headers; checksums the client
 * sent (header or aws-chunked trailer) are kept and returned when asked for with `x-amz-checksum-mode`.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html (ETag)
 */
import { createHash } from 'node:crypto'
import type { S3Object } from '../account/state.js'
import type { HandlerContext } from '../context.js'
import { emptyAnswer, type S3Answer } from './answer.js'
import { bucketIn } from './buckets.js'
import { dechunk } from './chunked.js'
import { S3Error, s3Errors } from './errors.js'
import type { S3Request } from './request.js'

/** The largest object kept: objects live in the state file, which is written whole. */
export const MAX_OBJECT_BYTES = 5 * 1024 * 1024

/** S3's content type for an object stored without one (API_PutObject, Content-Type). */
const DEFAULT_CONTENT_TYPE = 'binary/octet-stream'

const CHECKSUM_HEADERS = [
  'x-amz-checksum-crc32',
  'x-amz-checksum-crc32c',
  'x-amz-checksum-crc64nvme',
  'x-amz-checksum-sha1',
  'x-amz-checksum-sha256',
]

const isChunked = (headers: Readonly<Record<string, string>>): boolean =>
  (headers['content-encoding'] ?? '').split(',').some((e) => e.trim() === 'aws-chunked') ||
  (headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-')

/** The object's bytes and the headers that describe it (trailers of a chunked upload included). */
function payloadOf(request: S3Request): { body: Buffer; headers: Record<string, string> } {
  if (!isChunked(request.headers)) return { body: request.body, headers: { ...request.headers } }
  try {
    const { body, trailers } = dechunk(request.body)
    return { body, headers: { ...request.headers, ...trailers } }
  } catch (err) {
    throw new S3Error('IncompleteBody', err instanceof Error ? err.message : String(err), 400)
  }
}

const pick = (headers: Record<string, string>, keep: (name: string) => boolean) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => keep(name)))

export function putObject(request: S3Request, ctx: HandlerContext): S3Answer {
  const bucket = bucketIn(ctx, request.bucket)
  const { body, headers } = payloadOf(request)
  if (body.length > MAX_OBJECT_BYTES) throw s3Errors.entityTooLarge(MAX_OBJECT_BYTES)
  const contentEncoding = (headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && e !== 'aws-chunked')
  const object: S3Object = {
    body: body.toString('base64'),
    size: body.length,
    etag: `"${createHash('md5').update(body).digest('hex')}"`,
    contentType: headers['content-type'] ?? DEFAULT_CONTENT_TYPE,
    lastModified: ctx.now,
    metadata: {
      ...pick(headers, (name) => name.startsWith('x-amz-meta-') || CHECKSUM_HEADERS.includes(name)),
      ...(contentEncoding.length > 0 ? { 'content-encoding': contentEncoding.join(',') } : {}),
    },
  }
  bucket.objects[request.key] = object
  return emptyAnswer(200, {
    etag: object.etag,
    ...pick(object.metadata, (n) => CHECKSUM_HEADERS.includes(n)),
  })
}

function objectIn(request: S3Request, ctx: HandlerContext): S3Object {
  const object = bucketIn(ctx, request.bucket).objects[request.key]
  if (!object) throw s3Errors.noSuchKey(request.key)
  return object
}

/** The headers GetObject and HeadObject answer with. */
function objectHeaders(object: S3Object, request: S3Request): Record<string, string> {
  const withChecksums = request.headers['x-amz-checksum-mode'] === 'ENABLED'
  return {
    'content-type': object.contentType,
    'content-length': String(object.size),
    etag: object.etag,
    'last-modified': new Date(object.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
    ...pick(object.metadata, (name) => withChecksums || !CHECKSUM_HEADERS.includes(name)),
  }
}

export function getObject(request: S3Request, ctx: HandlerContext): S3Answer {
  const object = objectIn(request, ctx)
  return { status: 200, headers: objectHeaders(object, request), body: Buffer.from(object.body, 'base64') }
}

export function headObject(request: S3Request, ctx: HandlerContext): S3Answer {
  const object = objectIn(request, ctx)
  return { status: 200, headers: objectHeaders(object, request), body: '' }
}

/** Deleting a key that does not exist succeeds (204), as in S3. */
export function deleteObject(request: S3Request, ctx: HandlerContext): S3Answer {
  delete bucketIn(ctx, request.bucket).objects[request.key]
  return emptyAnswer(204)
}
