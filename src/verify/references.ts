/**
 * @module Reads what a manifest value points at: a role name from its ARN, an ECR image from its
 * reference, a secret's own ARN, a parameter's names, an alarm's name.
 */
import type { EcrImageRef } from '../cloud/ports/index.js'

/**
 * `arn:aws:iam::123456789012:role/path/name` → `name`: GetRole takes the name without its path
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
 */
export function roleNameOf(arn: string): string | undefined {
  // A task role may be given by its short name (API_RegisterTaskDefinition taskRoleArn).
  if (/^[\w+=,.@-]{1,64}$/.test(arn)) return arn
  const match = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(arn)
  return match?.[1]
}

/** Private ECR: `ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY[:TAG][@DIGEST]`. */
const ECR_IMAGE =
  /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?::([^@]+))?(?:@(.+))?$/

export type ImageSource = { readonly ecr: EcrImageRef } | { readonly registry: string }

/**
 * An ECR image by tag or digest (a digest wins: ECS pulls it), or the registry it comes from. An image
 * without tag or digest is `latest`, as Docker resolves it.
 */
export function imageSourceOf(image: string): ImageSource {
  const match = ECR_IMAGE.exec(image)
  if (match) {
    const [, registryId = '', region = '', repository = '', tag, digest] = match
    return { ecr: { registryId, region, repository, ...(digest ? { digest } : { tag: tag ?? 'latest' }) } }
  }
  const first = image.split('/')[0] ?? ''
  // Docker's rule: the first part names a registry only if it has a dot or a port, or is localhost.
  const isRegistry = image.includes('/') && (/[.:]/.test(first) || first === 'localhost')
  return { registry: isRegistry ? first : 'Docker Hub' }
}

export type SecretSource =
  | { readonly secretArn: string; readonly region: string }
  | { readonly parameterNames: readonly string[]; readonly name: string; readonly region: string }
  | { readonly unknown: true }

/**
 * A `secrets` value: a Secrets Manager ARN, possibly with `:json-key:version-stage:version-id` after it
 * (DescribeSecret takes the secret's own ARN, the first seven parts), or an SSM parameter ARN
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html).
 */
export function secretSourceOf(valueFrom: string, ownRegion = ''): SecretSource {
  // A parameter of the task's own Region may be named instead (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html).
  if (!valueFrom.startsWith('arn:') && /^[A-Za-z0-9_.\-/]+$/.test(valueFrom)) {
    return { parameterNames: [valueFrom], name: valueFrom, region: ownRegion }
  }
  const parts = valueFrom.split(':')
  const [, , service, region = ''] = parts
  if (service === 'secretsmanager' && parts[5] === 'secret' && parts.length >= 7) {
    return { secretArn: parts.slice(0, 7).join(':'), region }
  }
  if (service === 'ssm' && parts[5]?.startsWith('parameter/')) {
    const rest = parts.slice(5).join(':').slice('parameter/'.length)
    // A hierarchical name's ARN drops its leading slash; a one-level name may have had one or not.
    const names = rest.includes('/') ? [`/${rest}`] : [rest, `/${rest}`]
    return { parameterNames: names, name: names[0] ?? rest, region }
  }
  return { unknown: true }
}

/** `arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME` → `NAME` (alarm names may hold colons). */
export function alarmNameOf(arn: string): string | undefined {
  const parts = arn.split(':')
  return parts[2] === 'cloudwatch' && parts[5] === 'alarm' && parts.length > 6
    ? parts.slice(6).join(':')
    : undefined
}
