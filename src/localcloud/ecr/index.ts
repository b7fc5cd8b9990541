/**
 * @module Amazon ECR (awsJson1_1, target prefix `AmazonEC2ContainerRegistry_V20150921`):
 * repositories, images pushed by manifest, and pull-through cache rules.
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImage.html
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeImages.html
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreatePullThroughCacheRule.html
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribePullThroughCacheRules.html
 */
import { createHash } from 'node:crypto'
import { ACCOUNT_ID, arn, type Handler, type HandlerContext } from '../context.js'
import { AwsError } from '../errors.js'
import type { EcrImage, EcrPullThroughCacheRule, EcrRepository } from '../account/state.js'
import { regional } from '../account/state.js'
import {
  epochSeconds,
  optionalInt,
  optionalString,
  optionalStringList,
  pageOf,
  requireString,
  tagsFromList,
} from '../validate-input.js'

const invalid = (m: string) => new AwsError('InvalidParameterException', m)

/** repositoryName: 2–256 characters of this pattern (API_CreateRepository). */
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/
/** The media type PutImage assumes when the manifest names none. */
const DOCKER_MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json'

const ECR_PAGE = { size: 'maxResults', token: 'nextToken' }

const inRegistry = `in the registry with id '${ACCOUNT_ID}'`

function repositoryName(input: Record<string, unknown>): string {
  const name = requireString(input, 'repositoryName', invalid)
  if (name.length < 2 || name.length > 256 || !REPOSITORY_NAME.test(name)) {
    throw invalid(
      `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '${REPOSITORY_NAME.source}''`,
    )
  }
  return name
}

function findRepository(ctx: HandlerContext, name: string): EcrRepository {
  const repository = ctx.world.ecr.repositories[regional(ctx.region, name)]
  if (!repository) {
    throw new AwsError(
      'RepositoryNotFoundException',
      `The repository with name '${name}' does not exist ${inRegistry}`,
    )
  }
  return repository
}

function repositoryOutput(r: EcrRepository) {
  return {
    repositoryArn: r.arn,
    registryId: ACCOUNT_ID,
    repositoryName: r.name,
    repositoryUri: r.uri,
    createdAt: epochSeconds(r.createdAt),
    imageTagMutability: r.tagMutability,
    imageScanningConfiguration: { scanOnPush: false },
    encryptionConfiguration: { encryptionType: 'AES256' },
  }
}

const createRepository: Handler = (input, ctx) => {
  const name = repositoryName(input)
  const key = regional(ctx.region, name)
  if (ctx.world.ecr.repositories[key]) {
    throw new AwsError(
      'RepositoryAlreadyExistsException',
      `The repository with name '${name}' already exists ${inRegistry}`,
    )
  }
  const mutability = optionalString(input, 'imageTagMutability', invalid) ?? 'MUTABLE'
  if (mutability !== 'MUTABLE' && mutability !== 'IMMUTABLE') {
    throw invalid('imageTagMutability must be MUTABLE or IMMUTABLE.')
  }
  const repository: EcrRepository = {
    region: ctx.region,
    name,
    arn: arn(ctx, 'ecr', `repository/${name}`),
    uri: `${ACCOUNT_ID}.dkr.ecr.${ctx.region}.amazonaws.com/${name}`,
    createdAt: ctx.now,
    tagMutability: mutability,
    images: {},
    tags: tagsFromList(input['tags'], 'Key', 'Value'),
  }
  ctx.world.ecr.repositories[key] = repository
  return { repository: repositoryOutput(repository) }
}

/** The image's size: its layers and config as the manifest lists them, else the manifest itself. */
function sizeOf(manifest: Record<string, unknown>, text: string): number {
  const layers: unknown[] = Array.isArray(manifest['layers']) ? (manifest['layers'] as unknown[]) : []
  const parts = [manifest['config'], ...layers]
  const sizes = parts.map((p) =>
    typeof p === 'object' && p !== null ? (p as { size?: unknown }).size : undefined,
  )
  const total = sizes.reduce<number>((sum, s) => sum + (typeof s === 'number' ? s : 0), 0)
  return total > 0 ? total : Buffer.byteLength(text)
}

