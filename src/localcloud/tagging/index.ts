/**
 * @module Resource Groups Tagging API (awsJson1_1, target prefix `ResourceGroupsTaggingAPI_20170126`,
 * signing name `tagging`): GetResources over the resources the emulator holds. Behaviour follows
 * https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html.
 */
import type { Handler, HandlerContext } from '../context.js'
import { AwsError } from '../errors.js'
import type { Json } from '../state.js'
import { optionalInt, optionalString } from '../validate-input.js'
import { candidatesByArn, firstAfter, listed, type Candidate } from './resources.js'

const invalid = (m: string): AwsError => new AwsError('InvalidParameterException', m)

/** Documented limits: 50 tag keys of 20 values each, 100 resource type filters, 1–100 resources a page. */
const MAX_TAG_FILTERS = 50
const MAX_VALUES_PER_KEY = 20
const MAX_TYPE_FILTERS = 100
const MAX_ARNS = 100
const MAX_PAGE = 100
/** The default page size is not documented; the largest one is used. */
const DEFAULT_PAGE = MAX_PAGE
/** "A PaginationToken is valid for a maximum of 15 minutes" (PaginationTokenExpiredException). */
const TOKEN_LIFETIME_MS = 15 * 60 * 1000

interface TagFilter {
  readonly key: string
  /** Empty: the key with any or no value matches. */
  readonly values: readonly string[]
}

function stringList(input: Json, field: string, max: number): string[] | undefined {
  const value = input[field]
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw invalid(`${field} must be a list of strings.`)
  }
  if (value.length > max) throw invalid(`${field} can have at most ${max} items.`)
  return value as string[]
}

function tagFilters(input: Json): TagFilter[] {
  const value = input['TagFilters']
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw invalid('TagFilters must be a list.')
  if (value.length > MAX_TAG_FILTERS) throw invalid(`TagFilters can have at most ${MAX_TAG_FILTERS} keys.`)
  return value.map((raw: unknown) => {
    const filter = (typeof raw === 'object' && raw !== null ? raw : {}) as Json
    const key = filter['Key']
    if (typeof key !== 'string' || key.length === 0) throw invalid('Each TagFilter needs a Key.')
    return { key, values: stringList(filter, 'Values', MAX_VALUES_PER_KEY) ?? [] }
  })
}

/** `service[:resourceType]`, as embedded in ARNs; `ecs` alone means every ECS resource type. */
function typeFilters(input: Json): { service: string; resourceType: string | undefined }[] {
  return (stringList(input, 'ResourceTypeFilters', MAX_TYPE_FILTERS) ?? []).map((filter) => {
    const [service = '', resourceType, ...extra] = filter.split(':')
    if (service === '' || resourceType === '' || extra.length > 0) {
      throw invalid(`ResourceTypeFilters entry "${filter}" is not service[:resourceType].`)
    }
    return { service, resourceType }
  })
}

/** Every filter must hold; within one, any listed value matches, and no values means the key is present. */
function matchesTags(resource: Candidate, filters: readonly TagFilter[]): boolean {
  const tags = resource.record.tags
  return filters.every(
    (f) => f.key in tags && (f.values.length === 0 || f.values.includes(tags[f.key] ?? '')),
  )
}

function matchesType(resource: Candidate, filters: ReturnType<typeof typeFilters>): boolean {
  if (filters.length === 0) return true
  const { service, resourceType } = resource.parts
  return filters.some(
    (f) => f.service === service && (f.resourceType === undefined || f.resourceType === resourceType),
  )
}

/**
 * The token names the last ARN served (so resources created or deleted between pages neither repeat
 * nor shift the rest), the request it belongs to, and when it was issued.
 */
interface PageToken {
  readonly after: string
  readonly request: string
  readonly issuedAt: number
}

function encodeToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url')
}

