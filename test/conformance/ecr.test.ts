/**
 * Amazon ECR repositories, images and pull-through cache rules, as the ECR API reference documents
 * them (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/), on the target of this run.
 */
import {
  CreatePullThroughCacheRuleCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribePullThroughCacheRulesCommand,
  PutImageCommand,
} from '@aws-sdk/client-ecr'
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { motoGap, openTarget, rejectionOf, uniqueName, type Target } from './target.js'

let t: Target
beforeAll(async () => {
  t = await openTarget()
})
afterAll(async () => {
  await t?.close()
})

/** A Docker image manifest (schema 2), unique per call so each push is a new image. */
function manifest(): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: 1000,
      digest: `sha256:${createHash('sha256').update(uniqueName('config')).digest('hex')}`,
    },
    layers: [],
  })
}

async function repository(): Promise<string> {
  const name = uniqueName('conf/repo')
  await t.account.ecr.send(new CreateRepositoryCommand({ repositoryName: name }))
  return name
}

describe('ECR repositories and images', () => {
  // API_CreateRepository.html: the Repository has its ARN, registry id and URI ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME.
  it('CreateRepository returns the repository with ARN and URI', async () => {
    const name = uniqueName('conf/repo')
    const out = await t.account.ecr.send(new CreateRepositoryCommand({ repositoryName: name }))
    expect(out.repository?.repositoryName).toBe(name)
    expect(out.repository?.repositoryArn).toMatch(
      new RegExp(`^arn:aws:ecr:${t.region}:\\d{12}:repository/${name}$`),
    )
    expect(out.repository?.repositoryUri).toBe(
      `${out.repository?.registryId}.dkr.ecr.${t.region}.amazonaws.com/${name}`,
    )
  })

  // API_CreateRepository.html: RepositoryAlreadyExistsException.
  it('a second repository of the same name is RepositoryAlreadyExistsException', async () => {
    const name = await repository()
    const err = await rejectionOf(t.account.ecr.send(new CreateRepositoryCommand({ repositoryName: name })))
    expect(err.name).toBe('RepositoryAlreadyExistsException')
  })

  // API_PutImage.html returns the image id (digest and tag); API_DescribeImages.html finds it by tag and by digest.
  it('PutImage, then DescribeImages by tag and by digest', async () => {
    const name = await repository()
    const pushed = await t.account.ecr.send(
      new PutImageCommand({ repositoryName: name, imageManifest: manifest(), imageTag: '1.0.0' }),
    )
    const digest = pushed.image?.imageId?.imageDigest
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(pushed.image?.imageId?.imageTag).toBe('1.0.0')
    const byTag = await t.account.ecr.send(
      new DescribeImagesCommand({ repositoryName: name, imageIds: [{ imageTag: '1.0.0' }] }),
    )
    expect(byTag.imageDetails?.map((d) => d.imageDigest)).toEqual([digest])
    expect(byTag.imageDetails?.[0]?.imageTags).toEqual(['1.0.0'])
    const byDigest = await t.account.ecr.send(
      new DescribeImagesCommand({ repositoryName: name, imageIds: [{ imageDigest: digest }] }),
    )
    expect(byDigest.imageDetails?.[0]?.imageTags).toEqual(['1.0.0'])
  })

  // API_DescribeImages.html: an image id that does not exist is ImageNotFoundException.
  it('DescribeImages of a tag never pushed is ImageNotFoundException', async () => {
    const name = await repository()
    await t.account.ecr.send(
      new PutImageCommand({ repositoryName: name, imageManifest: manifest(), imageTag: 'a' }),
    )
    const err = await rejectionOf(
      t.account.ecr.send(
        new DescribeImagesCommand({ repositoryName: name, imageIds: [{ imageTag: 'never' }] }),
      ),
    )
    expect(err.name).toBe('ImageNotFoundException')
  })

  // API_DescribeImages.html / API_PutImage.html: a repository that does not exist is RepositoryNotFoundException.
  it('a repository that does not exist is RepositoryNotFoundException', async () => {
    const missing = uniqueName('conf/missing')
    const err = await rejectionOf(
      t.account.ecr.send(
        new DescribeImagesCommand({ repositoryName: missing, imageIds: [{ imageTag: 'a' }] }),
      ),
    )
    expect(err.name).toBe('RepositoryNotFoundException')
  })

  motoGap(
    'PutImage to a repository that does not exist raises a plain Exception (HTTP 500)',
    'moto/ecr/models.py:697 put_image',
  )(
    'PutImage to a repository that does not exist is RepositoryNotFoundException (API_PutImage.html)',
    async () => {
      const missing = uniqueName('conf/missing')
      const push = await rejectionOf(
        t.account.ecr.send(
          new PutImageCommand({ repositoryName: missing, imageManifest: manifest(), imageTag: 'a' }),
        ),
      )
      expect(push.name).toBe('RepositoryNotFoundException')
    },
  )

  // API_PutImage.html: in a MUTABLE repository pushing a tag again moves it to the new image.
  it('pushing a tag again moves it to the new image', async () => {
    const name = await repository()
    await t.account.ecr.send(
      new PutImageCommand({ repositoryName: name, imageManifest: manifest(), imageTag: 'latest' }),
    )
    const second = await t.account.ecr.send(
      new PutImageCommand({ repositoryName: name, imageManifest: manifest(), imageTag: 'latest' }),
    )
    const out = await t.account.ecr.send(
      new DescribeImagesCommand({ repositoryName: name, imageIds: [{ imageTag: 'latest' }] }),
    )
    expect(out.imageDetails?.map((d) => d.imageDigest)).toEqual([second.image?.imageId?.imageDigest])
  })
})

