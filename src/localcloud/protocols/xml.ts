/**
 * @module XML for the Query protocols: awsQuery (IAM, STS, ELBv2) and ec2Query (EC2). Handlers
 * return plain objects named as the wire names them; lists become one child element per item
 * (`member` in awsQuery, `item` in ec2Query), as the protocols' serialization rules say:
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html and
 * https://smithy.io/2.0/aws/protocols/aws-ec2-query-protocol.html
 */

export type XmlValue =
  string | number | boolean | null | undefined | readonly XmlValue[] | { readonly [key: string]: XmlValue }

export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
}

/** The children of an element: each member of `value`, lists wrapped item by item in `itemTag`. */
export function xmlChildren(value: { readonly [key: string]: XmlValue }, itemTag: string): string {
  return Object.entries(value)
    .map(([name, child]) => xmlElement(name, child, itemTag))
    .join('')
}

function xmlElement(name: string, value: XmlValue, itemTag: string): string {
  if (value === undefined || value === null) return ''
  if (Array.isArray(value)) {
    const items = (value as readonly XmlValue[]).map((item) => xmlElement(itemTag, item, itemTag)).join('')
    return `<${name}>${items}</${name}>`
  }
  if (typeof value === 'object') {
    return `<${name}>${xmlChildren(value as { readonly [key: string]: XmlValue }, itemTag)}</${name}>`
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`
}

/** Query timestamps are ISO 8601 (the protocols' default timestamp format). */
export const isoTime = (ms: number): string => new Date(ms).toISOString()
