/**
 * @module Each container's image exists in ECR by its tag or digest. Other registries cannot be checked
 * and are skipped, said so; an image under a pull-through cache rule is fetched on its first pull, so it
 * is skipped with that reason
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html).
 */
import { ecrImageKey, type EcrImageRef } from '../../cloud/ports/index.js'
import type { ServiceResource } from '../../manifest/model.js'
import { failed, judgeLookup, passed, skipped } from '../judge.js'
import { imageSourceOf } from '../references.js'
import type { AccountFacts, Probe, Verdict, VerifyContext } from '../types.js'
import { probeAt, settledProbe, type VerifyRule } from './probe.js'

const CHECK = 'image'

function pullThroughPrefix(facts: AccountFacts, image: EcrImageRef): string | undefined {
  const rules = facts.pullThrough.get(image.registryId)
  if (rules?.state !== 'found') return undefined
  return rules.value.find((prefix) => image.repository.startsWith(`${prefix}/`))
}

function judgeImage(facts: AccountFacts, image: EcrImageRef): Verdict {
  const what = image.digest ? `digest ${image.digest}` : `tag ${image.tag ?? 'latest'}`
  const lookup = facts.images.get(ecrImageKey(image))
  // An image not pulled yet is expected under a pull-through cache rule: ECR fetches it on the first pull.
  const prefix = lookup?.state === 'found' ? undefined : pullThroughPrefix(facts, image)
  if (prefix) return skipped(`under the pull-through cache rule ${prefix}: ECR fetches it on its first pull`)
  return judgeLookup(
    lookup,
    failed(
      `${what} not found in repository ${image.repository}`,
      'push the image to that repository, or fix the tag in the manifest',
    ),
    () => passed(`${what} exists`),
  )
}

function imageProbe(resource: ServiceResource, index: number, image: string, context: VerifyContext): Probe {
  const path = ['taskDefinition', 'containers', index, 'image']
  const source = imageSourceOf(image)
  if ('registry' in source) {
    return settledProbe(
      resource,
      path,
      CHECK,
      image,
      skipped(`${source.registry} is not a private ECR registry: its images cannot be checked`),
    )
  }
  const ecr = source.ecr
  if (ecr.region !== context.region) {
    return settledProbe(
      resource,
      path,
      CHECK,
      image,
      skipped(`in region ${ecr.region}, not ${context.region}`),
    )
  }
  return probeAt(resource, path, {
    check: CHECK,
    resource: image,
    reads: { images: [ecr], pullThrough: [ecr.registryId] },
    judge: (facts) => judgeImage(facts, ecr),
  })
}

export const imageRule: VerifyRule = (resource, context) =>
  resource.kind === 'Service'
    ? resource.spec.taskDefinition.containers.map((c, i) => imageProbe(resource, i, c.image, context))
    : []
