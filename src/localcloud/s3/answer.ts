/** @module What an S3 operation answers: a status, headers and a body (bytes for objects, XML otherwise). */

export interface S3Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: Buffer | string
}

export const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/'

/** A 200 with an XML document. */
export function xmlAnswer(document: string, headers: Record<string, string> = {}): S3Answer {
  return {
    status: 200,
    headers: { 'content-type': 'application/xml', ...headers },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${document}`,
  }
}

export const emptyAnswer = (status = 200, headers: Record<string, string> = {}): S3Answer => ({
  status,
  headers,
  body: '',
})
