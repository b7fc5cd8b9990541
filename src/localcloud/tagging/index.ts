/**
 * @module Resource Groups Tagging API (awsJson1_1, target prefix `ResourceGroupsTaggingAPI_20170126`,
 * signing name `tagging`): GetResources over the resources the emulator holds. Behaviour follows
 * https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html.
 */
import type { Handler } from '../context.js'
import { AwsError } from '../errors.js'
import type { Json } from '../state.js'
import { optionalInt, optionalString } from '../validate-input.js'
import { arnParts, taggedResources, type TaggedResource } from './resources.js'

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
function matchesTags(resource: TaggedResource, filters: readonly TagFilter[]): boolean {
  return filters.every(
    (f) => f.key in resource.tags && (f.values.length === 0 || f.values.includes(resource.tags[f.key] ?? '')),
  )
}

function matchesType(resource: TaggedResource, filters: ReturnType<typeof typeFilters>): boolean {
  if (filters.length === 0) return true
  const { service, resourceType } = arnParts(resource.arn)
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

  const matching = taggedResources(ctx.world, ctx.now)
    .filter((r) => arnParts(r.arn).region === ctx.region)
    .filter((r) => (arns ? arns.includes(r.arn) : matchesTags(r, tags) && matchesType(r, types)))
    .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0))
  const rest = after === undefined ? matching : matching.filter((r) => r.arn > after)
  const page = rest.slice(0, perPage)
  const last = page.at(-1)
  return {
    ResourceTagMappingList: page.map((r) => ({
      ResourceARN: r.arn,
      Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })),
    })),
    ...(rest.length > page.length && last
      ? { PaginationToken: encodeToken({ after: last.arn, request, issuedAt: ctx.now }) }
      : {}),
  }
}

export const taggingHandlers: Record<string, Handler> = { GetResources: getResources }
