/**
 * @module ECR images by tag or digest, one DescribeImages per repository (100 image ids a call), and the
 * registry's pull-through cache rules
 * (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeImages.html).
 */
import {
  DescribeImagesCommand,
  paginateDescribePullThroughCacheRules,
  type ECRClient,
  type ImageIdentifier,
} from '@aws-sdk/client-ecr'
import { ecrImageKey, type AccountLookup, type AccountLookups, type EcrImageRef } from '../../ports/index.js'
import { awsCodeOf, chunks, found, MISSING, readEach, unreadable } from './lookups.js'

/** DescribeImages takes at most 100 image ids. */
const IMAGES_PER_CALL = 100
const NOT_FOUND = /ImageNotFound|RepositoryNotFound/

const idOf = (image: EcrImageRef): ImageIdentifier =>
  image.digest ? { imageDigest: image.digest } : { imageTag: image.tag ?? 'latest' }

/**
 * DescribeImages fails the whole call when one of its ids is missing (ImageNotFoundException), so a
 * batch that fails that way is asked again image by image to tell which.
 */
async function describeBatch(
  client: ECRClient,
  batch: readonly EcrImageRef[],
): Promise<[string, AccountLookup<true>][]> {
  const [first] = batch
  if (!first) return []
  const input = { registryId: first.registryId, repositoryName: first.repository }
  try {
    await client.send(new DescribeImagesCommand({ ...input, imageIds: batch.map(idOf) }))
    return batch.map((image) => [ecrImageKey(image), found(true)])
  } catch (err) {
    const name = awsCodeOf(err)
    if (/RepositoryNotFound/.test(name)) return batch.map((image) => [ecrImageKey(image), MISSING])
    if (!/ImageNotFound/.test(name)) {
      return batch.map((image) => [ecrImageKey(image), unreadable(err, 'ECR.DescribeImages')])
    }
  }
  if (batch.length === 1) return [[ecrImageKey(first), MISSING]]
  const each = await readEach(batch.map(ecrImageKey), 'ECR.DescribeImages', NOT_FOUND, async (key) => {
    const image = batch.find((i) => ecrImageKey(i) === key) ?? first
    await client.send(new DescribeImagesCommand({ ...input, imageIds: [idOf(image)] }))
    return true as const
  })
  return [...each.entries()]
}

export async function describeImages(
  client: ECRClient,
  images: readonly EcrImageRef[],
): Promise<AccountLookups<true>> {
  const byRepository = new Map<string, EcrImageRef[]>()
  for (const image of images) {
    const key = `${image.registryId}/${image.repository}`
    byRepository.set(key, [...(byRepository.get(key) ?? []), image])
  }
  const batches = [...byRepository.values()].flatMap((list) => chunks(list, IMAGES_PER_CALL))
  const results = await Promise.all(batches.map((batch) => describeBatch(client, batch)))
  return new Map(results.flat())
}

export async function pullThroughCachePrefixes(
  client: ECRClient,
  registryIds: readonly string[],
): Promise<AccountLookups<readonly string[]>> {
  const entries = await Promise.all(
    registryIds.map(async (registryId): Promise<[string, AccountLookup<readonly string[]>]> => {
      try {
        const prefixes: string[] = []
        for await (const page of paginateDescribePullThroughCacheRules({ client }, { registryId })) {
          for (const rule of page.pullThroughCacheRules ?? []) {
            if (rule.ecrRepositoryPrefix) prefixes.push(rule.ecrRepositoryPrefix)
          }
        }
        return [registryId, found(prefixes)]
      } catch (err) {
        return [registryId, unreadable(err, 'ECR.DescribePullThroughCacheRules')]
      }
    }),
  )
  return new Map(entries)
}