describe('ECR pull-through cache rules', () => {
  const ptcGap = motoGap(
    'pull-through cache rules are not implemented',
    'moto/ecr/responses.py:10 ECRResponse has no create_pull_through_cache_rule',
  )

  // API_CreatePullThroughCacheRule.html returns the prefix and upstream URL;
  // API_DescribePullThroughCacheRules.html lists it, by prefix too.
  ptcGap('a created rule is described, by its prefix', async () => {
    const prefix = `c${uniqueName('p').replace(/-/g, '')}`.slice(0, 20)
    const made = await t.account.ecr.send(
      new CreatePullThroughCacheRuleCommand({
        ecrRepositoryPrefix: prefix,
        upstreamRegistryUrl: 'public.ecr.aws',
      }),
    )
    expect(made).toMatchObject({ ecrRepositoryPrefix: prefix, upstreamRegistryUrl: 'public.ecr.aws' })
    const all = await t.account.ecr.send(new DescribePullThroughCacheRulesCommand({}))
    expect(all.pullThroughCacheRules?.map((r) => r.ecrRepositoryPrefix)).toContain(prefix)
    const one = await t.account.ecr.send(
      new DescribePullThroughCacheRulesCommand({ ecrRepositoryPrefixes: [prefix] }),
    )
    expect(one.pullThroughCacheRules).toHaveLength(1)
    expect(one.pullThroughCacheRules?.[0]).toMatchObject({
      ecrRepositoryPrefix: prefix,
      upstreamRegistryUrl: 'public.ecr.aws',
    })
  })

  // API_CreatePullThroughCacheRule.html: PullThroughCacheRuleAlreadyExistsException.
  ptcGap('a second rule for a prefix is PullThroughCacheRuleAlreadyExistsException', async () => {
    const prefix = `d${uniqueName('p').replace(/-/g, '')}`.slice(0, 20)
    const input = { ecrRepositoryPrefix: prefix, upstreamRegistryUrl: 'public.ecr.aws' }
    await t.account.ecr.send(new CreatePullThroughCacheRuleCommand(input))
    const err = await rejectionOf(t.account.ecr.send(new CreatePullThroughCacheRuleCommand(input)))
    expect(err.name).toBe('PullThroughCacheRuleAlreadyExistsException')
  })
})
