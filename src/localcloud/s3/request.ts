/**
 * @module An S3 request as the operations see it, and which operation it is. Requests are path-style
 * (`/bucket/key`, what the SDK sends with `forcePathStyle: true`); the operation follows from the
 * method, whether a key is given and the subresource in the query string
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html#path-style-access).
 */
import { S3Error, s3Errors } from './errors.js'

export interface S3Request {
  readonly method: string
  readonly bucket: string
  readonly key: string
  readonly query: URLSearchParams
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: Buffer
}

export type S3Operation =
  | 'ListBuckets'
  | 'CreateBucket'
  | 'HeadBucket'
  | 'DeleteBucket'
  | 'GetBucketLocation'
  | 'ListObjectsV2'
  | 'PutObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'

/** Query names that only shape an operation (not subresources that name another one). */
const SHAPING = new Set([
  'x-id',
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'continuation-token',
  'start-after',
  'fetch-owner',
  'encoding-type',
])

/** The bucket and the key of a path-style path, each URL-decoded. */
export function splitPath(pathname: string): { bucket: string; key: string } {
  const rest = pathname.replace(/^\//, '')
  const slash = rest.indexOf('/')
  try {
    if (slash < 0) return { bucket: decodeURIComponent(rest), key: '' }
    return {
      bucket: decodeURIComponent(rest.slice(0, slash)),
      key: decodeURIComponent(rest.slice(slash + 1)),
    }
  } catch {
    throw new S3Error('InvalidURI', "Couldn't parse the specified URI.", 400)
  }
}

function bucketOperation(method: string, query: URLSearchParams): S3Operation | undefined {
  if (method === 'GET' && query.has('location')) return 'GetBucketLocation'
  if (method === 'GET' && query.get('list-type') === '2') return 'ListObjectsV2'
  if (method === 'PUT') return 'CreateBucket'
  if (method === 'HEAD') return 'HeadBucket'
  if (method === 'DELETE') return 'DeleteBucket'
  return undefined
}

function objectOperation(method: string): S3Operation | undefined {
  const byMethod: Record<string, S3Operation> = {
    PUT: 'PutObject',
    GET: 'GetObject',
    HEAD: 'HeadObject',
    DELETE: 'DeleteObject',
  }
  return byMethod[method]
}

/** The operation a request addresses; anything else is NotImplemented, named. */
export function s3Operation(
  request: Pick<S3Request, 'method' | 'bucket' | 'key' | 'query' | 'headers'>,
): S3Operation {
  const { method, bucket, key, query } = request
  // X-Amz-* are a presigned URL's signature parameters.
  const subresources = [...query.keys()].filter(
    (name) => !SHAPING.has(name) && name !== 'location' && !name.startsWith('X-Amz-'),
  )
  if (subresources.length > 0) throw s3Errors.notImplemented(`${method} ?${subresources.join('&')}`)
  if (request.headers['x-amz-copy-source'] !== undefined) throw s3Errors.notImplemented('CopyObject')
  const operation =
    bucket === ''
      ? method === 'GET'
        ? 'ListBuckets'
        : undefined
      : key === ''
        ? bucketOperation(method, query)
        : objectOperation(method)
  if (!operation) throw s3Errors.notImplemented(`${method} ${key === '' ? 'bucket' : 'object'}`)
  return operation
}

export const isReadOperation = (operation: S3Operation): boolean => /^(Get|Head|List)/.test(operation)