function parseManifest(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>
    }
  } catch {
    // reported below
  }
  throw invalid('Invalid parameter at imageManifest: the manifest is not a JSON document.')
}

const putImage: Handler = (input, ctx) => {
  const repository = findRepository(ctx, repositoryName(input))
  const text = requireString(input, 'imageManifest', invalid)
  const manifest = parseManifest(text)
  const digest = `sha256:${createHash('sha256').update(text).digest('hex')}`
  const given = optionalString(input, 'imageDigest', invalid)
  if (given !== undefined && given !== digest) {
    throw new AwsError(
      'ImageDigestDoesNotMatchException',
      `The provided digest ${given} does not match the digest of the manifest, ${digest}.`,
    )
  }
  const tag = optionalString(input, 'imageTag', invalid)
  const existing = repository.images[digest]
  if (existing && (tag === undefined || existing.tags.includes(tag))) {
    throw new AwsError(
      'ImageAlreadyExistsException',
      `Image with digest '${digest}' and tag '${tag ?? 'null'}' already exists in the repository with name '${repository.name}' ${inRegistry}`,
    )
  }
  if (tag !== undefined) moveTag(repository, tag, digest)
  const mediaType =
    optionalString(input, 'imageManifestMediaType', invalid) ??
    (typeof manifest['mediaType'] === 'string' ? manifest['mediaType'] : DOCKER_MANIFEST_V2)
  const image: EcrImage = existing ?? {
    digest,
    tags: [],
    manifest: text,
    mediaType,
    sizeInBytes: sizeOf(manifest, text),
    pushedAt: ctx.now,
  }
  if (tag !== undefined) image.tags.push(tag)
  repository.images[digest] = image
  return {
    image: {
      registryId: ACCOUNT_ID,
      repositoryName: repository.name,
      imageId: { imageDigest: digest, ...(tag !== undefined ? { imageTag: tag } : {}) },
      imageManifest: text,
      imageManifestMediaType: image.mediaType,
    },
  }
}

/** A tag names one image: pushing it again moves it, unless tags are immutable (ImageTagAlreadyExistsException). */
function moveTag(repository: EcrRepository, tag: string, digest: string): void {
  const holder = Object.values(repository.images).find((i) => i.tags.includes(tag) && i.digest !== digest)
  if (!holder) return
  if (repository.tagMutability === 'IMMUTABLE') {
    throw new AwsError(
      'ImageTagAlreadyExistsException',
      `The image tag '${tag}' already exists in the '${repository.name}' repository and cannot be overwritten because the repository is immutable.`,
    )
  }
  holder.tags = holder.tags.filter((t) => t !== tag)
}

function imageDetail(repository: EcrRepository, image: EcrImage) {
  return {
    registryId: ACCOUNT_ID,
    repositoryName: repository.name,
    imageDigest: image.digest,
    ...(image.tags.length > 0 ? { imageTags: image.tags } : {}),
    imageSizeInBytes: image.sizeInBytes,
    imagePushedAt: epochSeconds(image.pushedAt),
    imageManifestMediaType: image.mediaType,
  }
}

/** The images the imageIds name; any that does not exist is ImageNotFoundException (API_DescribeImages). */
function imagesById(repository: EcrRepository, ids: unknown): EcrImage[] {
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100) {
    throw invalid('imageIds must list 1 to 100 image ids.')
  }
  return ids.map((raw: unknown) => {
    const id = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
    const digest = optionalString(id, 'imageDigest', invalid)
    const tag = optionalString(id, 'imageTag', invalid)
    if (digest === undefined && tag === undefined) {
      throw invalid('Each imageId needs an imageDigest or an imageTag.')
    }
    const image = Object.values(repository.images).find(
      (i) => (digest === undefined || i.digest === digest) && (tag === undefined || i.tags.includes(tag)),
    )
    if (!image) {
      throw new AwsError(
        'ImageNotFoundException',
        `The image with imageId {imageDigest:'${digest ?? 'null'}', imageTag:'${tag ?? 'null'}'} does not exist within the repository with name '${repository.name}' ${inRegistry}`,
      )
    }
    return image
  })
}

