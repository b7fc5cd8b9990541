/**
 * @module A Terraform state in S3: GetObject as text. The client follows the bucket's region (a 301
 * PermanentRedirect names it in `x-amz-bucket-region`) and addresses the bucket path-style under an
 * endpoint override (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html). An object
 * encrypted with a KMS key needs `kms:Decrypt` on that key as well as `s3:GetObject`
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html).
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { AccountLookup } from '../../ports/index.js'
import { awsCodeOf, found, MISSING, unreadable } from '../account/lookups.js'

export async function getObjectText(
  client: S3Client,
  bucket: string,
  key: string,
): Promise<AccountLookup<string>> {
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    return found((await out.Body?.transformToString('utf8')) ?? '')
  } catch (err) {
    const code = awsCodeOf(err)
    if (code === 'NoSuchKey' || code === 'NoSuchBucket' || code === 'NotFound') return MISSING
    const read = unreadable(err, 'S3.GetObject')
    if (read.state === 'unreadable' && read.denied && mentionsKms(err)) {
      return {
        ...read,
        detail: `${read.detail}: the object is encrypted with a KMS key; grant kms:Decrypt on it`,
      }
    }
    return read
  }
}

function mentionsKms(err: unknown): boolean {
  return /kms/i.test((err as { message?: string } | undefined)?.message ?? '')
}
