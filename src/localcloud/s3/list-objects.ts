/**
 * @module ListObjectsV2: keys in UTF-8 binary order under `prefix`, rolled up to CommonPrefixes at
 * `delimiter`, pages of `max-keys` (at most 1000) continued by an opaque token or after `start-after`.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 */
import type { S3Object } from '../account/state.js'
import type { HandlerContext } from '../context.js'
import { escapeXml, isoTime } from '../protocols/xml.js'
import { xmlAnswer, XMLNS, type S3Answer } from './answer.js'
import { bucketIn } from './buckets.js'
import { S3Error } from './errors.js'
import type { S3Request } from './request.js'

const MAX_KEYS = 1000

type Entry = { readonly key: string; readonly object: S3Object } | { readonly prefix: string }

function maxKeys(query: URLSearchParams): number {
  const text = query.get('max-keys')
  if (text === null) return MAX_KEYS
  const n = Number(text)
  if (!Number.isInteger(n) || n < 0) {
    throw new S3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', 400)
  }
  return Math.min(n, MAX_KEYS)
}

/** The keys after `after`, under `prefix`, with those containing the delimiter past the prefix rolled up. */
function entries(
  objects: Record<string, S3Object>,
  prefix: string,
  delimiter: string,
  after: string,
): Entry[] {
  const keys = Object.keys(objects)
    .filter((k) => k.startsWith(prefix) && k > after)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  const out: Entry[] = []
  for (const key of keys) {
    const at = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length)
    if (at < 0) {
      out.push({ key, object: objects[key]! })
      continue
    }
    const common = key.slice(0, at + delimiter.length)
    const last = out.at(-1)
    if (!(last && 'prefix' in last && last.prefix === common)) out.push({ prefix: common })
  }
  return out
}

const element = (name: string, value: string | undefined) =>
  value === undefined || value === '' ? '' : `<${name}>${escapeXml(value)}</${name}>`

function entryXml(entry: Entry): string {
  if ('prefix' in entry) return `<CommonPrefixes><Prefix>${escapeXml(entry.prefix)}</Prefix></CommonPrefixes>`
  const { key, object } = entry
  return `<Contents><Key>${escapeXml(key)}</Key><LastModified>${isoTime(object.lastModified)}</LastModified><ETag>${escapeXml(object.etag)}</ETag><Size>${object.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`
}

const entryEnd = (entry: Entry): string =>
  // A rolled-up prefix ends with the delimiter: continuing after every key that starts with it skips them all.
  'prefix' in entry ? `${entry.prefix}\u{10FFFF}` : entry.key

export function listObjectsV2(request: S3Request, ctx: HandlerContext): S3Answer {
  const bucket = bucketIn(ctx, request.bucket)
  const { query } = request
  const prefix = query.get('prefix') ?? ''
  const delimiter = query.get('delimiter') ?? ''
  const token = query.get('continuation-token') ?? undefined
  const after =
    token !== undefined ? Buffer.from(token, 'base64url').toString('utf8') : (query.get('start-after') ?? '')
  const size = maxKeys(query)
  const all = entries(bucket.objects, prefix, delimiter, after)
  const page = all.slice(0, size)
  const truncated = all.length > page.length
  const next =
    truncated && page.length > 0 ? Buffer.from(entryEnd(page.at(-1)!)).toString('base64url') : undefined
  return xmlAnswer(
    `<ListBucketResult xmlns="${XMLNS}"><Name>${escapeXml(bucket.name)}</Name><Prefix>${escapeXml(prefix)}</Prefix>` +
      `${element('Delimiter', delimiter)}<MaxKeys>${size}</MaxKeys><KeyCount>${page.length}</KeyCount>` +
      `<IsTruncated>${truncated}</IsTruncated>${element('ContinuationToken', token)}` +
      `${element('NextContinuationToken', next)}${element('StartAfter', query.get('start-after') ?? undefined)}` +
      `${page.map(entryXml).join('')}</ListBucketResult>`,
  )
}
