/**
 * @module Reading Query-protocol requests: the form-encoded body is a flat map of names to strings;
 * lists are numbered from 1 (`Names.member.1` in awsQuery, `SubnetId.1` in ec2Query) and structures
 * in lists carry their members after the index (`Tags.member.1.Key`, `Filter.1.Value.1`).
 */
import type { AwsError } from '../errors.js'
import { text } from '../validate-input.js'

export type QueryParams = Record<string, unknown>

/** The form body as a flat map (a repeated name keeps its last value). */
export function parseForm(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body))
}

const param = (params: QueryParams, name: string): string | undefined => {
  const value = params[name]
  return typeof value === 'string' ? value : undefined
}

/** The strings at `prefix.1`, `prefix.2`, … in index order. */
export function scalarList(params: QueryParams, prefix: string): string[] {
  const found: [number, string][] = []
  for (const [name, value] of Object.entries(params)) {
    if (!name.startsWith(`${prefix}.`) || typeof value !== 'string') continue
    const index = Number(name.slice(prefix.length + 1))
    if (Number.isInteger(index) && index > 0) found.push([index, value])
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, value]) => value)
}

/** The structures at `prefix.N.member…`, each as a flat map of its own members, in index order. */
export function structList(params: QueryParams, prefix: string): QueryParams[] {
  const byIndex = new Map<number, QueryParams>()
  for (const [name, value] of Object.entries(params)) {
    if (!name.startsWith(`${prefix}.`)) continue
    const rest = name.slice(prefix.length + 1)
    const dot = rest.indexOf('.')
    if (dot < 1) continue
    const index = Number(rest.slice(0, dot))
    if (!Number.isInteger(index) || index < 1) continue
    const entry = byIndex.get(index) ?? {}
    entry[rest.slice(dot + 1)] = value
    byIndex.set(index, entry)
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, entry]) => entry)
}

export function requiredParam(params: QueryParams, name: string, error: (m: string) => AwsError): string {
  const value = param(params, name)
  if (value === undefined || value === '') throw error(`${name} is required.`)
  return value
}

export function optionalParam(params: QueryParams, name: string): string | undefined {
  return param(params, name)
}

export function optionalIntParam(
  params: QueryParams,
  name: string,
  error: (m: string) => AwsError,
  min: number,
  max: number,
): number | undefined {
  const value = param(params, name)
  if (value === undefined) return undefined
  const number = Number(value)
  if (!Number.isInteger(number) || number < min || number > max) {
    throw error(`${name} must be an integer between ${min} and ${max}.`)
  }
  return number
}

/** Tags given as `prefix.N.Key` / `prefix.N.Value`. */
export function queryTags(params: QueryParams, prefix: string): Record<string, string> {
  return Object.fromEntries(structList(params, prefix).map((t) => [text(t['Key']), text(t['Value'])]))
}
