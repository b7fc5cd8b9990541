/**
 * @module S3 buckets: CreateBucket (LocationConstraint sets the bucket's region), HeadBucket,
 * GetBucketLocation, DeleteBucket, ListBuckets. A bucket is addressed in its own region; addressed in
 * another it answers 301 PermanentRedirect with its region in `x-amz-bucket-region`.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
import type { S3Bucket } from '../account/state.js'
import { ACCOUNT_ID, type HandlerContext } from '../context.js'
import { escapeXml, isoTime } from '../protocols/xml.js'
import { emptyAnswer, xmlAnswer, XMLNS, type S3Answer } from './answer.js'
import { S3Error, s3Errors } from './errors.js'
import type { S3Request } from './request.js'

/** The region a bucket created without a LocationConstraint is in. */
const DEFAULT_REGION = 'us-east-1'

/** 3–63 of lower-case letters, digits, dots and hyphens, a letter or digit at each end, no `..`, not an IP address. */
function checkBucketName(name: string): void {
  const valid =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name)
  if (!valid) throw s3Errors.invalidBucketName(name)
}

/** The bucket, addressed in its own region (else the 301 S3 answers). */
export function bucketIn(ctx: HandlerContext, name: string): S3Bucket {
  const bucket = ctx.world.s3.buckets[name]
  if (!bucket) throw s3Errors.noSuchBucket(name)
  if (bucket.region !== ctx.region) throw s3Errors.permanentRedirect(name, bucket.region)
  return bucket
}

const locationError = (code: string, message: string) => new S3Error(code, message, 400)

/** The region the request asks for: its LocationConstraint, which must match the region it was sent to. */
function requestedRegion(request: S3Request, ctx: HandlerContext): string {
  const body = request.body.toString('utf8').trim()
  if (body !== '' && !body.includes('CreateBucketConfiguration')) throw s3Errors.malformedXml()
  const constraint = /<LocationConstraint>([^<]*)<\/LocationConstraint>/.exec(body)?.[1]?.trim() || undefined
  if (constraint === DEFAULT_REGION) {
    throw locationError('InvalidLocationConstraint', 'The specified location-constraint is not valid')
  }
  if ((constraint ?? DEFAULT_REGION) !== ctx.region) {
    throw locationError(
      'IllegalLocationConstraintException',
      `The ${constraint ?? 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    )
  }
  return ctx.region
}

export function createBucket(request: S3Request, ctx: HandlerContext): S3Answer {
  checkBucketName(request.bucket)
  const region = requestedRegion(request, ctx)
  const existing = ctx.world.s3.buckets[request.bucket]
  if (existing) {
    // us-east-1 answers 200 to re-creating a bucket you own there, for legacy compatibility (API_CreateBucket, Errors).
    if (existing.region === DEFAULT_REGION && region === DEFAULT_REGION) {
      return emptyAnswer(200, { location: `/${request.bucket}` })
    }
    throw s3Errors.alreadyOwned(request.bucket)
  }
  ctx.world.s3.buckets[request.bucket] = { name: request.bucket, region, createdAt: ctx.now, objects: {} }
  return emptyAnswer(200, { location: `/${request.bucket}` })
}

export function headBucket(request: S3Request, ctx: HandlerContext): S3Answer {
  const bucket = bucketIn(ctx, request.bucket)
  return emptyAnswer(200, { 'x-amz-bucket-region': bucket.region, 'x-amz-access-point-alias': 'false' })
}

/** Answered whatever region the request was sent to: it is how a client finds the bucket's region. */
export function getBucketLocation(request: S3Request, ctx: HandlerContext): S3Answer {
  const bucket = ctx.world.s3.buckets[request.bucket]
  if (!bucket) throw s3Errors.noSuchBucket(request.bucket)
  // Buckets in us-east-1 have a null LocationConstraint (API_GetBucketLocation).
  const region = bucket.region === DEFAULT_REGION ? '' : escapeXml(bucket.region)
  return xmlAnswer(`<LocationConstraint xmlns="${XMLNS}">${region}</LocationConstraint>`)
}

export function deleteBucket(request: S3Request, ctx: HandlerContext): S3Answer {
  const bucket = bucketIn(ctx, request.bucket)
  if (Object.keys(bucket.objects).length > 0) throw s3Errors.notEmpty(bucket.name)
  delete ctx.world.s3.buckets[bucket.name]
  return emptyAnswer(204)
}

export function listBuckets(_request: S3Request, ctx: HandlerContext): S3Answer {
  const buckets = Object.values(ctx.world.s3.buckets)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map(
      (b) =>
        `<Bucket><Name>${escapeXml(b.name)}</Name><CreationDate>${isoTime(b.createdAt)}</CreationDate><BucketRegion>${b.region}</BucketRegion></Bucket>`,
    )
    .join('')
  return xmlAnswer(
    `<ListAllMyBucketsResult xmlns="${XMLNS}"><Owner><ID>${ACCOUNT_ID}</ID></Owner><Buckets>${buckets}</Buckets></ListAllMyBucketsResult>`,
  )
}
