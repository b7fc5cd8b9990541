/**
 * @module S3's REST-XML errors: an `<Error>` document with Code, Message and the resource it names,
 * the HTTP status each code carries (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html),
 * and no body for a HEAD request (the status alone tells the SDK).
 */
import { AwsError } from '../errors.js'
import { escapeXml } from '../protocols/xml.js'
import type { S3Answer } from './answer.js'

/** An S3 error, with the extra elements its document carries (Bucket, Key, Endpoint…) and extra headers. */
export class S3Error extends AwsError {
  constructor(
    code: string,
    message: string,
    status: number,
    readonly details: Readonly<Record<string, string>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(code, message, status)
  }
}

export const s3Errors = {
  noSuchBucket: (bucket: string) =>
    new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket }),
  noSuchKey: (key: string) =>
    new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key }),
  invalidBucketName: (bucket: string) =>
    new S3Error('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: bucket }),
  alreadyOwned: (bucket: string) =>
    new S3Error(
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
      409,
      { BucketName: bucket },
    ),
  notEmpty: (bucket: string) =>
    new S3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: bucket }),
  /** A bucket addressed in another region than its own: 301 with the bucket's region in a header. */
  permanentRedirect: (bucket: string, region: string) =>
    new S3Error(
      'PermanentRedirect',
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
      301,
      { Bucket: bucket, Endpoint: `s3.${region}.amazonaws.com` },
      { 'x-amz-bucket-region': region },
    ),
  entityTooLarge: (max: number) =>
    new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, {
      MaxSizeAllowed: String(max),
    }),
  notImplemented: (what: string) =>
    new S3Error(
      'NotImplemented',
      `A header or query you provided implies functionality that is not implemented: ${what} (the local cloud serves the operations docs/local-cloud.md lists).`,
      501,
    ),
  malformedXml: () =>
    new S3Error(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    ),
}

/** The answer for an error: the XML document (none for HEAD), its status and headers. */
export function s3ErrorAnswer(err: AwsError, requestId: string, head: boolean): S3Answer {
  const details = err instanceof S3Error ? err.details : {}
  const headers = err instanceof S3Error ? err.headers : {}
  const extra = Object.entries(details)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('')
  const body = head
    ? ''
    : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message>${extra}<RequestId>${requestId}</RequestId></Error>`
  return { status: err.status, headers: { 'content-type': 'application/xml', ...headers }, body }
}
