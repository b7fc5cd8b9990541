/**
 * @module The account reads `verify` makes before a deploy: read-only and batched. Secret and parameter
 * values are never read (DescribeSecret and DescribeParameters only, never GetSecretValue or GetParameter).
 */

/**
 * What one read found about one resource. `unreadable` is a read that failed after the SDK's retries;
 * `denied` says it failed for want of permission, which verify reports as skipped, never as missing.
 */
export type AccountLookup<T> =
  | { readonly state: 'found'; readonly value: T }
  | { readonly state: 'missing' }
  | { readonly state: 'unreadable'; readonly denied: boolean; readonly detail: string }

/** Lookups by the key the caller asked for (a role name, a subnet id, an image key, ...). */
export type AccountLookups<T> = ReadonlyMap<string, AccountLookup<T>>

export interface RoleFacts {
  readonly arn: string
  /** The `Service` principals allowed to sts:AssumeRole by the role's trust policy. */
  readonly trustedServices: readonly string[]
}

/** An image in a private ECR registry: by tag or by digest. */
export interface EcrImageRef {
  readonly registryId: string
  readonly region: string
  readonly repository: string
  readonly tag?: string
  readonly digest?: string
}

export interface TargetGroupFacts {
  readonly targetType: string
  readonly vpcId: string | undefined
  readonly loadBalancerArns: readonly string[]
}

export interface AccountReader {
  /** IAM GetRole, one call per role name (IAM has no batch read of roles). */
  getRoles(names: readonly string[]): Promise<AccountLookups<RoleFacts>>
  /** ECR DescribeImages, one call per repository; keyed by `ecrImageKey`. */
  describeImages(images: readonly EcrImageRef[]): Promise<AccountLookups<true>>
  /** The repository prefixes of the registry's pull-through cache rules, keyed by registry id. */
  pullThroughCachePrefixes(registryIds: readonly string[]): Promise<AccountLookups<readonly string[]>>
  /** Secrets Manager DescribeSecret on each secret ARN (without a `:key:stage:version` suffix). */
  describeSecrets(arns: readonly string[]): Promise<AccountLookups<true>>
  /** SSM DescribeParameters with Name filters, batched; keyed by parameter name. */
  describeParameters(names: readonly string[]): Promise<AccountLookups<true>>
  /** CloudWatch Logs DescribeLogGroups, one call per group name used as the prefix. */
  describeLogGroups(names: readonly string[]): Promise<AccountLookups<true>>
  /** EC2 DescribeSubnets, one call for every id; the value is the subnet's VPC. */
  describeSubnets(ids: readonly string[]): Promise<AccountLookups<string>>
  /** EC2 DescribeSecurityGroups, one call for every id; the value is the group's VPC. */
  describeSecurityGroups(ids: readonly string[]): Promise<AccountLookups<string>>
  /** ELBv2 DescribeTargetGroups, batched. */
  describeTargetGroups(arns: readonly string[]): Promise<AccountLookups<TargetGroupFacts>>
  /** CloudWatch DescribeAlarms by name, batched. */
  describeAlarms(names: readonly string[]): Promise<AccountLookups<true>>
}

/** The key an image's lookup is filed under. */
export function ecrImageKey(image: EcrImageRef): string {
  const ref = image.digest ? `@${image.digest}` : `:${image.tag ?? 'latest'}`
  return `${image.registryId}.dkr.ecr.${image.region}/${image.repository}${ref}`
}