const describeImages: Handler = (input, ctx) => {
  const repository = findRepository(ctx, repositoryName(input))
  const maxResults = optionalInt(input, 'maxResults', invalid, 1, 1000)
  if (input['imageIds'] !== undefined) {
    if (maxResults !== undefined) throw invalid('maxResults cannot be used together with imageIds.')
    return { imageDetails: imagesById(repository, input['imageIds']).map((i) => imageDetail(repository, i)) }
  }
  const status = (input['filter'] as { tagStatus?: unknown } | undefined)?.tagStatus ?? 'ANY'
  const images = Object.values(repository.images).filter((i) =>
    status === 'TAGGED' ? i.tags.length > 0 : status === 'UNTAGGED' ? i.tags.length === 0 : true,
  )
  const { page, next } = pageOf(images, input, ECR_PAGE, { max: 1000, default: 100 }, invalid)
  return { imageDetails: page.map((i) => imageDetail(repository, i)), ...(next ? { nextToken: next } : {}) }
}

function ruleOutput(rule: EcrPullThroughCacheRule) {
  return {
    ecrRepositoryPrefix: rule.prefix,
    upstreamRegistryUrl: rule.upstreamRegistryUrl,
    createdAt: epochSeconds(rule.createdAt),
    registryId: ACCOUNT_ID,
    ...(rule.upstreamRegistry ? { upstreamRegistry: rule.upstreamRegistry } : {}),
    ...(rule.credentialArn ? { credentialArn: rule.credentialArn } : {}),
  }
}

/** ecrRepositoryPrefix: 2–30 characters (API_CreatePullThroughCacheRule). */
const RULE_PREFIX = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/

const createPullThroughCacheRule: Handler = (input, ctx) => {
  const prefix = requireString(input, 'ecrRepositoryPrefix', invalid)
  if (prefix.length < 2 || prefix.length > 30 || !RULE_PREFIX.test(prefix)) {
    throw invalid(`Invalid ecrRepositoryPrefix '${prefix}'.`)
  }
  const key = regional(ctx.region, prefix)
  if (ctx.world.ecr.pullThroughCacheRules[key]) {
    throw new AwsError(
      'PullThroughCacheRuleAlreadyExistsException',
      `A pull through cache rule with the ecrRepositoryPrefix '${prefix}' already exists ${inRegistry}`,
    )
  }
  const upstreamRegistry = optionalString(input, 'upstreamRegistry', invalid)
  const credentialArn = optionalString(input, 'credentialArn', invalid)
  const rule: EcrPullThroughCacheRule = {
    region: ctx.region,
    prefix,
    upstreamRegistryUrl: requireString(input, 'upstreamRegistryUrl', invalid),
    ...(upstreamRegistry ? { upstreamRegistry } : {}),
    ...(credentialArn ? { credentialArn } : {}),
    createdAt: ctx.now,
  }
  ctx.world.ecr.pullThroughCacheRules[key] = rule
  return ruleOutput(rule)
}

const describePullThroughCacheRules: Handler = (input, ctx) => {
  const prefixes = optionalStringList(input, 'ecrRepositoryPrefixes', invalid, 100)
  const rules = Object.values(ctx.world.ecr.pullThroughCacheRules).filter((r) => r.region === ctx.region)
  if (prefixes) {
    const missing = prefixes.find((p) => !rules.some((r) => r.prefix === p))
    if (missing !== undefined) {
      throw new AwsError(
        'PullThroughCacheRuleNotFoundException',
        `The pull through cache rule with the ecrRepositoryPrefix '${missing}' does not exist ${inRegistry}`,
      )
    }
  }
  const matching = prefixes ? rules.filter((r) => prefixes.includes(r.prefix)) : rules
  const { page, next } = pageOf(matching, input, ECR_PAGE, { max: 1000, default: 100 }, invalid)
  return { pullThroughCacheRules: page.map(ruleOutput), ...(next ? { nextToken: next } : {}) }
}

export const ecrHandlers: Record<string, Handler> = {
  CreateRepository: createRepository,
  PutImage: putImage,
  DescribeImages: describeImages,
  CreatePullThroughCacheRule: createPullThroughCacheRule,
  DescribePullThroughCacheRules: describePullThroughCacheRules,
}
