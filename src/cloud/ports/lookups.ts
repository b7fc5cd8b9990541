/**
 * @module The reads behind `${ssm:…}`, `${cfn:…}` and an S3 Terraform state: read-only, batched where
 * the API allows, each answer found, missing or unreadable (as the account reads of `verify`).
 */
import type { AccountLookup, AccountLookups } from './account.js'

/** An SSM parameter's value as GetParameters returns it (a SecureString is never decrypted). */
export interface ParameterValue {
  readonly type: 'String' | 'StringList' | 'SecureString'
  readonly value: string
  readonly version: number
}

export interface LookupReader {
  /**
   * SSM GetParameters, 10 names a call; keyed by the name as asked: a name or an ARN, optionally
   * with `:version` or `:label`. A name in the answer's InvalidParameters is missing.
   */
  getParameters(names: readonly string[]): Promise<AccountLookups<ParameterValue>>
  /** CloudFormation DescribeStacks, one call per stack name; the value is its outputs by key. */
  describeStackOutputs(stacks: readonly string[]): Promise<AccountLookups<Readonly<Record<string, string>>>>
  /** S3 GetObject as text, following the bucket's region; a KMS-denied read says `kms:Decrypt`. */
  getObjectText(bucket: string, key: string): Promise<AccountLookup<string>>
}
