/**
 * @module The `aws-chunked` content encoding the SDK uses for streamed uploads: chunks of
 * `hex-size[;chunk-signature=…]\r\n data \r\n`, a zero-size chunk, then trailing headers
 * (a checksum) and an empty line.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
 */

export interface Dechunked {
  readonly body: Buffer
  /** Trailing headers, names in lower case. */
  readonly trailers: Record<string, string>
}

function lineAt(raw: Buffer, start: number): { line: string; next: number } {
  const end = raw.indexOf('\r\n', start)
  if (end < 0) throw new Error('aws-chunked body is cut short')
  return { line: raw.subarray(start, end).toString('latin1'), next: end + 2 }
}

function trailersFrom(raw: Buffer, start: number): Record<string, string> {
  const trailers: Record<string, string> = {}
  let at = start
  while (at < raw.length) {
    const { line, next } = lineAt(raw, at)
    at = next
    if (line === '') break
    const colon = line.indexOf(':')
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return trailers
}

/** Decodes an aws-chunked body; throws on a malformed one. */
export function dechunk(raw: Buffer): Dechunked {
  const parts: Buffer[] = []
  let at = 0
  for (;;) {
    const { line, next } = lineAt(raw, at)
    const size = Number.parseInt(line.split(';')[0] ?? '', 16)
    if (!Number.isInteger(size) || size < 0) throw new Error('aws-chunked chunk size is not hexadecimal')
    if (size === 0) return { body: Buffer.concat(parts), trailers: trailersFrom(raw, next) }
    if (next + size > raw.length) throw new Error('aws-chunked body is cut short')
    parts.push(raw.subarray(next, next + size))
    at = next + size + 2
  }
}
