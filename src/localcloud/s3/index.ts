/**
 * @module Amazon S3 (REST-XML, path-style): each operation takes the request and answers status,
 * headers and body. Which operation a request is comes from request.ts; errors are S3's XML
 * (errors.ts). docs/local-cloud.md lists what is served.
 */
import type { HandlerContext } from '../context.js'
import type { S3Answer } from './answer.js'
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './buckets.js'
import { listObjectsV2 } from './list-objects.js'
import { deleteObject, getObject, headObject, putObject } from './objects.js'
import type { S3Operation, S3Request } from './request.js'

export { s3ErrorAnswer } from './errors.js'
export { MAX_OBJECT_BYTES } from './objects.js'
export { isReadOperation, s3Operation, splitPath, type S3Request } from './request.js'
export type { S3Answer } from './answer.js'

export const s3Handlers: Record<S3Operation, (request: S3Request, ctx: HandlerContext) => S3Answer> = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  GetBucketLocation: getBucketLocation,
  ListObjectsV2: listObjectsV2,
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: headObject,
  DeleteObject: deleteObject,
}
