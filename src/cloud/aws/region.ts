/**
 * @module Which AWS region to use when `--region` is not given: the AWS CLI's order, through the
 * SDK's own provider chain (shared config file, profile selection, instance metadata).
 */
import { ECSClient } from '@aws-sdk/client-ecs'
import { ReconcilerError } from '../../shared/errors.js'

export interface RegionSources {
  /** `--region`: wins over everything. */
  readonly region?: string | undefined
  /** `--profile`; else the SDK uses AWS_PROFILE, else `default`. */
  readonly profile?: string | undefined
}

const NO_REGION_HINT =
  'pass --region, set AWS_REGION (or AWS_DEFAULT_REGION), or add "region = <name>" to the profile in ~/.aws/config (AWS_CONFIG_FILE)'

/**
 * `--region`, then AWS_REGION, then AWS_DEFAULT_REGION, then the profile's `region` and finally the
 * EC2 instance metadata, as the SDK resolves them. On ECS and Fargate the task already carries
 * AWS_REGION and AWS_DEFAULT_REGION (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-environment-variables.html).
 * The JS SDK reads AWS_REGION but not AWS_DEFAULT_REGION, which the AWS CLI honours, so that one is read here.
 */
export async function resolveAwsRegion(sources: RegionSources): Promise<string> {
  const env = process.env
  const given = [sources.region, env['AWS_REGION'], env['AWS_DEFAULT_REGION']].find(
    (r) => r !== undefined && r.trim() !== '',
  )
  if (given !== undefined) return given.trim()
  // A client built without a region falls back to the SDK's chain; asking it once resolves the
  // profile's file entry (or instance metadata) exactly as every later client would.
  const probe = new ECSClient(sources.profile ? { profile: sources.profile } : {})
  try {
    const region = await probe.config.region()
    if (region.trim() !== '') return region
  } catch (err) {
    throw noRegion(sources.profile ?? env['AWS_PROFILE'], err)
  } finally {
    probe.destroy()
  }
  throw noRegion(sources.profile ?? env['AWS_PROFILE'], undefined)
}

function noRegion(profile: string | undefined, cause: unknown): ReconcilerError {
  const where = profile ? `profile "${profile}"` : 'the default profile'
  return new ReconcilerError(
    'INVALID_INPUT',
    `no AWS region configured: not in --region, AWS_REGION, AWS_DEFAULT_REGION, ${where} or instance metadata`,
    {
      hint: NO_REGION_HINT,
      ...(cause === undefined ? {} : { cause }),
    },
  )
}
