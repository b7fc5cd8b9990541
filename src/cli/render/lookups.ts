/** @module The looked-up values of a plan, each with where it came from: "value (from ssm:/path)". */
import { shownValue, type ResolvedLookups } from '../../manifest/environment/looked-up.js'

export function renderLookupsText(lookups: ResolvedLookups | undefined): string {
  if (!lookups || lookups.uses.length === 0) return ''
  const lines = lookups.uses.map(
    (u) => `  ${u.file}:${u.line} ${u.field} = ${shownValue(u.value, u.sensitive)} (from ${u.source})`,
  )
  return `looked-up values:\n${lines.join('\n')}\n`
}

export function lookupsToJson(lookups: ResolvedLookups | undefined): object {
  return {
    lookups: (lookups?.uses ?? []).map((u) => ({
      reference: u.reference,
      source: u.source,
      value: u.sensitive ? '(sensitive)' : u.value,
      file: u.file,
      line: u.line,
      field: u.field,
    })),
  }
}
