/**
 * @module AWS Secrets Manager (awsJson1_1, target prefix `secretsmanager`): CreateSecret,
 * DescribeSecret, DeleteSecret. Only metadata is kept: nothing in the emulator reads a value, so
 * GetSecretValue is not served.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
 */
import { createHash } from 'node:crypto'
import { arn, type Handler, type HandlerContext } from '../context.js'
import { AwsError } from '../errors.js'
import type { Secret } from '../account/state.js'
import { epochSeconds, optionalInt, optionalString, requireString, tagsFromList } from '../validate-input.js'

const invalidParameter = (m: string) => new AwsError('InvalidParameterException', m)
const notFound = () =>
  new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.")

/** Name: 1–512 of ASCII letters, digits and /_+=.@- (API_CreateSecret). */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/
const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/**
 * "Secrets Manager automatically adds a hyphen and six random characters after the secret name in the
 * ARN." Here the six are derived from the name (its SHA-256, in base 62), so manifests written for
 * the local cloud, such as the example shop, can name a secret's full ARN (docs/local-cloud.md).
 */
function arnSuffix(name: string): string {
  const digest = createHash('sha256').update(name).digest()
  let suffix = ''
  for (let i = 0; i < 6; i++) suffix += SUFFIX_ALPHABET[(digest[i] ?? 0) % SUFFIX_ALPHABET.length]
  return suffix
}

/** A SecretId is the full ARN, the ARN without its six-character suffix (a partial ARN), or the name. */
function findSecret(ctx: HandlerContext, secretId: string): Secret {
  const secrets = Object.values(ctx.world.secrets.secrets).filter((s) => s.arn.split(':')[3] === ctx.region)
  const secret =
    secrets.find((s) => s.arn === secretId) ??
    secrets.find((s) => s.arn.slice(0, -7) === secretId) ??
    secrets.find((s) => s.name === secretId)
  if (!secret) throw notFound()
  return secret
}

const createSecret: Handler = (input, ctx) => {
  const name = requireString(input, 'Name', invalidParameter)
  if (!SECRET_NAME.test(name)) {
    throw invalidParameter(
      'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
    )
  }
  const existing = Object.values(ctx.world.secrets.secrets).find(
    (s) => s.name === name && s.arn.split(':')[3] === ctx.region,
  )
  if (existing?.deletedAt !== undefined) {
    throw new AwsError(
      'InvalidRequestException',
      "You can't create this secret because a secret with this name is already scheduled for deletion.",
    )
  }
  if (existing) {
    throw new AwsError(
      'ResourceExistsException',
      `The operation failed because the secret ${name} already exists.`,
    )
  }
  if (input['SecretString'] !== undefined && input['SecretBinary'] !== undefined) {
    throw invalidParameter(
      "You can't specify both a binary secret value and a string secret value in the same secret.",
    )
  }
  const description = optionalString(input, 'Description', invalidParameter)
  const kmsKeyId = optionalString(input, 'KmsKeyId', invalidParameter)
  const secret: Secret = {
    arn: arn(ctx, 'secretsmanager', `secret:${name}-${arnSuffix(name)}`),
    name,
    ...(description !== undefined ? { description } : {}),
    ...(kmsKeyId !== undefined ? { kmsKeyId } : {}),
    createdAt: ctx.now,
    versionId: optionalString(input, 'ClientRequestToken', invalidParameter) ?? crypto.randomUUID(),
    hasValue: input['SecretString'] !== undefined || input['SecretBinary'] !== undefined,
    tags: tagsFromList(input['Tags'], 'Key', 'Value'),
  }
  ctx.world.secrets.secrets[secret.arn] = secret
  return { ARN: secret.arn, Name: secret.name, ...(secret.hasValue ? { VersionId: secret.versionId } : {}) }
}

const describeSecret: Handler = (input, ctx) => {
  const secret = findSecret(ctx, requireString(input, 'SecretId', invalidParameter))
  return {
    ARN: secret.arn,
    Name: secret.name,
    ...(secret.description !== undefined ? { Description: secret.description } : {}),
    ...(secret.kmsKeyId !== undefined ? { KmsKeyId: secret.kmsKeyId } : {}),
    CreatedDate: epochSeconds(secret.createdAt),
    LastChangedDate: epochSeconds(secret.createdAt),
    ...(secret.deletedAt !== undefined ? { DeletedDate: epochSeconds(secret.deletedAt) } : {}),
    Tags: Object.entries(secret.tags).map(([Key, Value]) => ({ Key, Value })),
    ...(secret.hasValue ? { VersionIdsToStages: { [secret.versionId]: ['AWSCURRENT'] } } : {}),
  }
}

/** Scheduled for deletion after a recovery window (7–30 days, default 30), or at once when forced. */
const deleteSecret: Handler = (input, ctx) => {
  const secret = findSecret(ctx, requireString(input, 'SecretId', invalidParameter))
  const force = input['ForceDeleteWithoutRecovery'] === true
  const window = optionalInt(input, 'RecoveryWindowInDays', invalidParameter, 7, 30)
  if (force && window !== undefined) {
    throw invalidParameter(
      "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    )
  }
  const deletionDate = force ? ctx.now : ctx.now + (window ?? 30) * 86_400_000
  if (force) delete ctx.world.secrets.secrets[secret.arn]
  else secret.deletedAt = ctx.now
  return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds(deletionDate) }
}

export const secretsManagerHandlers: Record<string, Handler> = {
  CreateSecret: createSecret,
  DescribeSecret: describeSecret,
  DeleteSecret: deleteSecret,
}