function decodeToken(text: string, request: string, now: number): PageToken {
  let token: Partial<PageToken>
  try {
    token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<PageToken>
  } catch {
    throw invalid('The PaginationToken is not valid.')
  }
  if (typeof token.after !== 'string' || typeof token.issuedAt !== 'number' || token.request !== request) {
    throw invalid('The PaginationToken is not valid for this request.')
  }
  if (now - token.issuedAt > TOKEN_LIFETIME_MS) {
    throw new AwsError(
      'PaginationTokenExpiredException',
      'The PaginationToken has expired; it is valid for 15 minutes.',
    )
  }
  return token as PageToken
}

const getResources: Handler = (input, ctx) => {
  const tags = tagFilters(input)
  const types = typeFilters(input)
  const arns = stringList(input, 'ResourceARNList', MAX_ARNS)
  if (arns && (input['TagFilters'] !== undefined || input['ResourceTypeFilters'] !== undefined)) {
    throw invalid('ResourceARNList cannot be combined with TagFilters or ResourceTypeFilters.')
  }
  if (input['IncludeComplianceDetails'] === true) {
    throw invalid('IncludeComplianceDetails is not supported by this emulator (it models no tag policies).')
  }
  if (input['ExcludeCompliantResources'] === true) {
    throw invalid('ExcludeCompliantResources needs IncludeComplianceDetails.')
  }
  const perPage = optionalInt(input, 'ResourcesPerPage', invalid, 1, MAX_PAGE) ?? DEFAULT_PAGE
  // TagsPerPage is accepted in its documented range; pages are cut by ResourcesPerPage only.
  optionalInt(input, 'TagsPerPage', invalid, 100, 500)
  const request = JSON.stringify([tags, types, arns ?? null])
  const tokenText = optionalString(input, 'PaginationToken', invalid)
  const after = tokenText ? decodeToken(tokenText, request, ctx.now).after : undefined

  const candidates = arns ? named(ctx.world, arns) : candidatesByArn(ctx.world)
  const matches = (c: Candidate): boolean =>
    c.parts.region === ctx.region &&
    listed(c, ctx.now) &&
    (arns !== undefined || (matchesTags(c, tags) && matchesType(c, types)))
  const page = firstMatches(candidates, firstAfter(candidates, after), matches, perPage + 1)
  const more = page.length > perPage
  if (more) page.pop()
  const last = page.at(-1)
  return {
    ResourceTagMappingList: page.map((c) => ({
      ResourceARN: c.record.arn,
      Tags: Object.entries(c.record.tags).map(([Key, Value]) => ({ Key, Value })),
    })),
    ...(more && last
      ? { PaginationToken: encodeToken({ after: last.record.arn, request, issuedAt: ctx.now }) }
      : {}),
  }
}

/** The candidates with one of these ARNs, in ARN order. */
function named(world: HandlerContext['world'], arns: readonly string[]): Candidate[] {
  const sorted = candidatesByArn(world)
  const found = new Map<number, Candidate>()
  for (const arn of arns) {
    for (let i = firstAtOrAfter(sorted, arn); sorted[i]?.record.arn === arn; i++) {
      const c = sorted[i] as Candidate
      found.set(c.position, c)
    }
  }
  return [...found.values()].sort((a, b) => a.position - b.position)
}

function firstAtOrAfter(sorted: readonly Candidate[], arn: string): number {
  const after = firstAfter(sorted, arn)
  let i = after
  while (i > 0 && sorted[i - 1]?.record.arn === arn) i--
  return i
}

/** Up to `count` candidates from `start` on that match, walking only as far as needed. */
function firstMatches(
  candidates: readonly Candidate[],
  start: number,
  matches: (c: Candidate) => boolean,
  count: number,
): Candidate[] {
  const out: Candidate[] = []
  for (let i = start; i < candidates.length && out.length < count; i++) {
    const c = candidates[i] as Candidate
    if (matches(c)) out.push(c)
  }
  return out
}

export const taggingHandlers: Record<string, Handler> = { GetResources: getResources }
